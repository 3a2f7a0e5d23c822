package org.leapfrog.samplers.neural;

import org.leapfrog.kernels.RandomStream;
import org.leapfrog.runtime.Backend;
import org.leapfrog.samplers.adapt.TunedParameters;
import org.leapfrog.samplers.adapt.WindowAdaptation;
import org.leapfrog.samplers.adapt.WindowAdaptationSettings;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.Target;

/**
 * Burned-in start states for the coupling sampler. A trained proposal is tuned to the typical set and may
 * barely move from far outside it, so chains (and the training buffer) start where an HMC warmup with Stan's
 * window adaptation (10 leapfrog steps, diagonal metric, one shared step size) ends, from Stan-style uniform
 * starts in (-2, 2).
 */
public final class NeuralWarmup {
    private NeuralWarmup() {
    }

    /** End states (chain-minor) of {@code iterations} HMC warmup iterations of {@code chains} chains. */
    public static double[] hmcStates(Backend backend, Target target, int chains, int iterations, double initialStepSize,
                                     long seed) {
        return hmc(backend, target, chains, iterations, initialStepSize, seed).positions();
    }

    /** The warmup's tuned parameters and end states. */
    public static TunedParameters hmc(Backend backend, Target target, int chains, int iterations,
                                      double initialStepSize, long seed) {
        if (iterations < 20) {
            throw new IllegalArgumentException("iterations: " + iterations + "; allowed: 20 or more (window adaptation)");
        }
        WindowAdaptationSettings ws = WindowAdaptationSettings.stan(iterations, 10, Metric.Kind.DIAGONAL,
                WindowAdaptationSettings.Mode.SHARED).withInitialStepSize(initialStepSize);
        return new WindowAdaptation(backend, target, ws).run(uniformStarts(seed, chains, target.dimension()), chains, seed);
    }

    /** Every coordinate uniform in (-2, 2), from the Philox stream (seed, chain, 0, INIT). */
    public static double[] uniformStarts(long seed, int chains, int dimension) {
        double[] x = new double[dimension * chains];
        int[] w = new int[4];
        for (int c = 0; c < chains; c++) {
            for (int d = 0; d < dimension; d += 4) {
                RandomStream.words(seed, c, 0, RandomStream.PURPOSE_INIT, d / 4, w);
                for (int k = 0; k < 4 && d + k < dimension; k++) {
                    x[(d + k) * chains + c] = -2.0 + 4.0 * RandomStream.uniform(w[k]);
                }
            }
        }
        return x;
    }
}
