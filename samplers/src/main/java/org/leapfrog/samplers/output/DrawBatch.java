package org.leapfrog.samplers.output;

/** One draw of every chain, chain-minor (coordinate d of chain c at position[d * chains + c]); arrays are owned by the sampler and valid only during the call. */
public record DrawBatch(int chains, int dimension, double[] position, double[] logDensity, double[] acceptStat,
                        double[] stepSize, int[] numSteps, byte[] divergent, double[] energy) {}
