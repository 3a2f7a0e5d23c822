package org.leapfrog.kernels;

/**
 * Philox4x32-10 (Salmon et al. 2011, "Parallel random numbers: as easy as 1, 2, 3"): a counter-based generator.
 * The Java twin of {@code philox.cl}; both produce the same bits for the same counter and key.
 *
 * <p>Leapfrog's convention (see {@link RandomStream}): key = (seed low word, seed high word) and
 * counter = (chain, iteration, purpose, block), so every draw is a pure function of
 * (seed, chain, iteration, purpose, index). Words are Java {@code int}s holding unsigned 32-bit values.
 */
public final class Philox {
    static final long M0 = 0xD2511F53L;
    static final long M1 = 0xCD9E8D57L;
    static final int W0 = 0x9E3779B9;
    static final int W1 = 0xBB67AE85;
    static final int ROUNDS = 10;
    static final int M0_HI = (int) (M0 >>> 16), M0_LO = (int) (M0 & 0xFFFF);
    static final int M1_HI = (int) (M1 >>> 16), M1_LO = (int) (M1 & 0xFFFF);

    private Philox() {
    }

    /**
     * Encrypts one counter with one key and writes the four output words to {@code out[offset..offset+3]}.
     */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out, int offset) {
        for (int r = 0; r < ROUNDS; r++) {
            long p0 = M0 * (c0 & 0xFFFFFFFFL);
            long p1 = M1 * (c2 & 0xFFFFFFFFL);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n1 = (int) p1;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            int n3 = (int) p0;
            c0 = n0;
            c1 = n1;
            c2 = n2;
            c3 = n3;
            k0 += W0;
            k1 += W1;
        }
        out[offset] = c0;
        out[offset + 1] = c1;
        out[offset + 2] = c2;
        out[offset + 3] = c3;
    }

    /**
     * Encrypts {@code count} counters (c0[j], c1[j], c2[j], c3[j]) with one key, in place: the same bits as
     * {@link #block} per counter. With {@link Simd#ENABLED} each group of counters stays in SIMD registers for
     * all rounds; otherwise see {@link #roundsScalar}.
     */
    public static void rounds(int[] c0, int[] c1, int[] c2, int[] c3, int count, int k0, int k1) {
        if (Simd.ENABLED) {
            SimdPhilox.rounds(c0, c1, c2, c3, count, k0, k1);
        } else {
            roundsScalar(c0, c1, c2, c3, 0, count, k0, k1);
        }
    }

    /**
     * The scalar form of {@link #rounds} on counters [from, to). Counters are the inner loop and the 32x32-bit
     * products are built from 16-bit halves in int arithmetic, so each round is one simple pass that the JIT
     * can vectorise (64-bit multiplies are not vectorised on AVX2).
     */
    static void roundsScalar(int[] c0, int[] c1, int[] c2, int[] c3, int from, int to, int k0, int k1) {
        for (int r = 0; r < ROUNDS; r++) {
            for (int j = from; j < to; j++) {
                int a0 = c0[j], a2 = c2[j];
                int h0 = mulHi(a0, M0_HI, M0_LO), h1 = mulHi(a2, M1_HI, M1_LO);
                c0[j] = h1 ^ c1[j] ^ k0;
                c1[j] = a2 * (int) M1;
                c2[j] = h0 ^ c3[j] ^ k1;
                c3[j] = a0 * (int) M0;
            }
            k0 += W0;
            k1 += W1;
        }
    }

    /** High 32 bits of the unsigned product a * (mHi 2^16 + mLo); all partial products fit 32 unsigned bits. */
    private static int mulHi(int a, int mHi, int mLo) {
        int aHi = a >>> 16, aLo = a & 0xFFFF;
        int ll = aLo * mLo, lh = aLo * mHi, hl = aHi * mLo, hh = aHi * mHi;
        int mid = (ll >>> 16) + (lh & 0xFFFF) + (hl & 0xFFFF);
        return hh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16);
    }
}
