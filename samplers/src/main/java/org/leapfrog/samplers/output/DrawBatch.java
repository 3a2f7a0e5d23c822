package org.leapfrog.samplers.output;

/**
 * One draw of every chain, chain-minor (coordinate d of chain c at position[d * chains + c]); arrays are owned by
 * the sampler and valid only during the call.
 *
 * <p>Per-chain arrays ({@code logDensity}, {@code acceptStat}, {@code stepSize}, {@code numSteps},
 * {@code divergent}, {@code energy}) have length {@code chains}; {@code divergent[c]} is 1 for a divergent
 * transition, else 0.
 */
public record DrawBatch(int chains, int dimension, double[] position, double[] logDensity, double[] acceptStat,
                        double[] stepSize, int[] numSteps, byte[] divergent, double[] energy) {}
