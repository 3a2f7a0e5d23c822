package org.leapfrog.runtime.tensor.optim;

import java.util.List;
import org.leapfrog.runtime.tensor.Tensor;

/** Rescales accumulated gradients in place. */
public final class GradientClipping {
    private GradientClipping() {
    }

    /**
     * If the global L2 norm of all accumulated gradients exceeds {@code maxNorm}, scales them all by
     * {@code maxNorm / norm}. Returns the norm before clipping (useful to log divergence of training).
     */
    public static double clipByGlobalNorm(List<Tensor> params, double maxNorm) {
        Checks.positive("maxNorm", maxNorm);
        double ss = 0;
        for (Tensor p : params) {
            for (double g : p.accumulatedGrad()) {
                ss += g * g;
            }
        }
        double norm = Math.sqrt(ss);
        if (norm > maxNorm) {
            double scale = maxNorm / norm;
            for (Tensor p : params) {
                double[] g = p.accumulatedGrad();
                for (int i = 0; i < g.length; i++) {
                    g[i] *= scale;
                }
            }
        }
        return norm;
    }
}
