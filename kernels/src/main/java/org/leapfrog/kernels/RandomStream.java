package org.leapfrog.kernels;

/**
 * Leapfrog's random draws, shared by every kernel and its Java twin (OpenCL side: {@code philox.cl}).
 *
 * <p>A draw is a pure function of (seed, chain, iteration, purpose, index): Philox4x32-10 with
 * key = (low, high word of the seed) and counter = (chain, iteration, purpose, index / 4) yields four words.
 * <ul>
 *   <li>Uniform: word w (unsigned) maps to (w + 0.5) * 2^-32, strictly inside (0, 1).</li>
 *   <li>Normals: Box-Muller on word pairs: with u0 = U(w0), u1 = U(w1), r = sqrt(-2 ln u0),
 *       normal 4b = r cos(2 pi u1) and normal 4b+1 = r sin(2 pi u1); words 2 and 3 give 4b+2 and 4b+3.
 *       ln, cos and sin are {@link LfMath}'s, which the OpenCL twin reproduces bit for bit.
 *       The largest magnitude reachable is about 6.75.</li>
 * </ul>
 * Because nothing depends on order of evaluation, results do not depend on the backend, the batch size,
 * the thread count, or whether a run was stopped and resumed.
 */
public final class RandomStream {
    /** Purpose codes: independent streams for the different uses within one iteration. */
    public static final int PURPOSE_MOMENTUM = 1;
    public static final int PURPOSE_ACCEPT = 2;
    public static final int PURPOSE_JITTER = 3;
    public static final int PURPOSE_INIT = 4;
    /** First purpose code free for user kernels. */
    public static final int PURPOSE_USER = 256;

    private static final double TWO_POW_M32 = 0x1.0p-32;
    private static final ThreadLocal<double[]> PAIR = ThreadLocal.withInitial(() -> new double[4]);

    private RandomStream() {
    }

    /** Maps an unsigned 32-bit word to a double strictly inside (0, 1). */
    public static double uniform(int word) {
        return ((word & 0xFFFFFFFFL) + 0.5) * TWO_POW_M32;
    }

    /** Writes the four words of block {@code block} of the stream (seed, chain, iteration, purpose) to out[0..3]. */
    public static void words(long seed, int chain, int iteration, int purpose, int block, int[] out) {
        Philox.block(chain, iteration, purpose, block, (int) seed, (int) (seed >>> 32), out, 0);
    }

    /** The first uniform of the stream (seed, chain, iteration, purpose); {@code scratch} holds 4 ints. */
    public static double uniform(long seed, int chain, int iteration, int purpose, int[] scratch) {
        words(seed, chain, iteration, purpose, 0, scratch);
        return uniform(scratch[0]);
    }

    /**
     * Writes the four normals of block {@code block} to {@code out[offset .. offset + 3]} (fewer if
     * {@code count} < 4). {@code scratch} holds 4 ints; nothing is allocated.
     */
    public static void normals(long seed, int chain, int iteration, int purpose, int block,
                               int[] scratch, double[] out, int offset, int count) {
        words(seed, chain, iteration, purpose, block, scratch);
        // cos/sin land in out first and are then scaled in place: no scratch doubles needed.
        double r0 = Math.sqrt(-2.0 * LfMath.log(uniform(scratch[0])));
        double r1 = Math.sqrt(-2.0 * LfMath.log(uniform(scratch[2])));
        if (count >= 4) {
            LfMath.cosSin2Pi(uniform(scratch[1]), out, offset);
            LfMath.cosSin2Pi(uniform(scratch[3]), out, offset + 2);
            out[offset] = r0 * out[offset];
            out[offset + 1] = r0 * out[offset + 1];
            out[offset + 2] = r1 * out[offset + 2];
            out[offset + 3] = r1 * out[offset + 3];
            return;
        }
        double[] pair = PAIR.get();
        LfMath.cosSin2Pi(uniform(scratch[1]), pair, 0);
        LfMath.cosSin2Pi(uniform(scratch[3]), pair, 2);
        for (int k = 0; k < count; k++) {
            out[offset + k] = (k < 2 ? r0 : r1) * pair[k];
        }
    }
}
