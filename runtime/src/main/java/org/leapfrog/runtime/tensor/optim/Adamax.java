package org.leapfrog.runtime.tensor.optim;

import java.util.List;
import org.leapfrog.kernels.nn.OptimizerKernels;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * Adamax (Kingma and Ba): Adam with the infinity norm, {@code u = max(b2 u, |g| + eps); w -= lr/(1-b1^t) m/u};
 * kernel {@link OptimizerKernels#ADAMAX}.
 */
public final class Adamax extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final Tensor m;
    private final Tensor u;

    public Adamax(List<Tensor> params, LearningRateSchedule schedule) {
        this(params, schedule, 0.9, 0.999, 1e-8);
    }

    public Adamax(List<Tensor> params, LearningRateSchedule schedule, double beta1, double beta2, double eps) {
        super(params, schedule);
        Checks.unitInterval("beta1", beta1);
        Checks.unitInterval("beta2", beta2);
        Checks.positive("eps", eps);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.m = flatState();
        this.u = flatState();
    }

    @Override
    protected void update(int k, Tensor w, int offset, double lr, long t) {
        double stepSize = lr / (1.0 - Math.pow(beta1, t));
        int n = w.size();
        engine().kernel(OptimizerKernels.ADAMAX).update(0, w).gradient(1, w).update(2, m).update(3, u)
                .arg(4, offset).arg(5, n).arg(6, beta1).arg(7, beta2).arg(8, stepSize).arg(9, eps).run(n);
    }

    /** The first moments m and the infinity norms u. */
    @Override
    public List<Tensor> state() {
        return List.of(m, u);
    }
}
