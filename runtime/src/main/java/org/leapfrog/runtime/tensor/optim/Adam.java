package org.leapfrog.runtime.tensor.optim;

import java.util.List;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * Adam (Kingma and Ba) with bias correction and the AMSGrad option (the running maximum of the second
 * moment is used in the denominator). Update: {@code w -= lr / (1 - b1^t) * m / (sqrt(v / (1 - b2^t)) + eps)},
 * the same arithmetic as PyTorch's {@code torch.optim.Adam}.
 */
public final class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean amsgrad;
    private final double[][] m;
    private final double[][] v;
    private final double[][] vMax;

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
        this.m = stateLike();
        this.v = stateLike();
        this.vMax = amsgrad ? stateLike() : null;
    }

    @Override
    protected void update(int k, double[] w, double[] g, double lr, long t) {
        double bc1 = 1.0 - Math.pow(beta1, t);
        double sqrtBc2 = Math.sqrt(1.0 - Math.pow(beta2, t));
        double stepSize = lr / bc1;
        double[] mk = m[k];
        double[] vk = v[k];
        double[] vmk = amsgrad ? vMax[k] : vk;
        for (int i = 0; i < w.length; i++) {
            mk[i] = beta1 * mk[i] + (1 - beta1) * g[i];
            vk[i] = beta2 * vk[i] + (1 - beta2) * g[i] * g[i];
            if (amsgrad) {
                vmk[i] = Math.max(vmk[i], vk[i]);
            }
            w[i] -= stepSize * mk[i] / (Math.sqrt(vmk[i]) / sqrtBc2 + eps);
        }
    }
}
