package org.leapfrog.runtime.tensor.optim;

import java.util.List;
import org.leapfrog.runtime.tensor.Tensor;

/** Adamax (Kingma and Ba): Adam with the infinity norm, {@code u = max(b2 u, |g| + eps); w -= lr/(1-b1^t) m/u}. */
public final class Adamax extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double[][] m;
    private final double[][] u;

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
        this.m = stateLike();
        this.u = stateLike();
    }

    @Override
    protected void update(int k, double[] w, double[] g, double lr, long t) {
        double stepSize = lr / (1.0 - Math.pow(beta1, t));
        double[] mk = m[k];
        double[] uk = u[k];
        for (int i = 0; i < w.length; i++) {
            mk[i] = beta1 * mk[i] + (1 - beta1) * g[i];
            uk[i] = Math.max(beta2 * uk[i], Math.abs(g[i]) + eps);
            w[i] -= stepSize * mk[i] / uk[i];
        }
    }
}
