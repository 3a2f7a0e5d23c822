package org.leapfrog.runtime.tensor.optim;

/** The learning rate at optimizer step {@code step} (0 for the first update). */
@FunctionalInterface
public interface LearningRateSchedule {
    double rate(long step);

    static LearningRateSchedule constant(double rate) {
        Checks.positive("rate", rate);
        return step -> rate;
    }

    /**
     * {@code initial * decayRate^(step / decaySteps)}; with {@code staircase} the exponent is rounded down, so
     * the rate drops once every {@code decaySteps} steps (as in the L2HMC reference training).
     */
    static LearningRateSchedule exponentialDecay(double initial, long decaySteps, double decayRate, boolean staircase) {
        Checks.positive("initial", initial);
        if (decaySteps < 1) {
            throw new IllegalArgumentException("decaySteps: " + decaySteps + "; allowed: 1 or more");
        }
        Checks.positive("decayRate", decayRate);
        return step -> {
            double e = staircase ? Math.floorDiv(step, decaySteps) : (double) step / decaySteps;
            return initial * Math.pow(decayRate, e);
        };
    }

    /**
     * Linear warm-up from {@code peak / warmupSteps} to {@code peak} over the first {@code warmupSteps} steps,
     * then a half cosine from {@code peak} down to {@code floor} at step {@code totalSteps}, constant after.
     */
    static LearningRateSchedule cosineWithWarmup(double peak, long warmupSteps, long totalSteps, double floor) {
        Checks.positive("peak", peak);
        if (warmupSteps < 0 || warmupSteps >= totalSteps) {
            throw new IllegalArgumentException("warmupSteps: " + warmupSteps + "; allowed: 0 <= warmupSteps < totalSteps ("
                    + totalSteps + ")");
        }
        if (!(floor >= 0 && floor <= peak)) {
            throw new IllegalArgumentException("floor: " + floor + "; allowed: 0 <= floor <= peak (" + peak + ")");
        }
        return step -> {
            if (step < warmupSteps) {
                return peak * (step + 1) / warmupSteps;
            }
            double progress = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
            return floor + (peak - floor) * 0.5 * (1.0 + Math.cos(Math.PI * progress));
        };
    }
}
