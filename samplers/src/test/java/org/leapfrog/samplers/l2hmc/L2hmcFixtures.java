package org.leapfrog.samplers.l2hmc;

import java.util.SplittableRandom;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.samplers.target.DenseGaussian;
import org.leapfrog.samplers.target.DiagonalGaussian;
import org.leapfrog.samplers.target.GaussianMixture;
import org.leapfrog.samplers.target.RoughWell;
import org.leapfrog.samplers.target.Target;

/** Shared fixtures of the L2HMC tests: perturbed models, exact draws of the paper's targets, start states. */
final class L2hmcFixtures {
    private L2hmcFixtures() {
    }

    /**
     * An untrained model whose S, Q and T are far from 0: output weights and log-scales drawn with scale
     * {@code strength} (the initial model's outputs are ~1e-3, which would test little).
     */
    static L2hmcModel perturbed(String target, int dim, int steps, int hidden, double eps, double strength, long seed) {
        L2hmcModel m = L2hmcModel.initial(target, dim, steps, hidden, eps, seed);
        double[] w = m.weights();
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        L2hmcModel.Layout l = m.layout();
        int in = 2 * dim + 2;
        for (int base : new int[] {l.xBase(), l.vBase()}) {
            int w2 = base + in * hidden + hidden + hidden * hidden + hidden;
            for (int k = 0; k < hidden * 3 * dim + 3 * dim; k++) {
                w[w2 + k] = strength * rng.nextGaussian() / Math.sqrt(hidden);
            }
            // nonzero hidden biases: with zero ones a unit whose inputs are all 0 sits exactly on ReLU's kink
            int b0 = base + in * hidden;
            int b1 = b0 + hidden + hidden * hidden;
            for (int k = 0; k < hidden; k++) {
                w[b0 + k] = 0.1 * rng.nextGaussian();
                w[b1 + k] = 0.1 * rng.nextGaussian();
            }
        }
        for (int scales : new int[] {l.xScales(), l.vScales()}) {
            for (int k = 0; k < 2 * dim; k++) {
                w[scales + k] = 0.3 * rng.nextGaussian();
            }
        }
        return m.withWeights(w);
    }

    /** n exact draws (chain-minor) of ICG, SCG, MoG or the Rough Well, from Philox streams of {@code seed}. */
    static double[] exactDraws(Target t, int n, long seed) {
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
            } else if (t instanceof GaussianMixture) {
                // mog2: means (+-2, 0), variance 0.1, equal weights
                double u = RandomStream.uniform(seed, c, 1, RandomStream.PURPOSE_USER, words);
                x[c] = (u < 0.5 ? -2.0 : 2.0) + Math.sqrt(0.1) * z[0];
                x[n + c] = Math.sqrt(0.1) * z[1];
            } else if (t instanceof RoughWell) {
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
                throw new IllegalArgumentException("no exact draws for " + t.name());
            }
        }
        return x;
    }
}
