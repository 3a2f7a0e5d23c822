package org.leapfrog.kernels;

/**
 * {@link RandomStream}'s normals and uniforms for a block of consecutive chains at once, bit-identical to the
 * per-chain methods. The work is laid out structure-of-arrays and split into loops over chains: Philox words
 * for every chain, then Box-Muller's pure arithmetic (the logarithm's and sine/cosine's polynomials, the
 * division, the square root) in branch-free loops that the JIT vectorises, with the bit-level steps (exponent
 * split, quadrant selection) done by integer operations instead of data-dependent branches. Each element goes
 * through exactly {@link LfMath}'s floating-point operations in the same order; only the interleaving across
 * chains differs. Not thread-safe: one instance per thread; nothing is allocated after construction.
 */
public final class BlockNormals extends PhiloxBlock {
    static final double TWO_POW_M32 = 0x1.0p-32;
    static final double TWO_POW_31 = 0x1.0p31;
    static final double TWO_PI = 6.283185307179586;
    static final long MANTISSA = 0x000FFFFFFFFFFFFFL;
    static final long SQRT2_MANTISSA = Double.doubleToRawLongBits(1.4142135623730951) & MANTISSA;

    private final int[] quadrant;
    private final double[] mant, expo, radius, cosP, sinP;

    /** Scratch for blocks of up to {@code capacity} chains. */
    public BlockNormals(int capacity) {
        super(capacity);
        quadrant = new int[capacity];
        mant = new double[capacity];
        expo = new double[capacity];
        radius = new double[capacity];
        cosP = new double[capacity];
        sinP = new double[capacity];
    }

    /** The first uniform of the streams (seed, chain0 + j, iteration, purpose) into out[offset + j], j < count. */
    public void uniforms(long seed, int chain0, int count, int iteration, int purpose, double[] out, int offset) {
        checkCount(count);
        words(seed, chain0, count, iteration, purpose, 0);
        int[] w = w0;
        for (int j = 0; j < count; j++) {
            out[offset + j] = uniform(w[j]);
        }
    }

    /** RandomStream.uniform with an int-to-double conversion (which vectorises): (w ^ 2^31) + 2^31 is w unsigned, exactly. */
    private static double uniform(int w) {
        return (((double) (w ^ Integer.MIN_VALUE) + TWO_POW_31) + 0.5) * TWO_POW_M32;
    }

    @Override
    void boxMuller(int[] wr, int[] wa, int count, int rows, double[] out, int offset, int stride) {
        if (Simd.ENABLED) {
            SimdBoxMuller.boxMuller(this, wr, wa, count, rows, out, offset, stride, radius, sinP, cosP);
        } else {
            boxMullerScalar(wr, wa, 0, count, rows, out, offset, stride);
        }
    }

    /** The scalar form of {@link #boxMuller} on words [from, to): loops the JIT can vectorise, same bits. */
    void boxMullerScalar(int[] wr, int[] wa, int from, int to, int rows, double[] out, int offset, int stride) {
        double[] mt = mant, ex = expo, rad = radius, cp = cosP, sp = sinP;
        int[] qd = quadrant;
        // LfMath.log's exponent split; m > sqrt2 (halve m, bump e) decided on the mantissa bits, no branch.
        for (int j = from; j < to; j++) {
            long bits = Double.doubleToRawLongBits(uniform(wr[j]));
            long mb = bits & MANTISSA;
            long big = (SQRT2_MANTISSA - mb) >>> 63;
            mt[j] = Double.longBitsToDouble(mb | ((0x3FFL - big) << 52));
            ex[j] = (double) (int) (((bits >> 52) - 1023) + big);
        }
        for (int j = from; j < to; j++) {
            double m = mt[j];
            double log = LfMath.logOfReduced(m, ex[j]);
            rad[j] = Math.sqrt(-2.0 * log);
        }
        // LfMath.cosSin2Pi: with u = (w + 0.5) 2^-32, floor(4u + 0.5) = (w + 2^29) >> 30 (w unsigned), exactly.
        for (int j = from; j < to; j++) {
            int w = wa[j];
            int k = (w >>> 30) + ((w >>> 29) & 1);
            qd[j] = k & 3;
            double u = uniform(w);
            double r = (u - (double) k * 0.25) * TWO_PI;
            sp[j] = LfMath.sinOfReduced(r);
            cp[j] = LfMath.cosOfReduced(r);
        }
        // Quadrant q: cos = (+cp, -sp, -cp, +sp), sin = (+sp, +cp, -sp, -cp). x * 1 + y * 0 is x exactly here
        // (cp and sp are finite and non-zero: u is never a multiple of 1/4), and multiplying by +-1 is exact,
        // so this pure arithmetic (which vectorises) equals LfMath's selection.
        int o1 = offset + stride;
        for (int j = from; j < to; j++) {
            int q = qd[j];
            double odd = (double) (q & 1), even = (double) (1 - (q & 1));
            double a = cp[j] * even + sp[j] * odd;
            double b = sp[j] * even + cp[j] * odd;
            double r = rad[j];
            out[offset + j] = r * ((double) (1 - 2 * (((q + 1) >> 1) & 1)) * a);
            if (rows > 1) {
                out[o1 + j] = r * ((double) (1 - 2 * ((q >> 1) & 1)) * b);
            }
        }
    }
}
