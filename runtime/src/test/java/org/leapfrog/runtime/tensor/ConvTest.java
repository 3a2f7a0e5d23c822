package org.leapfrog.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.leapfrog.kernels.ElementType;

/**
 * Convolution ops: PyTorch fixtures (src/test/python/make_conv_fixtures.py, float64) on both engines; the OpenCL
 * layout kernels against their Java twins bit for bit in float64 and float32; gradients against finite
 * differences to second order; float32 against float64; argument errors.
 */
class ConvTest {
    private static JsonNode fixtures;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = ConvTest.class.getResourceAsStream("conv.json")) {
            fixtures = new ObjectMapper().readTree(in);
        }
    }

    private static double[] values(JsonNode n) {
        double[] d = new double[n.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = n.get(i).doubleValue();
        }
        return d;
    }

    private record Case(String kind, int n, int c, int h, int w, int cOut, int k, int stride, int pad, int op) {
        static Case of(JsonNode f) {
            return new Case(f.get("kind").asText(), f.get("n").asInt(), f.get("c").asInt(), f.get("h").asInt(),
                    f.get("w").asInt(), f.get("c_out").asInt(), f.get("k").asInt(), f.get("stride").asInt(),
                    f.get("pad").asInt(), f.get("output_padding").asInt());
        }

        boolean conv() {
            return kind.equals("conv2d");
        }

        int wRows() {
            return conv() ? c * k * k : c;
        }

        int wCols() {
            return conv() ? cOut : cOut * k * k;
        }

        Tensor apply(Tensor x, Tensor w, Tensor b) {
            return conv() ? Conv.conv2d(x, c, h, this.w, w, b, k, stride, pad)
                    : Conv.convTranspose2d(x, c, h, this.w, w, b, k, stride, pad, op);
        }
    }

    /**
     * Each output is a sum of at most C*K*K products of O(1) values, gradients of at most C'*OH*OW; both sides
     * sum in different orders, so they differ by rounding: about 1e-15 of the array's largest magnitude per
     * term. 1e-12 of the largest magnitude is far above that and far below any indexing error (O(1)).
     */
    private static void assertClose(String what, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= 1e-12 * scale)) {
                fail(what + "[" + i + "]: ours " + actual[i] + ", PyTorch " + expected[i]);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.leapfrog.runtime.tensor.TestEngines#names")
    void matchesPyTorch(String engineName) {
        Engine e = TestEngines.get(engineName);
        for (JsonNode f : fixtures.get("cases")) {
            Case k = Case.of(f);
            String what = engineName + " " + f.toString().substring(0, 120);
            Tensor x = e.variable(k.n, k.c * k.h * k.w, values(f.get("x")));
            Tensor w = e.variable(k.wRows(), k.wCols(), values(f.get("weight")));
            Tensor b = e.variable(1, k.cOut, values(f.get("bias")));
            Tensor y = k.apply(x, w, b);
            assertEquals(k.n, y.rows());
            assertEquals(k.cOut * f.get("oh").asInt() * f.get("ow").asInt(), y.cols(), what);
            assertClose(what + " y", values(f.get("y")), y.toArray());
            Tensor r = e.wrap(y.rows(), y.cols(), values(f.get("r")));
            Tensor[] g = Graph.grad(y.mul(r).sum(), List.of(x, w, b), false);
            assertClose(what + " dx", values(f.get("dx")), g[0].toArray());
            assertClose(what + " dweight", values(f.get("dweight")), g[1].toArray());
            assertClose(what + " dbias", values(f.get("dbias")), g[2].toArray());
        }
    }

    /** The OpenCL kernels give their twins' bits (copies and fixed-order sums, no contraction) in both precisions. */
    @Test
    void openClLayoutKernelsEqualTheirTwins() {
        Engine java64 = TestEngines.get("java");
        Engine cl64 = TestEngines.get("opencl");
        Engine java32 = TestEngines.get32("java");
        Engine cl32 = TestEngines.get32("opencl");
        int[][] geometries = {{1, 1, 1, 1, 1, 1, 0}, {3, 2, 7, 6, 3, 2, 1}, {100, 16, 14, 14, 5, 2, 2},
                {5, 3, 5, 9, 3, 1, 0}, {7, 32, 7, 7, 5, 2, 2}, {2, 2, 11, 4, 4, 3, 1}};
        SplittableRandom rng = new SplittableRandom(5);
        for (int[] gm : geometries) {
            Conv.Geometry g = Conv.Geometry.of(gm[1], gm[2], gm[3], gm[4], gm[5], gm[6]);
            int n = gm[0];
            double[] img = random(rng, n * g.imageFeatures());
            double[] cols = random(rng, n * g.positions() * g.columns());
            for (Engine[] pair : new Engine[][] {{java64, cl64}, {java32, cl32}}) {
                double[] a = Conv.im2col(pair[0].wrap(n, g.imageFeatures(), img), g).toArray();
                double[] b = Conv.im2col(pair[1].wrap(n, g.imageFeatures(), img), g).toArray();
                assertArrayEquals(a, b, "im2col " + g + " " + pair[0].precision());
                double[] c = Conv.col2im(pair[0].wrap(g.positions() * n, g.columns(), cols), g, n).toArray();
                double[] d = Conv.col2im(pair[1].wrap(g.positions() * n, g.columns(), cols), g, n).toArray();
                assertArrayEquals(c, d, "col2im " + g + " " + pair[0].precision());
            }
        }
    }

    private static double[] random(SplittableRandom rng, int n) {
        double[] d = new double[n];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextDouble(-1, 1);
        }
        return d;
    }

    /** col2im is the adjoint of im2col: {@code <im2col(x), c> = <x, col2im(c)>} (to rounding). */
    @Test
    void col2imIsTheAdjointOfIm2col() {
        Engine e = TestEngines.get("java");
        SplittableRandom rng = new SplittableRandom(9);
        Conv.Geometry g = Conv.Geometry.of(3, 9, 8, 5, 2, 2);
        int n = 4;
        Tensor x = e.wrap(n, g.imageFeatures(), random(rng, n * g.imageFeatures()));
        Tensor c = e.wrap(g.positions() * n, g.columns(), random(rng, n * g.positions() * g.columns()));
        double lhs = Conv.im2col(x, g).mul(c).sum().item();
        double rhs = x.mul(Conv.col2im(c, g, n)).sum().item();
        assertEquals(lhs, rhs, 1e-12 * Math.max(1, Math.abs(lhs)));
    }

    private static final Case[] SMALL = {
        new Case("conv2d", 2, 2, 5, 4, 2, 3, 2, 1, 0),
        new Case("conv2d", 2, 1, 4, 4, 2, 3, 1, 0, 0),
        new Case("conv_transpose2d", 2, 2, 3, 2, 2, 3, 2, 1, 1),
        new Case("conv_transpose2d", 2, 1, 2, 3, 2, 3, 1, 1, 0),
    };

    /** softplus(conv(x, w) + b): first and second derivatives in x, w and b against finite differences. */
    @ParameterizedTest
    @MethodSource("org.leapfrog.runtime.tensor.TestEngines#names")
    void gradientsMatchFiniteDifferences(String engineName) {
        Engine e = TestEngines.get(engineName);
        for (Case k : SMALL) {
            SplittableRandom rng = new SplittableRandom(k.hashCode());
            List<Tensor> ins = List.of(GradCheck.variable(e, rng, k.n, k.c * k.h * k.w, -1, 1, 0),
                    GradCheck.variable(e, rng, k.wRows(), k.wCols(), -0.7, 0.7, 0),
                    GradCheck.variable(e, rng, 1, k.cOut, -1, 1, 0));
            Function<List<Tensor>, Tensor> f = in -> k.apply(in.get(0), in.get(1), in.get(2)).softplus();
            GradCheck.firstOrder(k.toString(), f, ins, 31);
            GradCheck.secondOrder(k.toString(), f, ins, 37);
        }
    }

    /** float32 engines: within 2e-6 of the float64 value's scale (sums of at most 75 float products). */
    @ParameterizedTest
    @MethodSource("org.leapfrog.runtime.tensor.TestEngines#names")
    void float32AgreesWithFloat64(String engineName) {
        Engine e64 = TestEngines.get(engineName);
        Engine e32 = TestEngines.get32(engineName);
        for (JsonNode f : fixtures.get("cases")) {
            Case k = Case.of(f);
            double[] x = values(f.get("x"));
            double[] w = values(f.get("weight"));
            double[] b = values(f.get("bias"));
            double[] y64 = k.apply(e64.wrap(k.n, k.c * k.h * k.w, x), e64.wrap(k.wRows(), k.wCols(), w),
                    e64.wrap(1, k.cOut, b)).toArray();
            double[] y32 = k.apply(e32.wrap(k.n, k.c * k.h * k.w, x), e32.wrap(k.wRows(), k.wCols(), w),
                    e32.wrap(1, k.cOut, b)).toArray();
            double scale = 0;
            for (double v : y64) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < y64.length; i++) {
                assertTrue(Math.abs(y64[i] - y32[i]) <= 2e-6 * scale, k + " [" + i + "] " + y64[i] + " vs " + y32[i]);
            }
        }
    }

    @Test
    void badArgumentsAreClearErrors() {
        Engine e = Engine.java();
        Tensor x = e.zeros(2, 3 * 5 * 5);
        Tensor w = e.zeros(3 * 9, 4);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> Conv.conv2d(x, 3, 5, 5, w, null, 3, 0, 1));
        assertTrue(ex.getMessage().startsWith("stride: 0; allowed: 1 or more"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class, () -> Conv.conv2d(x, 3, 5, 4, w, null, 3, 1, 1));
        assertTrue(ex.getMessage().startsWith("x: shape 2 x 75; allowed: n x 60"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class, () -> Conv.conv2d(x, 3, 5, 5, e.zeros(9, 4), null, 3, 1, 1));
        assertTrue(ex.getMessage().startsWith("weight: shape 9 x 4; allowed: 27 x cOut"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class,
                () -> Conv.convTranspose2d(x, 3, 5, 5, e.zeros(3, 36), null, 3, 2, 1, 2));
        assertTrue(ex.getMessage().startsWith("outputPadding: 2; allowed: 0 to stride - 1 = 1"), ex.getMessage());
        ex = assertThrows(IllegalArgumentException.class, () -> Conv.conv2d(x, 3, 5, 5, w, null, 3, 1, 3));
        assertTrue(ex.getMessage().startsWith("padding: 3; allowed: less than the kernel size 3"), ex.getMessage());
    }
}
