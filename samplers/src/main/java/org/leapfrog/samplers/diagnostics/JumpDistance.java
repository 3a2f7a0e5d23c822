package org.leapfrog.samplers.diagnostics;

/** Expected squared jump distance: the mean over chains and transitions of ||x_{t+1} - x_t||^2. */
public final class JumpDistance {
    private JumpDistance() {}

    public static double expectedSquared(StepSamples samples) {
        if (samples.steps() < 2) {
            throw new IllegalArgumentException("samples.steps = " + samples.steps()
                    + "; need >= 2 steps for a jump");
        }
        int stride = samples.chains() * samples.dimension();
        double[] v = samples.values();
        double sum = 0;
        for (int t = 1; t < samples.steps(); t++) {
            int now = t * stride;
            int before = now - stride;
            for (int i = 0; i < stride; i++) {
                double d = v[now + i] - v[before + i];
                sum += d * d;
            }
        }
        return sum / ((double) (samples.steps() - 1) * samples.chains());
    }
}
