package org.leapfrog.kernels;

/**
 * What {@link BlockNormals} (float64) and {@link BlockNormalsF} (float32) share: the Philox words of a block of
 * consecutive chains, structure-of-arrays, and the split of four normals into two Box-Muller pairs. The
 * subclasses supply Box-Muller in their precision. Not thread-safe; nothing is allocated after construction.
 */
abstract class PhiloxBlock {
    private final int capacity;
    /** Philox counter words, then output words, for chains [chain0, chain0 + count). */
    final int[] w0, w1, w2, w3;

    PhiloxBlock(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + "; allowed: >= 1");
        }
        this.capacity = capacity;
        w0 = new int[capacity];
        w1 = new int[capacity];
        w2 = new int[capacity];
        w3 = new int[capacity];
    }

    /** The largest block this scratch serves. */
    public int capacity() {
        return capacity;
    }

    /**
     * Normals {@code 4 * block + q}, q < rows, of the streams (seed, chain0 + j, iteration, purpose) for
     * j < count: normal q of chain chain0 + j goes to {@code out[offset + q * stride + j]} (the chain-minor
     * layout). Equal bit for bit to the per-chain normals of the subclass's precision.
     */
    public void normals(long seed, int chain0, int count, int iteration, int purpose, int block, int rows,
                        double[] out, int offset, int stride) {
        checkCount(count);
        if (rows < 1 || rows > 4) {
            throw new IllegalArgumentException("rows: " + rows + "; allowed: 1 to 4");
        }
        words(seed, chain0, count, iteration, purpose, block);
        boxMuller(w0, w1, count, Math.min(rows, 2), out, offset, stride);
        if (rows > 2) {
            boxMuller(w2, w3, count, rows - 2, out, offset + 2 * stride, stride);
        }
    }

    /** Box-Muller on word pairs (wr for the radius, wa for the angle), count <= capacity: rows 0 and (if rows > 1) 1. */
    abstract void boxMuller(int[] wr, int[] wa, int count, int rows, double[] out, int offset, int stride);

    final void checkCount(int count) {
        if (count < 0 || count > capacity) {
            throw new IllegalArgumentException("count: " + count + "; allowed: 0 to capacity " + capacity);
        }
    }

    /** The Philox words of the streams (seed, chain0 + j, iteration, purpose), counter block {@code block}. */
    final void words(long seed, int chain0, int count, int iteration, int purpose, int block) {
        int k0 = (int) seed, k1 = (int) (seed >>> 32);
        int[] a = w0, b = w1, c = w2, d = w3;
        for (int j = 0; j < count; j++) {
            a[j] = chain0 + j;
            b[j] = iteration;
            c[j] = purpose;
            d[j] = block;
        }
        Philox.rounds(a, b, c, d, count, k0, k1);
    }
}
