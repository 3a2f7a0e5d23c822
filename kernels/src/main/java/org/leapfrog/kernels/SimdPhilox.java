package org.leapfrog.kernels;

import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.XOR;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Philox#rounds} with explicit SIMD lanes. The 32x32-bit high products are built from 16-bit halves as
 * in the scalar code. Loaded only when {@link Simd#ENABLED}.
 *
 * <p>Everything is written out in one method on purpose: C2 does not inline a helper that it has already
 * compiled on its own, and a vector passed to a call that is not inlined is boxed on the heap.
 */
final class SimdPhilox {
    private static final VectorSpecies<Integer> S = IntVector.SPECIES_PREFERRED;

    private SimdPhilox() {
    }

    static void rounds(int[] c0, int[] c1, int[] c2, int[] c3, int count, int k0, int k1) {
        int end = S.loopBound(count);
        // Rounds outside, counters inside (as in the scalar code): a small loop body keeps C2 within its
        // inlining budget, which a body holding the vectors across all ten rounds exceeded.
        int ka = k0, kb = k1;
        for (int r = 0; r < Philox.ROUNDS; r++) {
            for (int j = 0; j < end; j += S.length()) {
                IntVector a = IntVector.fromArray(S, c0, j), c = IntVector.fromArray(S, c2, j);
                // h0 = mulhi(a, M0), h1 = mulhi(c, M1) from 16-bit halves (all partial products fit 32 bits).
                IntVector aHi = a.lanewise(LSHR, 16), aLo = a.and(0xFFFF);
                IntVector lh = aLo.mul(Philox.M0_HI), hl = aHi.mul(Philox.M0_LO);
                IntVector mid = aLo.mul(Philox.M0_LO).lanewise(LSHR, 16).add(lh.and(0xFFFF)).add(hl.and(0xFFFF));
                IntVector h0 = aHi.mul(Philox.M0_HI).add(lh.lanewise(LSHR, 16)).add(hl.lanewise(LSHR, 16))
                        .add(mid.lanewise(LSHR, 16));
                IntVector cHi = c.lanewise(LSHR, 16), cLo = c.and(0xFFFF);
                IntVector lh1 = cLo.mul(Philox.M1_HI), hl1 = cHi.mul(Philox.M1_LO);
                IntVector mid1 = cLo.mul(Philox.M1_LO).lanewise(LSHR, 16).add(lh1.and(0xFFFF)).add(hl1.and(0xFFFF));
                IntVector h1 = cHi.mul(Philox.M1_HI).add(lh1.lanewise(LSHR, 16)).add(hl1.lanewise(LSHR, 16))
                        .add(mid1.lanewise(LSHR, 16));
                h1.lanewise(XOR, IntVector.fromArray(S, c1, j)).lanewise(XOR, ka).intoArray(c0, j);
                c.mul((int) Philox.M1).intoArray(c1, j);
                h0.lanewise(XOR, IntVector.fromArray(S, c3, j)).lanewise(XOR, kb).intoArray(c2, j);
                a.mul((int) Philox.M0).intoArray(c3, j);
            }
            ka += Philox.W0;
            kb += Philox.W1;
        }
        Philox.roundsScalar(c0, c1, c2, c3, end, count, k0, k1); // the last count % lanes counters
    }
}
