package org.leapfrog.kernels;

import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.I2D;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.SQRT;
import static jdk.incubator.vector.VectorOperators.XOR;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BlockNormals}' Box-Muller with explicit SIMD lanes: the same floating-point operations per element, in
 * the same order, so the same bits. Words are read as int lanes of the double lanes' shape (twice as many) and
 * converted exactly. Loaded only when {@link Simd#ENABLED}.
 *
 * <p>The work is three passes through scratch arrays, each written out in full without vector-valued helper
 * methods: C2 does not inline a helper it has already compiled on its own, or past its node budget, and a
 * vector passed to a call that is not inlined is boxed on the heap (which made a first version 10x slower).
 */
final class SimdBoxMuller {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    // Int lanes of the same shape as the double lanes (twice as many): mixing int shapes in one process (Philox
    // uses this one) pollutes the Vector API's type profiles, and C2 then boxes vectors.
    private static final VectorSpecies<Integer> I = D.withLanes(int.class).check(int.class);
    private static final int STEP = I.length(); // words per iteration: two double vectors' worth

    private SimdBoxMuller() {
    }

    /** Rows 0 and (if rows > 1) 1 for words [0, count); see BlockNormals.boxMullerScalar for the steps. */
    static void boxMuller(BlockNormals tail, int[] wr, int[] wa, int count, int rows, double[] out, int offset,
                          int stride, double[] rad, double[] sp, double[] cp) {
        int end = I.loopBound(count);
        if (end == 0) {
            // Fewer words than one step (small batches): scalar only. Entering the vector methods just to skip
            // their loops allocated their hoisted broadcast constants on every call (C2 had no vector loop to
            // compile them into), about 9 KB per HMC iteration at one chain.
            tail.boxMullerScalar(wr, wa, 0, count, rows, out, offset, stride);
            return;
        }
        radii(wr, end, rad);
        sinCos(wa, end, sp, cp);
        select(wa, end, rows, rad, sp, cp, out, offset, stride);
        tail.boxMullerScalar(wr, wa, end, count, rows, out, offset, stride); // the last count % lanes words
    }

    /** sqrt(-2 ln u) of the radius words (ln as LfMath.log, through SimdMath.log). */
    private static void radii(int[] wr, int end, double[] rad) {
        for (int j = 0; j < end; j += STEP) {
            // u = ((w ^ 2^31) + 2^31 + 0.5) 2^-32: (w ^ 2^31) + 2^31 is w unsigned, exactly.
            IntVector w = IntVector.fromArray(I, wr, j).lanewise(XOR, Integer.MIN_VALUE);
            for (int part = 0; part < 2; part++) {
                ((DoubleVector) w.convertShape(I2D, D, part)).add(BlockNormals.TWO_POW_31).add(0.5)
                        .mul(BlockNormals.TWO_POW_M32).intoArray(rad, j + part * D.length());
            }
        }
        SimdMath.log(rad, 0, rad, 0, end);
        for (int j = 0; j < end; j += D.length()) {
            DoubleVector.fromArray(D, rad, j).mul(-2.0).lanewise(SQRT).intoArray(rad, j);
        }
    }

    /** Sine and cosine of the reduced angle r = (u - k/4) 2 pi, k = floor(4u + 0.5) from the word's top bits. */
    private static void sinCos(int[] wa, int end, double[] sp, double[] cp) {
        for (int j = 0; j < end; j += STEP) {
            IntVector w = IntVector.fromArray(I, wa, j);
            IntVector wu = w.lanewise(XOR, Integer.MIN_VALUE);
            IntVector k = w.lanewise(LSHR, 30).add(w.lanewise(LSHR, 29).and(1));
            for (int part = 0; part < 2; part++) {
                int o = j + part * D.length();
                DoubleVector u = ((DoubleVector) wu.convertShape(I2D, D, part))
                        .add(BlockNormals.TWO_POW_31).add(0.5).mul(BlockNormals.TWO_POW_M32);
                DoubleVector r = u.sub(((DoubleVector) k.convertShape(I2D, D, part)).mul(0.25))
                        .mul(BlockNormals.TWO_PI);
                DoubleVector r2 = r.mul(r);
                DoubleVector t = r2.mul(LfMath.S8).add(LfMath.S7);
                t = r2.mul(t).add(LfMath.S6);
                t = r2.mul(t).add(LfMath.S5);
                t = r2.mul(t).add(LfMath.S4);
                t = r2.mul(t).add(LfMath.S3);
                t = r2.mul(t).add(LfMath.S2);
                t = r2.mul(t).add(LfMath.S1);
                r.add(r.mul(r2).mul(t)).intoArray(sp, o);
                DoubleVector c = r2.mul(LfMath.C8).add(LfMath.C7);
                c = r2.mul(c).add(LfMath.C6);
                c = r2.mul(c).add(LfMath.C5);
                c = r2.mul(c).add(LfMath.C4);
                c = r2.mul(c).add(LfMath.C3);
                c = r2.mul(c).add(LfMath.C2);
                c = r2.mul(c).add(LfMath.C1);
                r2.mul(c).add(1.0).intoArray(cp, o);
            }
        }
    }

    /**
     * Quadrant q = k mod 4: cos = (+cp, -sp, -cp, +sp), sin = (+sp, +cp, -sp, -cp), scaled by the radius, with
     * BlockNormals' exact arithmetic selection (x * 1 + y * 0 is x; multiplying by +-1 is exact).
     */
    private static void select(int[] wa, int end, int rows, double[] rad, double[] sp, double[] cp, double[] out,
                               int offset, int stride) {
        int o1 = offset + stride;
        IntVector one = IntVector.broadcast(I, 1);
        for (int j = 0; j < end; j += STEP) {
            IntVector w = IntVector.fromArray(I, wa, j);
            IntVector q = w.lanewise(LSHR, 30).add(w.lanewise(LSHR, 29).and(1)).and(3);
            IntVector oddBit = q.and(1), evenBit = one.sub(oddBit);
            IntVector s0 = one.sub(q.add(1).lanewise(ASHR, 1).and(1).mul(2));
            IntVector s1 = one.sub(q.lanewise(ASHR, 1).and(1).mul(2));
            for (int part = 0; part < 2; part++) {
                int o = j + part * D.length();
                DoubleVector odd = (DoubleVector) oddBit.convertShape(I2D, D, part);
                DoubleVector even = (DoubleVector) evenBit.convertShape(I2D, D, part);
                DoubleVector s = DoubleVector.fromArray(D, sp, o), c = DoubleVector.fromArray(D, cp, o);
                DoubleVector radius = DoubleVector.fromArray(D, rad, o);
                DoubleVector sign0 = (DoubleVector) s0.convertShape(I2D, D, part);
                radius.mul(sign0.mul(c.mul(even).add(s.mul(odd)))).intoArray(out, offset + o);
                if (rows > 1) {
                    DoubleVector sign1 = (DoubleVector) s1.convertShape(I2D, D, part);
                    radius.mul(sign1.mul(s.mul(even).add(c.mul(odd)))).intoArray(out, o1 + o);
                }
            }
        }
    }
}
