package org.leapfrog.spark;

import java.io.Serializable;

/**
 * How each problem of a many-posterior job is sampled: {@code chains} chains, Stan's window adaptation
 * (shared step size, {@code metric} unit/diag/dense) over {@code warmup} iterations, then {@code draws} draws
 * of HMC with {@code steps} leapfrog steps and step-size jitter. Every problem uses the same seed (its
 * chains are chains 0 .. chains-1 of that seed), so a problem's result depends on its data alone, not on
 * partitioning, executor or retries. Backend: java (the default; many small problems fill the cores as
 * parallel tasks), auto or opencl.
 */
public record PosteriorSettings(int chains, int warmup, int draws, int steps, double initialStepSize, long seed,
                                String metric, double jitter, String backend, int javaThreadsPerTask)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public PosteriorSettings {
        if (chains < 2) {
            throw new IllegalArgumentException("--chains: " + chains + "; allowed: 2 or more per problem (R-hat needs them)");
        }
        if (warmup < 20) {
            throw new IllegalArgumentException("--warmup: " + warmup + "; allowed: 20 or more (window adaptation)");
        }
        if (draws < 4) {
            throw new IllegalArgumentException("--draws: " + draws + "; allowed: 4 or more");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("--steps: " + steps + "; allowed: 1 or more");
        }
        if (!(initialStepSize > 0) || !Double.isFinite(initialStepSize)) {
            throw new IllegalArgumentException("--step-size: " + initialStepSize + "; allowed: a finite number > 0");
        }
        if (!metric.equals("unit") && !metric.equals("diag") && !metric.equals("dense")) {
            throw new IllegalArgumentException("--metric: '" + metric + "'; allowed: unit, diag, dense");
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("--jitter: " + jitter + "; allowed: 0 <= jitter < 1");
        }
        if (!backend.equals("java") && !backend.equals("auto") && !backend.equals("opencl")) {
            throw new IllegalArgumentException("--backend: '" + backend + "'; allowed: java, auto, opencl");
        }
        if (javaThreadsPerTask < 1) {
            throw new IllegalArgumentException("javaThreadsPerTask: " + javaThreadsPerTask + "; allowed: 1 or more");
        }
    }

    /** Small defaults for many small problems: 4 chains, 200 warmup, 200 draws, 10 steps, diag metric. */
    public static PosteriorSettings defaults() {
        return new PosteriorSettings(4, 200, 200, 10, 0.1, 20181203L, "diag", 0.5, "java", 1);
    }
}
