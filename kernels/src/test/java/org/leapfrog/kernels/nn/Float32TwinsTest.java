package org.leapfrog.kernels.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The float32 twins against the float64 twins on float inputs widened to double. +, -, *, /, sqrt and 1/x in
 * float are the double result rounded once (double has more than 2 * 24 + 2 bits, so double rounding is
 * innocuous): exact equality. Transcendental ops compute in double and round at the store: exact too.
 * Float sums and products accumulate in float: within (terms + 1) float epsilons of the sum of |terms|.
 */
class Float32TwinsTest {
    private static float[] random(SplittableRandom rng, int n, double lo, double hi) {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) (lo + (hi - lo) * rng.nextDouble());
        }
        return d;
    }

    private static double[] widen(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Test
    void unaryAndBinaryAreTheDoubleResultRoundedOnce() {
        SplittableRandom rng = new SplittableRandom(11);
        int n = 301;
        // ops whose float twin is one rounding of the double twin's value (softplus adds in float: excluded)
        int[] unary = {Elementwise.ADD_SCALAR, Elementwise.MUL_SCALAR, Elementwise.RECIPROCAL, Elementwise.EXP,
                Elementwise.LOG, Elementwise.SQRT, Elementwise.SQUARE, Elementwise.TANH, Elementwise.SIGMOID,
                Elementwise.RELU, Elementwise.CLAMP, Elementwise.INSIDE, Elementwise.NONZERO};
        for (int op : unary) {
            float[] x = random(rng, n, 0.01, 5);
            x[0] = 0f;
            float[] y = new float[n];
            double[] yd = new double[n];
            // scalars exactly representable in float, so both sides use the same value
            Elementwise.unary(op, 0.75, 3.5, x, y, 0, n);
            Elementwise.unary(op, 0.75, 3.5, widen(x), yd, 0, n);
            for (int i = 0; i < n; i++) {
                assertEquals((float) yd[i], y[i], "unary op " + op + " element " + i);
            }
        }
        for (int op = 0; op < Elementwise.BINARY_OPS; op++) {
            float[] a = random(rng, n * 2, 0.5, 2);
            float[] b = random(rng, 2, 0.5, 2);
            float[] y = new float[n * 2];
            double[] yd = new double[n * 2];
            Elementwise.binary(op, a, n, 2, b, 1, 2, y, n, 2, 0, 2 * n);
            Elementwise.binary(op, widen(a), n, 2, widen(b), 1, 2, yd, n, 2, 0, 2 * n);
            for (int i = 0; i < 2 * n; i++) {
                assertEquals((float) yd[i], y[i], "binary op " + op + " element " + i);
            }
        }
    }

    @Test
    void sumsAreWithinFloatAccumulationError() {
        SplittableRandom rng = new SplittableRandom(12);
        int n = 67;
        int k = 13;
        float[] x = random(rng, n * k, -1, 1);
        float eps = Math.ulp(1f);
        float[] y;
        double[] yd;
        y = new float[k];
        yd = new double[k];
        Sums.sumRows(x, y, n, k, 0, k);
        Sums.sumRows(widen(x), yd, n, k, 0, k);
        assertClose("sumRows", yd, y, (n + 1) * eps * n);
        y = new float[n];
        yd = new double[n];
        Sums.sumCols(x, y, n, k, 0, n);
        Sums.sumCols(widen(x), yd, n, k, 0, n);
        assertClose("sumCols", yd, y, (k + 1) * eps * k);
    }

    /** |y - yd| <= bound (the terms are at most 1 in size, so the sum of |terms| is at most their count). */
    private static void assertClose(String what, double[] yd, float[] y, double bound) {
        double worst = 0;
        for (int i = 0; i < y.length; i++) {
            worst = Math.max(worst, Math.abs(y[i] - yd[i]));
        }
        assertTrue(worst <= bound, what + ": worst " + worst + " > " + bound);
        assertTrue(worst > 0, what + ": float accumulation should differ from double somewhere");
    }
}
