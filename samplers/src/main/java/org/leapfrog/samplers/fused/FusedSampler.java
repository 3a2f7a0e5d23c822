package org.leapfrog.samplers.fused;

import org.leapfrog.samplers.Sampler;

/**
 * A sampler whose chain state lives in {@link ChainBuffers} driven by {@link FusedChains} (HMC, MALA, L2HMC, the
 * neural coupling sampler). The state's bookkeeping is the same for all of them, so it is written once here:
 * a sampler supplies its kernels (in the plan of its {@link FusedChains}), its {@link #step} (which says how many
 * gradients an iteration costs) and its settings. Run loops can also keep statistics on the device next to the
 * state ({@code ChainStatistics}) and read back only what they keep.
 */
public interface FusedSampler extends Sampler {
    /** The chain state and its plan. */
    FusedChains fusedChains();

    @Override
    default int chains() {
        return fusedChains().buffers().chains();
    }

    @Override
    default int dimension() {
        return fusedChains().buffers().dimension();
    }

    @Override
    default void init(double[] positions) {
        fusedChains().init(positions);
    }

    @Override
    default void readState(double[] position, double[] logDensity) {
        fusedChains().readState(position, logDensity);
    }

    /** Copies positions only (length dimension * chains, chain-minor). */
    default void readPositions(double[] position) {
        fusedChains().readPositions(position);
    }

    @Override
    default void readInfo(double[] acceptanceProbability, int[] accepted, int[] divergent, double[] energy) {
        fusedChains().readInfo(acceptanceProbability, accepted, divergent, energy);
    }

    /**
     * Copies only the last iteration's acceptance probabilities (what step-size adaptation needs each
     * iteration): one read-back instead of {@link #readInfo}'s four.
     */
    default void readAcceptance(double[] acceptanceProbability) {
        fusedChains().readAcceptance(acceptanceProbability);
    }

    @Override
    default long gradientEvaluations() {
        return fusedChains().gradientEvaluations();
    }

    @Override
    default void close() {
        fusedChains().close();
    }
}
