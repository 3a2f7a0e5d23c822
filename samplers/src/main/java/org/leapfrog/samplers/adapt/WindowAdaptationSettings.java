package org.leapfrog.samplers.adapt;

import org.leapfrog.samplers.metric.Metric;

/**
 * Settings of Stan-style window adaptation.
 *
 * @param numWarmup           warmup iterations
 * @param numIntegrationSteps leapfrog steps per iteration (1: MALA)
 * @param metricKind          UNIT (step size only), DIAGONAL or DENSE
 * @param mode                PER_CHAIN or SHARED step sizes
 * @param targetAcceptance    dual-averaging target (Stan: 0.8)
 * @param gamma               dual-averaging gamma (0.05)
 * @param kappa               dual-averaging kappa (0.75)
 * @param t0                  dual-averaging t0 (10)
 * @param initBuffer          fast initial buffer (75)
 * @param baseWindow          first slow window (25)
 * @param termBuffer          fast terminal buffer (50)
 * @param initialStepSize     start of the step-size search (Stan: 1)
 */
public record WindowAdaptationSettings(int numWarmup, int numIntegrationSteps, Metric.Kind metricKind, Mode mode,
                                       double targetAcceptance, double gamma, double kappa, double t0,
                                       int initBuffer, int baseWindow, int termBuffer, double initialStepSize) {
    /**
     * PER_CHAIN: every chain runs its own dual averaging and keeps its own step size; SHARED: one step size from
     * the batch's mean acceptance. Either way the metric is estimated from the draws pooled over the batch: the
     * fused kernel holds one metric for all chains.
     */
    public enum Mode { PER_CHAIN, SHARED }

    public WindowAdaptationSettings {
        if (numWarmup < 1) {
            throw new IllegalArgumentException("numWarmup: " + numWarmup + "; allowed: 1 or more");
        }
        if (numIntegrationSteps < 1) {
            throw new IllegalArgumentException("numIntegrationSteps: " + numIntegrationSteps + "; allowed: 1 or more");
        }
        if (metricKind == null || mode == null) {
            throw new IllegalArgumentException("metricKind/mode: null; allowed: a Metric.Kind and a Mode");
        }
        if (!(initialStepSize > 0) || !Double.isFinite(initialStepSize)) {
            throw new IllegalArgumentException("initialStepSize: " + initialStepSize + "; allowed: finite and > 0");
        }
        // The remaining values are checked by DualAveraging and WindowSchedule.
        new DualAveraging(1, targetAcceptance, gamma, kappa, t0);
        new WindowSchedule(numWarmup, initBuffer, baseWindow, termBuffer);
    }

    /** Stan's defaults for the given warmup length, steps, metric and mode. */
    public static WindowAdaptationSettings stan(int numWarmup, int numIntegrationSteps, Metric.Kind metricKind,
                                                Mode mode) {
        return new WindowAdaptationSettings(numWarmup, numIntegrationSteps, metricKind, mode, 0.8, 0.05, 0.75, 10,
                75, 25, 50, 1.0);
    }

    /** The same settings with another starting step size for the search. */
    public WindowAdaptationSettings withInitialStepSize(double eps) {
        return new WindowAdaptationSettings(numWarmup, numIntegrationSteps, metricKind, mode, targetAcceptance, gamma,
                kappa, t0, initBuffer, baseWindow, termBuffer, eps);
    }

    public WindowAdaptationSettings withTargetAcceptance(double delta) {
        return new WindowAdaptationSettings(numWarmup, numIntegrationSteps, metricKind, mode, delta, gamma, kappa, t0,
                initBuffer, baseWindow, termBuffer, initialStepSize);
    }

    WindowSchedule schedule() {
        return new WindowSchedule(numWarmup, initBuffer, baseWindow, termBuffer);
    }
}
