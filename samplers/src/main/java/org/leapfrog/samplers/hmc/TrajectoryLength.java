package org.leapfrog.samplers.hmc;

/**
 * A jittered trajectory length shared by all chains: iteration t takes
 * {@code L_t = min(maxSteps, max(1, ceil(u_t * length / stepSize)))} leapfrog steps, u_t from {@link TrajectoryJitter}.
 * A pure function of the iteration, so the draws do not depend on where a run was resumed.
 *
 * @param length    trajectory length T (integration time), > 0
 * @param stepSize  the leapfrog step size it is divided by, > 0
 * @param jitter    how u_t is drawn
 * @param maxSteps  cap on L_t, >= 1
 * @param seed      seed of the uniform jitter (unused by Halton)
 */
public record TrajectoryLength(double length, double stepSize, TrajectoryJitter jitter, int maxSteps, long seed) {
    public TrajectoryLength {
        if (!(length > 0) || !Double.isFinite(length)) {
            throw new IllegalArgumentException("trajectory length: " + length + "; allowed: finite and > 0");
        }
        if (!(stepSize > 0) || !Double.isFinite(stepSize)) {
            throw new IllegalArgumentException("stepSize: " + stepSize + "; allowed: finite and > 0");
        }
        if (jitter == null) {
            throw new IllegalArgumentException("jitter: null; allowed: HALTON or UNIFORM");
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps: " + maxSteps + "; allowed: 1 or more");
        }
    }

    /** Leapfrog steps of this iteration. */
    public int steps(int iteration) {
        return steps(jitter.fraction(seed, iteration), length, stepSize, maxSteps);
    }

    /** ceil(u T / eps), kept within [1, maxSteps]. */
    public static int steps(double u, double length, double stepSize, int maxSteps) {
        double l = Math.ceil(u * length / stepSize);
        return l >= maxSteps ? maxSteps : (l >= 1 ? (int) l : 1);
    }

    /** The mean number of leapfrog steps per iteration over iterations [from, to), for reports. */
    public double meanSteps(int from, int to) {
        long sum = 0;
        for (int t = from; t < to; t++) {
            sum += steps(t);
        }
        return to > from ? (double) sum / (to - from) : Double.NaN;
    }
}
