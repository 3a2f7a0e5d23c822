package org.leapfrog.samplers.adapt;

import org.leapfrog.samplers.hmc.TrajectoryJitter;
import org.leapfrog.samplers.metric.Metric;

/**
 * Settings of {@link CheesAdaptation}. {@link #paper} gives Hoffman, Radul and Sountsov's (2021) values: harmonic-mean
 * acceptance target 0.651, Adam without momentum (beta2 = 0.95) on log T with learning rate 0.025, updates of
 * log T clipped to +-0.35, Halton jitter, at most 1000 leapfrog steps; dual averaging with Stan's constants.
 *
 * @param numWarmup         adaptation iterations, >= 1
 * @param initialStepSize   step size to start from, > 0 (dual averaging shrinks toward log(10 * it))
 * @param initialSteps      initial trajectory length in steps: T_0 = initialSteps * initialStepSize, >= 1
 * @param metricKind        UNIT or DIAGONAL (the diagonal is re-estimated from the chains' cross-sectional
 *                          variance every iteration)
 * @param targetAcceptance  target of the harmonic mean of the chains' acceptance probabilities, in (0, 1)
 * @param learningRate      Adam's learning rate on log T, > 0
 * @param beta2             Adam's second-moment decay, in (0, 1)
 * @param maxLeapfrogSteps  cap on the steps of one trajectory, >= 1
 * @param jitter            how trajectory lengths are jittered
 * @param gamma             dual averaging's gamma
 * @param kappa             dual averaging's kappa
 * @param t0                dual averaging's t0
 */
public record CheesSettings(int numWarmup, double initialStepSize, int initialSteps, Metric.Kind metricKind,
                            double targetAcceptance, double learningRate, double beta2, int maxLeapfrogSteps,
                            TrajectoryJitter jitter, double gamma, double kappa, double t0) {
    public CheesSettings {
        if (numWarmup < 1) {
            throw new IllegalArgumentException("numWarmup: " + numWarmup + "; allowed: 1 or more");
        }
        if (!(initialStepSize > 0) || !Double.isFinite(initialStepSize)) {
            throw new IllegalArgumentException("initialStepSize: " + initialStepSize + "; allowed: finite and > 0");
        }
        if (initialSteps < 1) {
            throw new IllegalArgumentException("initialSteps: " + initialSteps + "; allowed: 1 or more");
        }
        if (metricKind != Metric.Kind.UNIT && metricKind != Metric.Kind.DIAGONAL) {
            throw new IllegalArgumentException("metricKind: " + metricKind + "; allowed: UNIT or DIAGONAL (ChEES "
                    + "estimates a diagonal metric from the chains' cross-sectional variance)");
        }
        if (!(targetAcceptance > 0 && targetAcceptance < 1)) {
            throw new IllegalArgumentException("targetAcceptance: " + targetAcceptance + "; allowed: in (0, 1)");
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate: " + learningRate + "; allowed: finite and > 0");
        }
        if (!(beta2 > 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2: " + beta2 + "; allowed: in (0, 1)");
        }
        if (maxLeapfrogSteps < 1) {
            throw new IllegalArgumentException("maxLeapfrogSteps: " + maxLeapfrogSteps + "; allowed: 1 or more");
        }
        if (jitter == null) {
            throw new IllegalArgumentException("jitter: null; allowed: HALTON or UNIFORM");
        }
    }

    /** The paper's settings with a diagonal metric. */
    public static CheesSettings paper(int numWarmup, double initialStepSize, int initialSteps) {
        return new CheesSettings(numWarmup, initialStepSize, initialSteps, Metric.Kind.DIAGONAL, 0.651, 0.025, 0.95,
                1000, TrajectoryJitter.HALTON, 0.05, 0.75, 10);
    }

    public CheesSettings withMetricKind(Metric.Kind kind) {
        return new CheesSettings(numWarmup, initialStepSize, initialSteps, kind, targetAcceptance, learningRate, beta2,
                maxLeapfrogSteps, jitter, gamma, kappa, t0);
    }

    public CheesSettings withJitter(TrajectoryJitter j) {
        return new CheesSettings(numWarmup, initialStepSize, initialSteps, metricKind, targetAcceptance, learningRate,
                beta2, maxLeapfrogSteps, j, gamma, kappa, t0);
    }

    public CheesSettings withMaxLeapfrogSteps(int max) {
        return new CheesSettings(numWarmup, initialStepSize, initialSteps, metricKind, targetAcceptance, learningRate,
                beta2, max, jitter, gamma, kappa, t0);
    }
}
