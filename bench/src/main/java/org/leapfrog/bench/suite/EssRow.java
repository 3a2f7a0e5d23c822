package org.leapfrog.bench.suite;

/**
 * One method on one workload in {@code bench ess}. ESS are over all chains (Leapfrog: the written chains' min
 * ESS times chains / written chains, as {@code sample}'s summary scales it); seconds are warmup plus sampling
 * (chains side by side, so Stan's are its slowest chain's).
 *
 * @param method          e.g. {@code leapfrog window}, {@code leapfrog chees}, {@code stan nuts}
 * @param workload        target name
 * @param device          where it ran
 * @param chains          chains
 * @param warmup          warmup iterations
 * @param draws           draws per chain
 * @param minEssBulk      min over parameters of bulk ESS, all chains
 * @param minEssTail      min over parameters of tail ESS, all chains
 * @param warmupSeconds   warmup wall time
 * @param samplingSeconds sampling wall time
 * @param gradients       gradient evaluations, warmup included
 * @param divergences     post-warmup divergences
 * @param stepSize        adapted step size
 * @param meanSteps       mean leapfrog steps per post-warmup iteration
 * @param loadAverage     the machine's one-minute load average when the run ended (NaN where unknown)
 */
public record EssRow(String method, String workload, String device, int chains, int warmup, int draws,
                     double minEssBulk, double minEssTail, double warmupSeconds, double samplingSeconds,
                     long gradients, long divergences, double stepSize, double meanSteps, double loadAverage) {

    public double seconds() {
        return warmupSeconds + samplingSeconds;
    }

    /** Min bulk ESS per second, warmup included. */
    public double bulkPerSecond() {
        return minEssBulk / seconds();
    }

    public double tailPerSecond() {
        return minEssTail / seconds();
    }

    /** Min bulk ESS per second of sampling alone. */
    public double bulkPerSamplingSecond() {
        return minEssBulk / samplingSeconds;
    }

    /** Min bulk ESS per gradient evaluation, warmup included. */
    public double bulkPerGradient() {
        return minEssBulk / gradients;
    }

    public double tailPerGradient() {
        return minEssTail / gradients;
    }
}
