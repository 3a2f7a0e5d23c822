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
        return ExactDraws.of(t, n, seed);
    }
}
