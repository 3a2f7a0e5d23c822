package org.leapfrog.kernels;

/**
 * The float32 twin of {@code lfmath.cl} and {@code philox_lanes.cl} as the sampler kernels build them with
 * {@code REAL = float} ({@code LF_F32}): uniforms, Box-Muller's logarithm, sine and cosine in float arithmetic,
 * the same operations in the same order (Java's float arithmetic is IEEE single precision, and the kernels keep
 * contraction off), so momenta and accept uniforms are the OpenCL float kernel's up to the device's float
 * division and square root (correctly rounded on PoCL CPUs; OpenCL allows a few ulps on GPUs).
 *
 * <p>Uniforms use a word's top 23 bits: {@code (k + 0.5) * 2^-23}, exact in float and strictly inside (0, 1).
 * A 32-bit word plus 0.5 does not fit float's 24-bit significand (it would round to 1.0 at the top). The normals'
 * tails are therefore cut at {@code sqrt(-2 ln 2^-24)} = 5.77 standard deviations (probability 8e-9 per draw).
 * Accuracy: a few float ulps against java.lang.Math (tested).
 */
public final class LfMathF {
    static final float SQRT2 = 1.4142135623730951f;
    static final float LN2_HI = 0.693145751953125f;
    static final float LN2_LO = 1.428606765330187e-06f;
    static final float TWO_PI = 6.283185307179586f;
    static final float TWO_POW_M23 = 1.1920928955078125e-07f;

    private LfMathF() {
    }

    /** The float32 uniform of a Philox word: top 23 bits, (k + 0.5) * 2^-23. */
    public static float uniform(int word) {
        return ((float) (word >>> 9) + 0.5f) * TWO_POW_M23;
    }

    /** Natural logarithm of a positive normal float (lf_log, float32). */
    public static float log(float x) {
        int bits = Float.floatToRawIntBits(x);
        int e = (bits >> 23) - 127;
        float m = Float.intBitsToFloat((bits & 0x007FFFFF) | 0x3F800000);
        if (m > SQRT2) {
            m = m * 0.5f;
            e = e + 1;
        }
        return logOfReduced(m, (float) e);
    }

    /** ln(m * 2^e) for m in [sqrt2 / 2, sqrt2] (the tail of {@link #log}). */
    static float logOfReduced(float m, float ed) {
        float f = (m - 1.0f) / (m + 1.0f);
        float s = f * f;
        float p = (1.0f / 9.0f) * s + (1.0f / 7.0f);
        p = p * s + (1.0f / 5.0f);
        p = p * s + (1.0f / 3.0f);
        p = p * s;
        return ed * LN2_HI + ((f + f * p) * 2.0f + ed * LN2_LO);
    }

    /** cos(2 pi u) into out[offset], sin(2 pi u) into out[offset + 1], for u in [0, 1] (lf_cos_sin_2pi, float32). */
    public static void cosSin2Pi(float u, float[] out, int offset) {
        float k = (float) Math.floor(u * 4.0f + 0.5f);
        float r = (u - k * 0.25f) * TWO_PI;
        float sp = sinOfReduced(r);
        float cp = cosOfReduced(r);
        int q = ((int) k) & 3;
        float c, s;
        switch (q) {
            case 1:
                c = -sp;
                s = cp;
                break;
            case 2:
                c = -cp;
                s = -sp;
                break;
            case 3:
                c = sp;
                s = -cp;
                break;
            default:
                c = cp;
                s = sp;
        }
        out[offset] = c;
        out[offset + 1] = s;
    }

    /** sin(r) for |r| <= pi / 4 (a little beyond at the quadrant boundaries). */
    static float sinOfReduced(float r) {
        float r2 = r * r;
        return r + r * r2 * ((-1.0f / 6.0f) + r2 * ((1.0f / 120.0f) + r2 * ((-1.0f / 5040.0f)
                + r2 * (1.0f / 362880.0f))));
    }

    /** cos(r) for |r| <= pi / 4 (a little beyond at the quadrant boundaries). */
    static float cosOfReduced(float r) {
        float r2 = r * r;
        return 1.0f + r2 * ((-0.5f) + r2 * ((1.0f / 24.0f) + r2 * ((-1.0f / 720.0f)
                + r2 * ((1.0f / 40320.0f) + r2 * (-1.0f / 3628800.0f)))));
    }

    /**
     * The four float32 normals of block {@code block} of the stream (seed, chain, iteration, purpose), as
     * {@code lf_normals_lanes} computes them in float, into out[offset .. offset + count), count <= 4 (widened to
     * double exactly). {@code words} holds 4 ints and {@code pair} 4 floats: nothing is allocated.
     */
    public static void normals(long seed, int chain, int iteration, int purpose, int block, int[] words,
                               float[] pair, double[] out, int offset, int count) {
        RandomStream.words(seed, chain, iteration, purpose, block, words);
        float r0 = (float) Math.sqrt(-2.0f * log(uniform(words[0])));
        cosSin2Pi(uniform(words[1]), pair, 0);
        float r1 = (float) Math.sqrt(-2.0f * log(uniform(words[2])));
        cosSin2Pi(uniform(words[3]), pair, 2);
        for (int k = 0; k < count; k++) {
            out[offset + k] = (k < 2 ? r0 : r1) * pair[k];
        }
    }

    /** The first float32 uniform of the stream (seed, chain, iteration, purpose); {@code words} holds 4 ints. */
    public static float uniform(long seed, int chain, int iteration, int purpose, int[] words) {
        RandomStream.words(seed, chain, iteration, purpose, 0, words);
        return uniform(words[0]);
    }
}
