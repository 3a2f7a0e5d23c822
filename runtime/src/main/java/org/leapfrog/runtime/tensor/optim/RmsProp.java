package org.leapfrog.runtime.tensor.optim;

import java.util.List;
import org.leapfrog.kernels.nn.OptimizerKernels;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * RMSProp: {@code v = rho v + (1 - rho) g^2; b = mu b + g / (sqrt(v) + eps); w -= lr b} (PyTorch's
 * arithmetic; with momentum 0 the buffer is just the scaled gradient); kernel {@link OptimizerKernels#RMSPROP}.
 */
public final class RmsProp extends Optimizer {
    private final double rho;
    private final double eps;
    private final double momentum;
    private final Tensor v;
    private final Tensor buf;

    public RmsProp(List<Tensor> params, LearningRateSchedule schedule) {
        this(params, schedule, 0.99, 1e-8, 0.0);
    }

    public RmsProp(List<Tensor> params, LearningRateSchedule schedule, double rho, double eps, double momentum) {
        super(params, schedule);
        Checks.unitInterval("rho", rho);
        Checks.positive("eps", eps);
        Checks.unitInterval("momentum", momentum);
        this.rho = rho;
        this.eps = eps;
        this.momentum = momentum;
        this.v = flatState();
        this.buf = flatState();
    }

    @Override
    protected void update(int k, Tensor w, int offset, double lr, long t) {
        int n = w.size();
        engine().kernel(OptimizerKernels.RMSPROP).update(0, w).gradient(1, w).update(2, v).update(3, buf)
                .arg(4, offset).arg(5, n).arg(6, rho).arg(7, eps).arg(8, momentum).arg(9, lr).run(n);
    }
}
