package org.leapfrog.runtime.tensor.optim;

import java.util.List;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * RMSProp: {@code v = rho v + (1 - rho) g^2; b = mu b + g / (sqrt(v) + eps); w -= lr b} (PyTorch's
 * arithmetic; with momentum 0 the buffer is just the scaled gradient).
 */
public final class RmsProp extends Optimizer {
    private final double rho;
    private final double eps;
    private final double momentum;
    private final double[][] v;
    private final double[][] buf;

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
        this.v = stateLike();
        this.buf = stateLike();
    }

    @Override
    protected void update(int k, double[] w, double[] g, double lr, long t) {
        double[] vk = v[k];
        double[] bk = buf[k];
        for (int i = 0; i < w.length; i++) {
            vk[i] = rho * vk[i] + (1 - rho) * g[i] * g[i];
            bk[i] = momentum * bk[i] + g[i] / (Math.sqrt(vk[i]) + eps);
            w[i] -= lr * bk[i];
        }
    }
}
