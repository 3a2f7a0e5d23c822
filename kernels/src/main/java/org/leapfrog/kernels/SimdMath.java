package org.leapfrog.kernels;

import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LSHR;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LfMath}'s functions over arrays with explicit SIMD lanes (same bits), for the SIMD twins in every
 * module. Arrays in and out rather than vector arguments: a vector passed to a method that C2 does not inline
 * is boxed on the heap. Only the preferred shape is used (see {@link Simd}). Loaded only when
 * {@link Simd#ENABLED}.
 */
public final class SimdMath {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> L = D.withLanes(long.class).check(long.class);
    private static final long MAGIC_BITS = 0x4338000000000000L; // 1.5 * 2^52
    private static final double MAGIC = 0x1.8p52;
    private static final double TWO_52 = 0x1.0p52;

    private SimdMath() {
    }

    /**
     * out[outOff + i] = {@link LfMath#log}(x[xOff + i]) for i < n, positive normal x (out may be x). The
     * exponent split is branch-free on the bits (m > sqrt2 exactly when its mantissa bits exceed sqrt2's),
     * and the exponent becomes a double exactly through the bits of 1.5 * 2^52 + e.
     */
    public static void log(double[] x, int xOff, double[] out, int outOff, int n) {
        LongVector sqrt2Mantissa = LongVector.broadcast(L, BlockNormals.SQRT2_MANTISSA);
        LongVector bias = LongVector.broadcast(L, 0x3FFL);
        int i = 0;
        for (int end = D.loopBound(n); i < end; i += D.length()) {
            LongVector bits = DoubleVector.fromArray(D, x, xOff + i).reinterpretAsLongs();
            LongVector mb = bits.and(BlockNormals.MANTISSA);
            LongVector big = sqrt2Mantissa.sub(mb).lanewise(LSHR, 63); // c.sub(x): x.neg() is not intrinsified on AVX2
            DoubleVector m = mb.or(bias.sub(big).lanewise(LSHL, 52)).reinterpretAsDoubles();
            // x > 0, so its sign bit is 0 and >>> equals >> (AVX2 has no 64-bit arithmetic shift).
            LongVector e = bits.lanewise(LSHR, 52).sub(1023).add(big);
            DoubleVector ed = e.add(MAGIC_BITS).reinterpretAsDoubles().sub(MAGIC);
            DoubleVector f = m.sub(1.0).div(m.add(1.0));
            DoubleVector s = f.mul(f);
            DoubleVector p = s.mul(LfMath.L10).add(LfMath.L9);
            p = p.mul(s).add(LfMath.L8);
            p = p.mul(s).add(LfMath.L7);
            p = p.mul(s).add(LfMath.L6);
            p = p.mul(s).add(LfMath.L5);
            p = p.mul(s).add(LfMath.L4);
            p = p.mul(s).add(LfMath.L3);
            p = p.mul(s).add(LfMath.L2);
            p = p.mul(s).add(LfMath.L1);
            p = p.mul(s);
            ed.mul(LfMath.LN2_HI).add(f.add(f.mul(p)).mul(2.0).add(ed.mul(LfMath.LN2_LO))).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = LfMath.log(x[xOff + i]);
        }
    }

    /**
     * {@link LfMath#expNegAbs}: out[outOff + i] = LfMath.expNeg(|x[xOff + i]|) for i < n, same bits. k = (int) v
     * for v >= 0.5 is floor(v), taken as round-to-nearest (adding and removing 2^52) minus 1 where that rounded
     * up; 2^-k comes from k's bits through the 1.5 * 2^52 trick.
     */
    public static void expNegAbs(double[] x, int xOff, double[] out, int outOff, int n) {
        LongVector bias = LongVector.broadcast(L, 1023L);
        int i = 0;
        for (int end = D.loopBound(n); i < end; i += D.length()) {
            DoubleVector a = DoubleVector.fromArray(D, x, xOff + i).abs().min(LfMath.EXP_MAX_ARG);
            DoubleVector v = a.mul(LfMath.INV_LN2).add(0.5);
            DoubleVector t = v.add(TWO_52).sub(TWO_52);
            DoubleVector k = t.blend(t.sub(1.0), t.compare(GT, v));
            LongVector kBits = k.add(MAGIC).reinterpretAsLongs().sub(MAGIC_BITS);
            DoubleVector scale = bias.sub(kBits).lanewise(LSHL, 52).reinterpretAsDoubles();
            DoubleVector r = k.mul(LfMath.LN2_HI).sub(a).add(k.mul(LfMath.LN2_LO));
            DoubleVector p = r.mul(LfMath.E13).add(LfMath.E12);
            p = p.mul(r).add(LfMath.E11);
            p = p.mul(r).add(LfMath.E10);
            p = p.mul(r).add(LfMath.E9);
            p = p.mul(r).add(LfMath.E8);
            p = p.mul(r).add(LfMath.E7);
            p = p.mul(r).add(LfMath.E6);
            p = p.mul(r).add(LfMath.E5);
            p = p.mul(r).add(LfMath.E4);
            p = p.mul(r).add(LfMath.E3);
            p = p.mul(r).add(LfMath.E2);
            p = p.mul(r).add(1.0);
            p = p.mul(r).add(1.0);
            p.mul(scale).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = LfMath.expNeg(Math.abs(x[xOff + i]));
        }
    }
}
