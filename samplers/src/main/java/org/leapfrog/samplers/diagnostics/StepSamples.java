package org.leapfrog.samplers.diagnostics;

/**
 * Positions of every chain at consecutive sampler steps, step-major and chain-minor: coordinate d of chain c at
 * step t is {@code values[(t * dimension + d) * chains + c]}, i.e. the {@code DrawBatch.position} arrays of
 * successive steps laid end to end. Input of the papers' estimators ({@link PaperEss}) and of
 * {@link JumpDistance}. The array is not copied.
 */
public record StepSamples(int steps, int chains, int dimension, double[] values) {
    public StepSamples {
        if (steps < 1 || chains < 1 || dimension < 1) {
            throw new IllegalArgumentException("steps = " + steps + ", chains = " + chains + ", dimension = "
                    + dimension + "; each must be >= 1");
        }
        if (values == null || (long) steps * chains * dimension != values.length) {
            throw new IllegalArgumentException("values has length " + (values == null ? "null" : values.length)
                    + "; must be steps * chains * dimension = " + ((long) steps * chains * dimension));
        }
    }

    public double get(int step, int chain, int coordinate) {
        return values[(step * dimension + coordinate) * chains + chain];
    }

    /** The steps from {@code fromStep} (inclusive) on, copied, e.g. to drop burn-in as the papers do. */
    public StepSamples fromStep(int fromStep) {
        if (fromStep < 0 || fromStep >= steps) {
            throw new IllegalArgumentException("fromStep = " + fromStep + "; must be in [0, steps = " + steps + ")");
        }
        int stride = chains * dimension;
        double[] out = java.util.Arrays.copyOfRange(values, fromStep * stride, steps * stride);
        return new StepSamples(steps - fromStep, chains, dimension, out);
    }
}
