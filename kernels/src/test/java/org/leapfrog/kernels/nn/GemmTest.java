package org.leapfrog.kernels.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Gemm}'s dispatching entry points (the SIMD loops when the test JVM has the Vector API, which the build
 * gives it) against its scalar loops, bit for bit, and both against a plain dot-product reference within the
 * rounding bound of a P-term sum in any order: |error| <= 2 P u sum|a||b| (u the unit roundoff, 2^-53 or
 * 2^-24), doubled for comparing two such sums. Shapes include 1, odd sizes and sizes that are not multiples of
 * the register blocks or lanes; row and column ranges that start mid-block are covered too.
 */
class GemmTest {
    private static final int[][] SHAPES = {{1, 1, 1}, {1, 7, 3}, {5, 1, 9}, {8, 8, 8}, {17, 13, 11}, {33, 100, 7},
        {100, 17, 100}, {131, 37, 23}, {257, 64, 13}};
    private static final int[] ACTS = {Gemm.IDENTITY, Gemm.TANH, Gemm.RELU, Gemm.SIGMOID};

    @Test
    void gemmMatchesScalarBitsAndTheReferenceInFloat64() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int[] s : SHAPES) {
            int n = s[0], p = s[1], c = s[2];
            double[] a = random(rng, n * p);
            double[] b = random(rng, p * c);
            double[] bias = random(rng, c);
            forEachLayout(n, p, c, (bp, bc, act, what) -> {
                double[] y = new double[n * c];
                // two ranges, the second starting mid-block
                int split = Math.min(n, 3);
                Gemm.gemm(a, b, bias, y, n, p, c, bp, bc, act, 0, split);
                Gemm.gemm(a, b, bias, y, n, p, c, bp, bc, act, split, n);
                double[] scalar = new double[n * c];
                Gemm.gemmScalar(a, b, scalar, n, p, c, bp, bc, 0, n);
                Gemm.activate(bias, scalar, n, c, act, 0, n);
                for (int e = 0; e < y.length; e++) {
                    assertEquals(Double.doubleToLongBits(scalar[e]), Double.doubleToLongBits(y[e]), what + " element " + e);
                }
                checkReference(what, a, b, bias, y, n, p, c, bp, bc, act, false);
            });
        }
    }

    @Test
    void gemmMatchesScalarBitsAndTheReferenceInFloat32() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int[] s : SHAPES) {
            int n = s[0], p = s[1], c = s[2];
            float[] a = randomF(rng, n * p);
            float[] b = randomF(rng, p * c);
            float[] bias = randomF(rng, c);
            forEachLayout(n, p, c, (bp, bc, act, what) -> {
                float[] y = new float[n * c];
                int split = Math.min(n, 5);
                Gemm.gemm(a, b, bias, y, n, p, c, bp, bc, act, 0, split);
                Gemm.gemm(a, b, bias, y, n, p, c, bp, bc, act, split, n);
                float[] scalar = new float[n * c];
                Gemm.gemmScalar(a, b, scalar, n, p, c, bp, bc, 0, n);
                Gemm.activate(bias, scalar, n, c, act, 0, n);
                for (int e = 0; e < y.length; e++) {
                    assertEquals(Float.floatToIntBits(scalar[e]), Float.floatToIntBits(y[e]), what + " element " + e);
                }
                // float values widen to double exactly, so the reference is the float64 one
                checkReference(what, toDouble(a), toDouble(b), toDouble(bias), toDouble(y), n, p, c, bp, bc, act, true);
            });
        }
    }

    /** One layout of B (its strides bp over P and bc over C) with one activation, and a label for messages. */
    private interface Layout {
        void check(int bp, int bc, int act, String what);
    }

    /** Both orientations of B (P-major and C-major) with every activation. */
    private static void forEachLayout(int n, int p, int c, Layout body) {
        for (int orient = 0; orient < 2; orient++) {
            int bp = orient == 0 ? 1 : c;
            int bc = orient == 0 ? p : 1;
            for (int act : ACTS) {
                body.check(bp, bc, act, "n " + n + " P " + p + " C " + c + " orient " + orient + " act " + act);
            }
        }
    }

    /**
     * y against a double dot-product reference within 4 (P + 1) u sum|terms| plus 8 ulps of the result (tanh and
     * sigmoid are 1-Lipschitz; their own rounding adds a few ulps), u and the ulps those of float32 if {@code f32}.
     */
    private static void checkReference(String what, double[] a, double[] b, double[] bias, double[] y, int n, int p,
                                       int c, int bp, int bc, int act, boolean f32) {
        for (int j = 0; j < c; j++) {
            for (int r = 0; r < n; r++) {
                double ref = 0;
                double mag = Math.abs(bias[j]);
                for (int q = 0; q < p; q++) {
                    double t = a[q * n + r] * b[q * bp + j * bc];
                    ref += t;
                    mag += Math.abs(t);
                }
                double bound = 4 * (p + 1) * (f32 ? 0x1p-24 : 0x1p-53) * mag;
                double want = Gemm.act(ref + bias[j], act);
                double got = y[j * n + r];
                double ulp = f32 ? Math.ulp((float) want) : Math.ulp(want);
                if (Math.abs(got - want) > bound + 8 * ulp) {
                    fail(what + " (" + r + ", " + j + "): " + got + " vs reference " + want + ", bound " + bound);
                }
            }
        }
    }

    /** prev + x^T g in one pass is the product followed by the engine's element-wise add, bit for bit. */
    @Test
    void accumulatingTransposedProductIsTheProductThenAnAdd() {
        SplittableRandom rng = new SplittableRandom(6);
        int n = 37, k = 13, m = 11;
        double[] x = random(rng, n * k);
        double[] g = random(rng, n * m);
        double[] prev = random(rng, k * m);
        prev[0] = -0.0; // a signed zero stays what the add makes of it
        double[] product = new double[k * m];
        Gemm.gemmTransA(x, g, product, n, k, m, 0, m);
        double[] want = new double[k * m];
        Elementwise.binary(Elementwise.ADD, prev, k, m, product, k, m, want, k, m, 0, k * m);
        double[] got = new double[k * m];
        Gemm.gemmTransA(x, g, prev, got, n, k, m, 0, 3);
        Gemm.gemmTransA(x, g, prev, got, n, k, m, 3, m);
        float[] productF = new float[k * m];
        Gemm.gemmTransA(toFloat(x), toFloat(g), productF, n, k, m, 0, m);
        float[] wantF = new float[k * m];
        Elementwise.binary(Elementwise.ADD, toFloat(prev), k, m, productF, k, m, wantF, k, m, 0, k * m);
        float[] gotF = new float[k * m];
        Gemm.gemmTransA(toFloat(x), toFloat(g), toFloat(prev), gotF, n, k, m, 0, m);
        for (int e = 0; e < k * m; e++) {
            assertEquals(Double.doubleToRawLongBits(want[e]), Double.doubleToRawLongBits(got[e]), "element " + e);
            assertEquals(Float.floatToRawIntBits(wantF[e]), Float.floatToRawIntBits(gotF[e]), "float element " + e);
        }
    }

    /** The fused activation gradient with the bias's sum is nn_act_grad then the row sum then an add, bit for bit. */
    @Test
    void activationGradientWithBiasSumIsTheThreeSteps() {
        SplittableRandom rng = new SplittableRandom(9);
        int n = 23, c = 7;
        for (int act : new int[] {Gemm.IDENTITY, Gemm.TANH, Gemm.SIGMOID, Gemm.RELU}) {
            double[] g = random(rng, n * c);
            double[] y = random(rng, n * c);
            double[] prev = random(rng, c);
            double[] dz = new double[n * c];
            Gemm.actGrad(g, y, dz, act, 0, n * c);
            double[] sum = new double[c];
            Sums.sumRows(dz, sum, n, c, 0, c);
            double[] gotDz = new double[n * c];
            double[] gotDb = new double[c];
            Gemm.actGradSum(g, y, gotDz, gotDb, prev, n, act, 0, 4);
            Gemm.actGradSum(g, y, gotDz, gotDb, prev, n, act, 4, c);
            double[] plainDb = new double[c];
            Gemm.actGradSum(g, y, new double[n * c], plainDb, null, n, act, 0, c);
            for (int e = 0; e < n * c; e++) {
                assertEquals(Double.doubleToRawLongBits(dz[e]), Double.doubleToRawLongBits(gotDz[e]), "dz " + e);
            }
            for (int j = 0; j < c; j++) {
                assertEquals(Double.doubleToRawLongBits(prev[j] + sum[j]), Double.doubleToRawLongBits(gotDb[j]), "db " + j);
                assertEquals(Double.doubleToRawLongBits(sum[j]), Double.doubleToRawLongBits(plainDb[j]), "sum " + j);
            }
        }
    }

    @Test
    void transposedProductMatchesScalarBitsAndTheReference() {
        SplittableRandom rng = new SplittableRandom(5);
        int[] ns = {1, 7, 8, 9, 16, 17, 100, 257};
        int[][] km = {{1, 1}, {3, 5}, {4, 4}, {13, 16}, {17, 33}};
        for (int n : ns) {
            for (int[] s : km) {
                int k = s[0], m = s[1];
                double[] x = random(rng, n * k);
                double[] g = random(rng, n * m);
                double[] y = new double[k * m];
                Gemm.gemmTransA(x, g, y, n, k, m, 0, 1);
                Gemm.gemmTransA(x, g, y, n, k, m, 1, m);
                double[] scalar = new double[k * m];
                Gemm.gemmTransAScalar(x, g, scalar, n, k, m, 0, m);
                float[] xf = toFloat(x);
                float[] gf = toFloat(g);
                float[] yf = new float[k * m];
                Gemm.gemmTransA(xf, gf, yf, n, k, m, 0, m);
                float[] scalarF = new float[k * m];
                Gemm.gemmTransAScalar(xf, gf, scalarF, n, k, m, 0, m);
                String what = "n " + n + " k " + k + " m " + m;
                for (int j = 0; j < m; j++) {
                    for (int i = 0; i < k; i++) {
                        int e = j * k + i;
                        assertEquals(Double.doubleToLongBits(scalar[e]), Double.doubleToLongBits(y[e]), what + " element " + e);
                        assertEquals(Float.floatToIntBits(scalarF[e]), Float.floatToIntBits(yf[e]), what + " float element " + e);
                        double ref = 0;
                        double mag = 0;
                        for (int r = 0; r < n; r++) {
                            double t = x[i * n + r] * g[j * n + r];
                            ref += t;
                            mag += Math.abs(t);
                        }
                        assertTrue(Math.abs(y[e] - ref) <= 4 * n * 0x1p-53 * mag, what + " element " + e);
                        assertTrue(Math.abs(yf[e] - ref) <= 4 * (n + 1) * 0x1p-24 * mag, what + " float element " + e);
                    }
                }
            }
        }
    }

    @Test
    void activationGradientsFollowTheOutput() {
        double[] y = {-0.5, 0.0, 0.25, 0.9};
        double[] g = {2.0, 3.0, -1.0, 0.5};
        double[] dz = new double[4];
        Gemm.actGrad(g, y, dz, Gemm.TANH, 0, 4);
        assertEquals(2.0 * (1 - 0.25), dz[0]);
        assertEquals(-1.0 * (1 - 0.0625), dz[2]);
        Gemm.actGrad(g, y, dz, Gemm.SIGMOID, 0, 4);
        assertEquals(0.5 * (0.9 * (1 - 0.9)), dz[3]);
        Gemm.actGrad(g, y, dz, Gemm.RELU, 0, 4);
        assertEquals(0.0, dz[0]);
        assertEquals(0.0, dz[1]);
        assertEquals(-1.0, dz[2]);
    }

    private static double[] random(SplittableRandom rng, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = rng.nextDouble(-1, 1);
        }
        return d;
    }

    private static float[] randomF(SplittableRandom rng, int n) {
        return toFloat(random(rng, n));
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
