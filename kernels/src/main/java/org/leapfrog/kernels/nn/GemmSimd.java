package org.leapfrog.kernels.nn;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gemm}'s loops with explicit SIMD lanes along the batch and register blocking (two vectors of rows times
 * four columns), in the platform's preferred shape only (see {@link org.leapfrog.kernels.Simd}). Each lane does
 * exactly the scalar rule's fused multiply-adds in the same order, so the bits are the scalar loops'. The
 * transposed product keeps {@link Gemm#LANES_DOUBLE} / {@link Gemm#LANES_FLOAT} partial sums, so it runs here only
 * when the preferred vector holds exactly that many lanes. Vectors stay in local variables of one method (a
 * vector passed to a method that is not inlined is boxed). Loaded only when {@link org.leapfrog.kernels.Simd#ENABLED}.
 */
final class GemmSimd {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final boolean DOUBLE_LANES_MATCH = D.length() == Gemm.LANES_DOUBLE;
    static final boolean FLOAT_LANES_MATCH = F.length() == Gemm.LANES_FLOAT;

    private GemmSimd() {
    }

    static void gemm(double[] a, double[] b, double[] y, int n, int p, int c, int bp, int bc, int r0, int r1) {
        int w = D.length();
        int r = r0;
        for (; r + 2 * w <= r1; r += 2 * w) {
            int j = 0;
            for (; j + 4 <= c; j += 4) {
                DoubleVector s00 = DoubleVector.zero(D), s01 = s00, s02 = s00, s03 = s00;
                DoubleVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
                int bo = j * bc;
                for (int q = 0; q < p; q++) {
                    int ao = q * n + r;
                    DoubleVector a0 = DoubleVector.fromArray(D, a, ao);
                    DoubleVector a1 = DoubleVector.fromArray(D, a, ao + w);
                    int bq = bo + q * bp;
                    DoubleVector b0 = DoubleVector.broadcast(D, b[bq]);
                    DoubleVector b1 = DoubleVector.broadcast(D, b[bq + bc]);
                    DoubleVector b2 = DoubleVector.broadcast(D, b[bq + 2 * bc]);
                    DoubleVector b3 = DoubleVector.broadcast(D, b[bq + 3 * bc]);
                    s00 = a0.fma(b0, s00);
                    s10 = a1.fma(b0, s10);
                    s01 = a0.fma(b1, s01);
                    s11 = a1.fma(b1, s11);
                    s02 = a0.fma(b2, s02);
                    s12 = a1.fma(b2, s12);
                    s03 = a0.fma(b3, s03);
                    s13 = a1.fma(b3, s13);
                }
                int yo = j * n + r;
                s00.intoArray(y, yo);
                s10.intoArray(y, yo + w);
                s01.intoArray(y, yo + n);
                s11.intoArray(y, yo + n + w);
                s02.intoArray(y, yo + 2 * n);
                s12.intoArray(y, yo + 2 * n + w);
                s03.intoArray(y, yo + 3 * n);
                s13.intoArray(y, yo + 3 * n + w);
            }
            for (; j < c; j++) {
                DoubleVector s0 = DoubleVector.zero(D), s1 = s0;
                for (int q = 0; q < p; q++) {
                    int ao = q * n + r;
                    DoubleVector bv = DoubleVector.broadcast(D, b[q * bp + j * bc]);
                    s0 = DoubleVector.fromArray(D, a, ao).fma(bv, s0);
                    s1 = DoubleVector.fromArray(D, a, ao + w).fma(bv, s1);
                }
                s0.intoArray(y, j * n + r);
                s1.intoArray(y, j * n + r + w);
            }
        }
        for (; r + w <= r1; r += w) {
            for (int j = 0; j < c; j++) {
                DoubleVector s0 = DoubleVector.zero(D);
                for (int q = 0; q < p; q++) {
                    s0 = DoubleVector.fromArray(D, a, q * n + r).fma(DoubleVector.broadcast(D, b[q * bp + j * bc]), s0);
                }
                s0.intoArray(y, j * n + r);
            }
        }
        if (r < r1) {
            Gemm.gemmScalar(a, b, y, n, p, c, bp, bc, r, r1);
        }
    }

    static void gemmTransA(double[] x, double[] g, double[] y, int n, int k, int m, int j0, int j1) {
        int full = n - n % D.length();
        VectorMask<Double> tail = D.indexInRange(full, n);
        int j = j0;
        for (; j + 2 <= j1; j += 2) {
            int g0 = j * n;
            int g1 = g0 + n;
            int i = 0;
            for (; i + 4 <= k; i += 4) {
                DoubleVector s00 = DoubleVector.zero(D), s10 = s00, s20 = s00, s30 = s00;
                DoubleVector s01 = s00, s11 = s00, s21 = s00, s31 = s00;
                int x0 = i * n;
                for (int r = 0; r < full; r += D.length()) {
                    DoubleVector gv0 = DoubleVector.fromArray(D, g, g0 + r);
                    DoubleVector gv1 = DoubleVector.fromArray(D, g, g1 + r);
                    DoubleVector xv0 = DoubleVector.fromArray(D, x, x0 + r);
                    DoubleVector xv1 = DoubleVector.fromArray(D, x, x0 + n + r);
                    DoubleVector xv2 = DoubleVector.fromArray(D, x, x0 + 2 * n + r);
                    DoubleVector xv3 = DoubleVector.fromArray(D, x, x0 + 3 * n + r);
                    s00 = xv0.fma(gv0, s00);
                    s10 = xv1.fma(gv0, s10);
                    s20 = xv2.fma(gv0, s20);
                    s30 = xv3.fma(gv0, s30);
                    s01 = xv0.fma(gv1, s01);
                    s11 = xv1.fma(gv1, s11);
                    s21 = xv2.fma(gv1, s21);
                    s31 = xv3.fma(gv1, s31);
                }
                if (full < n) {
                    DoubleVector gv0 = DoubleVector.fromArray(D, g, g0 + full, tail);
                    DoubleVector gv1 = DoubleVector.fromArray(D, g, g1 + full, tail);
                    DoubleVector xv0 = DoubleVector.fromArray(D, x, x0 + full, tail);
                    DoubleVector xv1 = DoubleVector.fromArray(D, x, x0 + n + full, tail);
                    DoubleVector xv2 = DoubleVector.fromArray(D, x, x0 + 2 * n + full, tail);
                    DoubleVector xv3 = DoubleVector.fromArray(D, x, x0 + 3 * n + full, tail);
                    s00 = xv0.fma(gv0, s00);
                    s10 = xv1.fma(gv0, s10);
                    s20 = xv2.fma(gv0, s20);
                    s30 = xv3.fma(gv0, s30);
                    s01 = xv0.fma(gv1, s01);
                    s11 = xv1.fma(gv1, s11);
                    s21 = xv2.fma(gv1, s21);
                    s31 = xv3.fma(gv1, s31);
                }
                int yo = j * k + i;
                y[yo] = fold(s00);
                y[yo + 1] = fold(s10);
                y[yo + 2] = fold(s20);
                y[yo + 3] = fold(s30);
                y[yo + k] = fold(s01);
                y[yo + k + 1] = fold(s11);
                y[yo + k + 2] = fold(s21);
                y[yo + k + 3] = fold(s31);
            }
            for (; i < k; i++) {
                y[j * k + i] = dot(x, i * n, g, g0, n, full, tail);
                y[(j + 1) * k + i] = dot(x, i * n, g, g1, n, full, tail);
            }
        }
        for (; j < j1; j++) {
            for (int i = 0; i < k; i++) {
                y[j * k + i] = dot(x, i * n, g, j * n, n, full, tail);
            }
        }
    }

    private static double dot(double[] x, int xo, double[] g, int go, int n, int full, VectorMask<Double> tail) {
        DoubleVector s = DoubleVector.zero(D);
        for (int r = 0; r < full; r += D.length()) {
            s = DoubleVector.fromArray(D, x, xo + r).fma(DoubleVector.fromArray(D, g, go + r), s);
        }
        if (full < n) {
            s = DoubleVector.fromArray(D, x, xo + full, tail).fma(DoubleVector.fromArray(D, g, go + full, tail), s);
        }
        return fold(s);
    }

    /** {@link Gemm#fold} of the 8 lanes. */
    private static double fold(DoubleVector v) {
        double h0 = v.lane(0) + v.lane(4);
        double h1 = v.lane(1) + v.lane(5);
        double h2 = v.lane(2) + v.lane(6);
        double h3 = v.lane(3) + v.lane(7);
        return (h0 + h2) + (h1 + h3);
    }

    // ---- float32 ----

    static void gemm(float[] a, float[] b, float[] y, int n, int p, int c, int bp, int bc, int r0, int r1) {
        int w = F.length();
        int r = r0;
        for (; r + 2 * w <= r1; r += 2 * w) {
            int j = 0;
            for (; j + 4 <= c; j += 4) {
                FloatVector s00 = FloatVector.zero(F), s01 = s00, s02 = s00, s03 = s00;
                FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
                int bo = j * bc;
                for (int q = 0; q < p; q++) {
                    int ao = q * n + r;
                    FloatVector a0 = FloatVector.fromArray(F, a, ao);
                    FloatVector a1 = FloatVector.fromArray(F, a, ao + w);
                    int bq = bo + q * bp;
                    FloatVector b0 = FloatVector.broadcast(F, b[bq]);
                    FloatVector b1 = FloatVector.broadcast(F, b[bq + bc]);
                    FloatVector b2 = FloatVector.broadcast(F, b[bq + 2 * bc]);
                    FloatVector b3 = FloatVector.broadcast(F, b[bq + 3 * bc]);
                    s00 = a0.fma(b0, s00);
                    s10 = a1.fma(b0, s10);
                    s01 = a0.fma(b1, s01);
                    s11 = a1.fma(b1, s11);
                    s02 = a0.fma(b2, s02);
                    s12 = a1.fma(b2, s12);
                    s03 = a0.fma(b3, s03);
                    s13 = a1.fma(b3, s13);
                }
                int yo = j * n + r;
                s00.intoArray(y, yo);
                s10.intoArray(y, yo + w);
                s01.intoArray(y, yo + n);
                s11.intoArray(y, yo + n + w);
                s02.intoArray(y, yo + 2 * n);
                s12.intoArray(y, yo + 2 * n + w);
                s03.intoArray(y, yo + 3 * n);
                s13.intoArray(y, yo + 3 * n + w);
            }
            for (; j < c; j++) {
                FloatVector s0 = FloatVector.zero(F), s1 = s0;
                for (int q = 0; q < p; q++) {
                    int ao = q * n + r;
                    FloatVector bv = FloatVector.broadcast(F, b[q * bp + j * bc]);
                    s0 = FloatVector.fromArray(F, a, ao).fma(bv, s0);
                    s1 = FloatVector.fromArray(F, a, ao + w).fma(bv, s1);
                }
                s0.intoArray(y, j * n + r);
                s1.intoArray(y, j * n + r + w);
            }
        }
        for (; r + w <= r1; r += w) {
            for (int j = 0; j < c; j++) {
                FloatVector s0 = FloatVector.zero(F);
                for (int q = 0; q < p; q++) {
                    s0 = FloatVector.fromArray(F, a, q * n + r).fma(FloatVector.broadcast(F, b[q * bp + j * bc]), s0);
                }
                s0.intoArray(y, j * n + r);
            }
        }
        if (r < r1) {
            Gemm.gemmScalar(a, b, y, n, p, c, bp, bc, r, r1);
        }
    }

    static void gemmTransA(float[] x, float[] g, float[] y, int n, int k, int m, int j0, int j1) {
        int full = n - n % F.length();
        VectorMask<Float> tail = F.indexInRange(full, n);
        int j = j0;
        for (; j + 2 <= j1; j += 2) {
            int g0 = j * n;
            int g1 = g0 + n;
            int i = 0;
            for (; i + 4 <= k; i += 4) {
                FloatVector s00 = FloatVector.zero(F), s10 = s00, s20 = s00, s30 = s00;
                FloatVector s01 = s00, s11 = s00, s21 = s00, s31 = s00;
                int x0 = i * n;
                for (int r = 0; r < full; r += F.length()) {
                    FloatVector gv0 = FloatVector.fromArray(F, g, g0 + r);
                    FloatVector gv1 = FloatVector.fromArray(F, g, g1 + r);
                    FloatVector xv0 = FloatVector.fromArray(F, x, x0 + r);
                    FloatVector xv1 = FloatVector.fromArray(F, x, x0 + n + r);
                    FloatVector xv2 = FloatVector.fromArray(F, x, x0 + 2 * n + r);
                    FloatVector xv3 = FloatVector.fromArray(F, x, x0 + 3 * n + r);
                    s00 = xv0.fma(gv0, s00);
                    s10 = xv1.fma(gv0, s10);
                    s20 = xv2.fma(gv0, s20);
                    s30 = xv3.fma(gv0, s30);
                    s01 = xv0.fma(gv1, s01);
                    s11 = xv1.fma(gv1, s11);
                    s21 = xv2.fma(gv1, s21);
                    s31 = xv3.fma(gv1, s31);
                }
                if (full < n) {
                    FloatVector gv0 = FloatVector.fromArray(F, g, g0 + full, tail);
                    FloatVector gv1 = FloatVector.fromArray(F, g, g1 + full, tail);
                    FloatVector xv0 = FloatVector.fromArray(F, x, x0 + full, tail);
                    FloatVector xv1 = FloatVector.fromArray(F, x, x0 + n + full, tail);
                    FloatVector xv2 = FloatVector.fromArray(F, x, x0 + 2 * n + full, tail);
                    FloatVector xv3 = FloatVector.fromArray(F, x, x0 + 3 * n + full, tail);
                    s00 = xv0.fma(gv0, s00);
                    s10 = xv1.fma(gv0, s10);
                    s20 = xv2.fma(gv0, s20);
                    s30 = xv3.fma(gv0, s30);
                    s01 = xv0.fma(gv1, s01);
                    s11 = xv1.fma(gv1, s11);
                    s21 = xv2.fma(gv1, s21);
                    s31 = xv3.fma(gv1, s31);
                }
                int yo = j * k + i;
                y[yo] = fold(s00);
                y[yo + 1] = fold(s10);
                y[yo + 2] = fold(s20);
                y[yo + 3] = fold(s30);
                y[yo + k] = fold(s01);
                y[yo + k + 1] = fold(s11);
                y[yo + k + 2] = fold(s21);
                y[yo + k + 3] = fold(s31);
            }
            for (; i < k; i++) {
                y[j * k + i] = dot(x, i * n, g, g0, n, full, tail);
                y[(j + 1) * k + i] = dot(x, i * n, g, g1, n, full, tail);
            }
        }
        for (; j < j1; j++) {
            for (int i = 0; i < k; i++) {
                y[j * k + i] = dot(x, i * n, g, j * n, n, full, tail);
            }
        }
    }

    private static float dot(float[] x, int xo, float[] g, int go, int n, int full, VectorMask<Float> tail) {
        FloatVector s = FloatVector.zero(F);
        for (int r = 0; r < full; r += F.length()) {
            s = FloatVector.fromArray(F, x, xo + r).fma(FloatVector.fromArray(F, g, go + r), s);
        }
        if (full < n) {
            s = FloatVector.fromArray(F, x, xo + full, tail).fma(FloatVector.fromArray(F, g, go + full, tail), s);
        }
        return fold(s);
    }

    /** {@link Gemm#fold} of the 16 lanes. */
    private static float fold(FloatVector v) {
        float h0 = v.lane(0) + v.lane(8);
        float h1 = v.lane(1) + v.lane(9);
        float h2 = v.lane(2) + v.lane(10);
        float h3 = v.lane(3) + v.lane(11);
        float h4 = v.lane(4) + v.lane(12);
        float h5 = v.lane(5) + v.lane(13);
        float h6 = v.lane(6) + v.lane(14);
        float h7 = v.lane(7) + v.lane(15);
        float q0 = h0 + h4;
        float q1 = h1 + h5;
        float q2 = h2 + h6;
        float q3 = h3 + h7;
        return (q0 + q2) + (q1 + q3);
    }
}
