package org.leapfrog.runtime.tensor.optim;

import java.util.List;
import org.leapfrog.kernels.nn.OptimizerKernels;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * Adam (Kingma and Ba) with bias correction and the AMSGrad option (the running maximum of the second
 * moment is used in the denominator). Update: {@code w -= lr / (1 - b1^t) * m / (sqrt(v / (1 - b2^t)) + eps)},
 * the same arithmetic as PyTorch's {@code torch.optim.Adam}; kernel {@link OptimizerKernels#ADAM}.
 */
public final class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean amsgrad;
    private final Tensor m;
    private final Tensor v;
    private final Tensor vMax;

    public Adam(List<Tensor> params, LearningRateSchedule schedule) {
        this(params, schedule, 0.9, 0.999, 1e-8, false);
    }

    public Adam(List<Tensor> params, LearningRateSchedule schedule, double beta1, double beta2, double eps, boolean amsgrad) {
        super(params, schedule);
        Checks.unitInterval("beta1", beta1);
        Checks.unitInterval("beta2", beta2);
        Checks.positive("eps", eps);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.amsgrad = amsgrad;
        this.m = flatState();
        this.v = flatState();
        this.vMax = amsgrad ? flatState() : v;
    }

    @Override
    protected void update(int k, Tensor w, int offset, double lr, long t) {
        double bc1 = 1.0 - Math.pow(beta1, t);
        double sqrtBc2 = Math.sqrt(1.0 - Math.pow(beta2, t));
        double stepSize = lr / bc1;
        int n = w.size();
        engine().kernel(OptimizerKernels.ADAM).update(0, w).gradient(1, w).update(2, m).update(3, v).update(4, vMax)
                .arg(5, offset).arg(6, n).arg(7, beta1).arg(8, beta2).arg(9, stepSize).arg(10, sqrtBc2).arg(11, eps)
                .arg(12, amsgrad ? 1 : 0).run(n);
    }

    /** First moments, second moments and (with AMSGrad) their running maximum. */
    @Override
    public java.util.List<Tensor> state() {
        return amsgrad ? java.util.List.of(m, v, vMax) : java.util.List.of(m, v);
    }
}
