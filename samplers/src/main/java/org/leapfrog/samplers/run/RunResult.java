package org.leapfrog.samplers.run;

/**
 * What a run did.
 *
 * @param iterations          iterations run (warmup included)
 * @param drawsKept           draws delivered to the sink
 * @param gradientEvaluations gradient evaluations by the sampler over all chains, its initialisation included
 * @param samplingSeconds     wall time of the iterations after warmup (what ESS per second divides by)
 * @param totalSeconds        wall time of the whole run
 * @param meanAcceptance      mean acceptance probability over chains and post-warmup iterations
 * @param divergences         divergent transitions after warmup, over all chains
 */
public record RunResult(long iterations, long drawsKept, long gradientEvaluations, double samplingSeconds,
                        double totalSeconds, double meanAcceptance, long divergences) {
}
