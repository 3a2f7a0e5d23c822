package org.leapfrog.samplers.target;

/**
 * Java twins that need per-chain temporaries work through a batch in tiles of {@link #SIZE} chains, so the
 * temporaries are fixed-size per-thread scratch (no allocation per call) and stay in the L1 cache.
 */
final class ChainTile {
    static final int SIZE = 128;

    private ChainTile() {
    }

    /** Per-thread scratch of {@code rows * SIZE} doubles, allocated once per thread and target. */
    static ThreadLocal<double[]> scratch(int rows) {
        return ThreadLocal.withInitial(() -> new double[rows * SIZE]);
    }
}
