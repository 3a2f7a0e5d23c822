package org.leapfrog.samplers.run;

/**
 * How long to run: {@code warmup} iterations (discarded), then {@code draws} kept draws, one every
 * {@code thin} iterations. Iteration numbers key the randomness, so iteration i is the same whatever
 * happened before it was reached (which makes resuming exact).
 */
public record RunSettings(int warmup, int draws, int thin) {
    public RunSettings {
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup: " + warmup + "; allowed: 0 or more");
        }
        if (draws < 1) {
            throw new IllegalArgumentException("draws: " + draws + "; allowed: 1 or more");
        }
        if (thin < 1) {
            throw new IllegalArgumentException("thin: " + thin + "; allowed: 1 or more");
        }
        if ((long) warmup + (long) draws * thin > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("warmup + draws * thin: " + ((long) warmup + (long) draws * thin)
                    + "; allowed: at most " + Integer.MAX_VALUE + " iterations");
        }
    }

    public int totalIterations() {
        return warmup + draws * thin;
    }

    /** The draw index kept at iteration {@code it}, or -1 when that iteration is not kept. */
    public long drawAt(int it) {
        if (it < warmup) {
            return -1;
        }
        int k = it - warmup + 1;
        return k % thin == 0 ? k / thin - 1 : -1;
    }
}
