package org.leapfrog.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lane kernels of softplus and sigmoid ({@link Activations}): OpenCL (lanes, with a partial last group) against
 * the Java twins and against the element-wise ops, within 8 ulps (OpenCL's exp and log1p are within 3-4 ulps of
 * the correctly rounded results, Java's within 1-2); float32 within 8 float ulps of float64; gradients to
 * second order against finite differences.
 */
class ActivationsTest {
    private static double[] values(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = rng.nextDouble(-30, 30) * (i % 3 == 0 ? 0.01 : 1);
        }
        d[0] = 0;
        if (n > 2) {
            d[1] = -745;
            d[2] = 710;
        }
        return d;
    }

    private static void assertUlps(String what, double[] expected, double[] actual, double ulps, boolean f32) {
        for (int i = 0; i < expected.length; i++) {
            double ulp = f32 ? Math.ulp((float) expected[i]) : Math.ulp(expected[i]);
            double tol = ulps * Math.max(ulp, f32 ? Float.MIN_NORMAL : Double.MIN_NORMAL);
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol,
                    what + "[" + i + "]: " + actual[i] + " vs " + expected[i]);
        }
    }

    @Test
    void openClLanesAgreeWithJava() {
        Engine j = TestEngines.get("java");
        Engine cl = TestEngines.get("opencl");
        for (int n : new int[] {1, 7, 8, 9, 100, 1003}) {
            double[] x = values(n, n);
            double[] spJ = Activations.softplus(j.wrap(1, n, x)).toArray();
            double[] sgJ = Activations.sigmoid(j.wrap(1, n, x)).toArray();
            assertUlps("softplus cl", spJ, Activations.softplus(cl.wrap(1, n, x)).toArray(), 8, false);
            assertUlps("sigmoid cl", sgJ, Activations.sigmoid(cl.wrap(1, n, x)).toArray(), 8, false);
            assertUlps("softplus vs unary", j.wrap(1, n, x).softplus().toArray(), spJ, 8, false);
            assertUlps("sigmoid vs unary", j.wrap(1, n, x).sigmoid().toArray(), sgJ, 8, false);
            // float32: against float64 at the float-rounded inputs.
            double[] xf = new double[n];
            for (int i = 0; i < n; i++) {
                xf[i] = (float) x[i];
            }
            double[] spF = Activations.softplus(j.wrap(1, n, xf)).toArray();
            double[] sgF = Activations.sigmoid(j.wrap(1, n, xf)).toArray();
            for (String name : TestEngines.NAMES) {
                Engine e32 = TestEngines.get32(name);
                assertUlps("softplus f32 " + name, spF, Activations.softplus(e32.wrap(1, n, x)).toArray(), 8, true);
                assertUlps("sigmoid f32 " + name, sgF, Activations.sigmoid(e32.wrap(1, n, x)).toArray(), 8, true);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.leapfrog.runtime.tensor.TestEngines#names")
    void gradientsMatchFiniteDifferences(String engineName) {
        Engine e = TestEngines.get(engineName);
        SplittableRandom rng = new SplittableRandom(4);
        List<Tensor> ins = List.of(GradCheck.variable(e, rng, 3, 5, -3, 3, 0));
        Function<List<Tensor>, Tensor> sp = in -> Activations.softplus(in.get(0));
        Function<List<Tensor>, Tensor> sg = in -> Activations.sigmoid(in.get(0));
        GradCheck.firstOrder("softplus", sp, ins, 1);
        GradCheck.secondOrder("softplus", sp, ins, 2);
        GradCheck.firstOrder("sigmoid", sg, ins, 3);
        GradCheck.secondOrder("sigmoid", sg, ins, 4);
    }
}
