package org.leapfrog.samplers.l2hmc;

import org.leapfrog.kernels.RandomStream;
import org.leapfrog.samplers.target.DenseGaussian;
import org.leapfrog.samplers.target.DiagonalGaussian;
import org.leapfrog.samplers.target.GaussianMixture;
import org.leapfrog.samplers.target.RoughWell;
import org.leapfrog.samplers.target.Target;

/**
 * Exact draws of the L2HMC paper's targets (ICG, SCG in both variants, the 2-d MoG, the Rough Well with
 * eta = 0.01), for invariance tests and for starting benchmark chains at stationarity (the paper's ESS
 * estimator, normalised by the true variance, rewards chains that have not spread out yet).
 */
public final class ExactDraws {
    private ExactDraws() {
    }

    /** n exact draws (chain-minor) from Philox streams of {@code seed}; other targets are refused. */
    public static double[] of(Target t, int n, long seed) {
        int dim = t.dimension();
        double[] x = new double[dim * n];
        int[] words = new int[4];
        double[] z = new double[4 * ((dim + 3) / 4 + 2)];
        for (int c = 0; c < n; c++) {
            for (int b = 0; b < z.length / 4; b++) {
                RandomStream.normals(seed, c, 0, RandomStream.PURPOSE_USER, b, words, z, 4 * b, 4);
            }
            if (t instanceof DiagonalGaussian g) {
                double[] var = g.variances();
                for (int d = 0; d < dim; d++) {
                    x[d * n + c] = Math.sqrt(var[d]) * z[d];
                }
            } else if (t instanceof DenseGaussian g) {
                // variances `large` along (1, -1) and `small` along (1, 1): read them back from the covariance
                double[] cov = g.moments().orElseThrow().covariance();
                double large = cov[0] - cov[1];
                double small = cov[0] + cov[1];
                double a = Math.sqrt(large) * z[0] / Math.sqrt(2);
                double b = Math.sqrt(small) * z[1] / Math.sqrt(2);
                x[c] = a + b;
                x[n + c] = -a + b;
            } else if (t instanceof GaussianMixture && t.name().equals("mog")) {
                // mog2: means (+-2, 0), variance 0.1, equal weights
                double u = RandomStream.uniform(seed, c, 1, RandomStream.PURPOSE_USER, words);
                x[c] = (u < 0.5 ? -2.0 : 2.0) + Math.sqrt(0.1) * z[0];
                x[n + c] = Math.sqrt(0.1) * z[1];
            } else if (t instanceof RoughWell && t.name().equals("roughwell")) {
                // exp(-|x|^2/2 - eta cos(x/eta)) per coordinate: N(0, 1) proposals accepted with
                // exp(-eta (cos(x/eta) + 1)) >= exp(-2 eta)
                double eta = 1e-2;
                for (int d = 0; d < dim; d++) {
                    int attempt = 0;
                    while (true) {
                        double[] pair = new double[4];
                        RandomStream.normals(seed, c, 2 + attempt, RandomStream.PURPOSE_USER + 1 + d, 0, words, pair, 0, 4);
                        double u = RandomStream.uniform(seed, c, 2 + attempt, RandomStream.PURPOSE_USER + 100 + d, words);
                        attempt++;
                        if (u < Math.exp(-eta * (Math.cos(pair[0] / eta) + 1.0))) {
                            x[d * n + c] = pair[0];
                            break;
                        }
                    }
                }
            } else {
                throw new IllegalArgumentException("target: '" + t.name() + "' has no exact sampler here; allowed: icg50, "
                        + "scg, scg-paper, mog, roughwell (eta 0.01)");
            }
        }
        return x;
    }
}
