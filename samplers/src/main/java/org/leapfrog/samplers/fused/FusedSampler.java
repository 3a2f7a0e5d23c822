package org.leapfrog.samplers.fused;

import org.leapfrog.samplers.Sampler;

/**
 * A sampler whose chain state lives in {@link ChainBuffers} driven by {@link FusedChains} (HMC, MALA, L2HMC, the
 * neural coupling sampler): run loops can then keep statistics on the device next to the state
 * ({@code ChainStatistics}) and read back only what they keep.
 */
public interface FusedSampler extends Sampler {
    /** The chain state and its plan. */
    FusedChains fusedChains();
}
