package org.leapfrog.kernels;

/**
 * {@link LfMathF}'s float32 normals and uniforms for a block of consecutive chains at once, bit-identical to the
 * per-chain methods (the float twin's counterpart of {@link BlockNormals}): Philox words for every chain
 * ({@link Philox#rounds}, SIMD when available), then Box-Muller in branch-free loops over chains, with the
 * exponent split and quadrant selection done by integer and exact arithmetic instead of branches. Values are
 * written widened to double. Not thread-safe: one instance per thread; nothing is allocated after construction.
 */
public final class BlockNormalsF {
    private static final int SQRT2_MANTISSA = Float.floatToRawIntBits(LfMathF.SQRT2) & 0x007FFFFF;

    private final int capacity;
    private final int[] w0, w1, w2, w3;
    private final float[] radius, cosP, sinP;
    private final int[] quadrant;

    public BlockNormalsF(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + "; allowed: >= 1");
        }
        this.capacity = capacity;
        w0 = new int[capacity];
        w1 = new int[capacity];
        w2 = new int[capacity];
        w3 = new int[capacity];
        radius = new float[capacity];
        cosP = new float[capacity];
        sinP = new float[capacity];
        quadrant = new int[capacity];
    }

    /**
     * Normals {@code 4 * block + q}, q < rows, of the streams (seed, chain0 + j, iteration, purpose), j < count,
     * into {@code out[offset + q * stride + j]}; equal to {@link LfMathF#normals} bit for bit.
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

    /** The first float32 uniform of the streams (seed, chain0 + j, iteration, purpose) into out[offset + j]. */
    public void uniforms(long seed, int chain0, int count, int iteration, int purpose, double[] out, int offset) {
        checkCount(count);
        words(seed, chain0, count, iteration, purpose, 0);
        for (int j = 0; j < count; j++) {
            out[offset + j] = LfMathF.uniform(w0[j]);
        }
    }

    private void checkCount(int count) {
        if (count < 0 || count > capacity) {
            throw new IllegalArgumentException("count: " + count + "; allowed: 0 to capacity " + capacity);
        }
    }

    private void words(long seed, int chain0, int count, int iteration, int purpose, int block) {
        for (int j = 0; j < count; j++) {
            w0[j] = chain0 + j;
            w1[j] = iteration;
            w2[j] = purpose;
            w3[j] = block;
        }
        Philox.rounds(w0, w1, w2, w3, count, (int) seed, (int) (seed >>> 32));
    }

    private void boxMuller(int[] wr, int[] wa, int count, int rows, double[] out, int offset, int stride) {
        float[] rad = radius, cp = cosP, sp = sinP;
        int[] qd = quadrant;
        // LfMathF.log: m > sqrt2 (halve m, bump e) decided on the mantissa bits (same exponent), no branch.
        for (int j = 0; j < count; j++) {
            int bits = Float.floatToRawIntBits(LfMathF.uniform(wr[j]));
            int mb = bits & 0x007FFFFF;
            int big = (SQRT2_MANTISSA - mb) >>> 31;
            float m = Float.intBitsToFloat(mb | ((127 - big) << 23));
            float log = LfMathF.logOfReduced(m, (float) (((bits >> 23) - 127) + big));
            rad[j] = (float) Math.sqrt(-2.0f * log);
        }
        for (int j = 0; j < count; j++) {
            float u = LfMathF.uniform(wa[j]);
            float k = (float) Math.floor(u * 4.0f + 0.5f);
            float r = (u - k * 0.25f) * LfMathF.TWO_PI;
            qd[j] = ((int) k) & 3;
            sp[j] = LfMathF.sinOfReduced(r);
            cp[j] = LfMathF.cosOfReduced(r);
        }
        // Quadrant q: cos = (+cp, -sp, -cp, +sp), sin = (+sp, +cp, -sp, -cp). x * 1 + y * 0 is x exactly (cp and
        // sp are finite and non-zero: u is never a multiple of 1/4), and a sign of +-1 multiplies exactly.
        int o1 = offset + stride;
        for (int j = 0; j < count; j++) {
            int q = qd[j];
            float odd = (float) (q & 1), even = (float) (1 - (q & 1));
            float a = cp[j] * even + sp[j] * odd;
            float b = sp[j] * even + cp[j] * odd;
            float r = rad[j];
            out[offset + j] = r * ((float) (1 - 2 * (((q + 1) >> 1) & 1)) * a);
            if (rows > 1) {
                out[o1 + j] = r * ((float) (1 - 2 * ((q >> 1) & 1)) * b);
            }
        }
    }
}
