package org.leapfrog.samplers.diagnostics;

/**
 * Normalisations of an effective sample size by cost. The caller supplies the cost: MH steps per chain,
 * gradient evaluations counted exactly by the sampler (every call, including those of rejected proposals and
 * initialisation), and wall time of sampling only (no compilation, warm-up or output).
 */
public final class Efficiency {
    private Efficiency() {}

    /** ESS per MH step (per chain step; for one chain's ESS pass that chain's steps). */
    public static double perStep(double ess, long steps) {
        return ess / positive("steps", steps);
    }

    /** ESS per gradient evaluation of the log density. */
    public static double perGradient(double ess, long gradientEvaluations) {
        return ess / positive("gradientEvaluations", gradientEvaluations);
    }

    /** ESS per second of sampling wall time. */
    public static double perSecond(double ess, double seconds) {
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("seconds = " + seconds + "; must be finite and > 0");
        }
        return ess / seconds;
    }

    /** Seconds from two {@link System#nanoTime()} readings. */
    public static double seconds(long startNanos, long endNanos) {
        if (endNanos <= startNanos) {
            throw new IllegalArgumentException("endNanos = " + endNanos + " must be after startNanos = " + startNanos);
        }
        return (endNanos - startNanos) * 1e-9;
    }

    private static double positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " = " + value + "; must be >= 1");
        }
        return value;
    }
}
