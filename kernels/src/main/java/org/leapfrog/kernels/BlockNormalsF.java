package org.leapfrog.kernels;

/**
 * {@link LfMathF}'s float32 normals and uniforms for a block of consecutive chains at once, bit-identical to the
 * per-chain methods (the float twin's counterpart of {@link BlockNormals}): Philox words for every chain
 * ({@link Philox#rounds}, SIMD when available), then Box-Muller in branch-free loops over chains, with the
 * exponent split and quadrant selection done by integer and exact arithmetic instead of branches. Values are
 * written widened to double. Not thread-safe: one instance per thread; nothing is allocated after construction.
 */
public final class BlockNormalsF extends PhiloxBlock {
    private static final int SQRT2_MANTISSA = Float.floatToRawIntBits(LfMathF.SQRT2) & 0x007FFFFF;

    private final float[] radius, cosP, sinP;
    private final int[] quadrant;

    public BlockNormalsF(int capacity) {
        super(capacity);
        radius = new float[capacity];
        cosP = new float[capacity];
        sinP = new float[capacity];
        quadrant = new int[capacity];
    }

    /** The first float32 uniform of the streams (seed, chain0 + j, iteration, purpose) into out[offset + j]. */
    public void uniforms(long seed, int chain0, int count, int iteration, int purpose, double[] out, int offset) {
        checkCount(count);
        words(seed, chain0, count, iteration, purpose, 0);
        for (int j = 0; j < count; j++) {
            out[offset + j] = LfMathF.uniform(w0[j]);
        }
    }

    @Override
    void boxMuller(int[] wr, int[] wa, int count, int rows, double[] out, int offset, int stride) {
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
