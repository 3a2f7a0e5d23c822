package org.leapfrog.spark;

/**
 * Contiguous shards of a batch of chains: shard s holds global chain indices {@code [bounds[s], bounds[s + 1])},
 * the first {@code chains % shards} shards one chain more than the rest.
 */
public final class ShardPlan {
    private ShardPlan() {
    }

    /** The shards' boundaries, {@code shards + 1} of them, from 0 to {@code chains}. */
    public static int[] bounds(int chains, int shards) {
        if (chains < 1) {
            throw new IllegalArgumentException("chains: " + chains + "; allowed: 1 or more");
        }
        if (shards < 1 || shards > chains) {
            throw new IllegalArgumentException("--shards: " + shards + "; allowed: 1 to --chains (" + chains + ")");
        }
        int[] b = new int[shards + 1];
        int base = chains / shards, extra = chains % shards;
        for (int s = 0; s < shards; s++) {
            b[s + 1] = b[s] + base + (s < extra ? 1 : 0);
        }
        return b;
    }
}
