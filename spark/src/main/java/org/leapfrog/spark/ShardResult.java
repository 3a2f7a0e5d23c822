package org.leapfrog.spark;

import java.io.Serializable;

/**
 * What one shard sends back to the driver: the online moments of its chains (chain-minor over its own chains),
 * its totals over kept draws, and the kept draws of the written chains it holds ({@code keptChains} chains from
 * its first; per draw, chain-minor like the sampler's arrays).
 */
record ShardResult(int shard, int offset, int chains, int dimension, long momentCount, double[] means,
                   double[] sumsOfSquares, double acceptSum, long acceptCount, long divergences, long gradients,
                   double samplingSeconds, int keptChains, double[] keptPosition, double[] keptLogDensity,
                   double[] keptAcceptStat, byte[] keptDivergent, double[] keptEnergy, int attempt, String backend,
                   String device) implements Serializable {
    private static final long serialVersionUID = 1L;
}
