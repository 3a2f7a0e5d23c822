package org.leapfrog.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fused dense product {@link Linear} against the unfused ops on the same engine: the values and every gradient
 * are the same bits (the fused kernel adds the bias after the product and applies the activation at the store, as
 * the separate ops do, and the backward rule computes the same expressions; OpenCL's fused tanh and sigmoid are the
 * exception, see the test), on awkward shapes that are not
 * multiples of the kernels' lanes or blocks. Finite-difference checks of the op are in {@link OpsGradientTest}.
 */
class LinearTest {
    static Stream<Arguments> cases() {
        return Stream.of(TestEngines.NAMES).flatMap(e -> Stream.of(Linear.Activation.values()).flatMap(a ->
                Stream.of(new int[] {1, 1, 1}, new int[] {37, 5, 9}, new int[] {130, 17, 6})
                        .map(s -> Arguments.of(e, a, s))));
    }

    private static Tensor unfused(Tensor x, Tensor w, Tensor b, Linear.Activation a) {
        Tensor z = b == null ? x.matmul(w) : x.matmul(w).add(b);
        return switch (a) {
            case IDENTITY -> z;
            case TANH -> z.tanh();
            case RELU -> z.relu();
            case SIGMOID -> z.sigmoid();
        };
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void fusedEqualsUnfusedToTheBitWithGradients(String engineName, Linear.Activation act, int[] shape) {
        Engine engine = TestEngines.get(engineName);
        int n = shape[0], k = shape[1], m = shape[2];
        SplittableRandom rng = new SplittableRandom(n * 31 + m);
        Tensor x = engine.variable(n, k, random(rng, n * k));
        Tensor w = engine.variable(k, m, random(rng, k * m));
        Tensor b = engine.variable(1, m, random(rng, m));
        Tensor probe = engine.wrap(n, m, random(rng, n * m));
        for (boolean withBias : new boolean[] {true, false}) {
            Tensor bias = withBias ? b : null;
            Tensor fused = Linear.apply(x, w, bias, act);
            Tensor plain = unfused(x, w, bias, act);
            // On OpenCL the fused tanh and sigmoid are the vector built-ins, which may round differently from the
            // element-wise kernels' scalar ones (within OpenCL's bounds: 4 ulps here); gradients then differ by at
            // most 130 terms of O(4) each off by a few ulps: 1e-12. Everything else is the same bits.
            boolean vectorFunctions = engine.isOpenCl() && (act == Linear.Activation.TANH || act == Linear.Activation.SIGMOID);
            double[] pv = plain.toArray();
            double[] fv = fused.toArray();
            for (int i = 0; i < pv.length; i++) {
                assertEquals(pv[i], fv[i], vectorFunctions ? 4 * Math.ulp(pv[i]) : 0.0, act + " value " + i);
            }
            Tensor[] gf = Graph.grad(fused.mul(probe).sum(), withBias ? List.of(x, w, b) : List.of(x, w), false);
            Tensor[] gu = Graph.grad(plain.mul(probe).sum(), withBias ? List.of(x, w, b) : List.of(x, w), false);
            for (int i = 0; i < gf.length; i++) {
                assertArrayEquals(gu[i].toArray(), gf[i].toArray(), vectorFunctions ? 1e-12 : 0.0,
                        act + " gradient " + i + " bias " + withBias);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "opencl"})
    void badShapesAreNamed(String engineName) {
        Engine engine = TestEngines.get(engineName);
        Tensor x = engine.zeros(4, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Linear.apply(x, engine.zeros(2, 5), null, Linear.Activation.TANH));
        assertTrue(e.getMessage().startsWith("linear: shapes 4 x 3 and 2 x 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Linear.apply(x, engine.zeros(3, 5), engine.zeros(1, 4), Linear.Activation.TANH));
        assertEquals("linear: bias shape 1 x 4; allowed: 1 x 5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Linear.apply(x, engine.zeros(3, 5), null, null));
        assertTrue(e.getMessage().startsWith("act: null"), e.getMessage());
    }

    private static double[] random(SplittableRandom rng, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = rng.nextDouble(-2, 2);
        }
        return d;
    }
}
