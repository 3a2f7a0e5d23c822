package org.leapfrog.samplers.run;

/** Told after every iteration of a run; must be cheap (the CLI's progress bar throttles its own output). */
@FunctionalInterface
public interface ProgressListener {
    /**
     * @param iterationsDone iterations completed, counting from the run's first iteration
     * @param totalIterations iterations the run will do
     * @param acceptanceRate mean acceptance probability over chains and the iterations done so far
     */
    void progress(long iterationsDone, long totalIterations, double acceptanceRate);

    ProgressListener NONE = (d, t, a) -> { };
}
