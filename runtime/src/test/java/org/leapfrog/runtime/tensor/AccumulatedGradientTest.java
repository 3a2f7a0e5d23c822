package org.leapfrog.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradients of parameters used more than once: the products and sums of the backward rules add into the gradient
 * accumulated so far in their own launch ({@link Backward.Accumulating}), which must give the bits of computing
 * each use's gradient and adding them, on both engines, and stay differentiable (second order).
 */
class AccumulatedGradientTest {
    private static final int N = 37;
    private static final int K = 13;
    private static final int M = 11;

    static java.util.stream.Stream<String> engines() {
        return TestEngines.names();
    }

    private static Tensor random(Engine e, int rows, int cols, long seed, boolean variable) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextDouble(-1, 1);
        }
        return variable ? e.variable(rows, cols, d) : e.wrap(rows, cols, d);
    }

    /** The loss of one use of the shared weights: a dense layer and a plain product, weighted by c. */
    private static Tensor use(Tensor x, Tensor w, Tensor b, Tensor v, Tensor c) {
        Tensor h = Linear.apply(x, w, b, Linear.Activation.RELU);
        return h.matmul(v).mul(c).sum();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void twoUsesGiveTheSumOfEachUsesGradientBitForBit(String name) {
        Engine e = TestEngines.get(name);
        Tensor w = random(e, K, M, 1, true);
        Tensor b = random(e, 1, M, 2, true);
        Tensor v = random(e, M, 3, 3, true);
        Tensor x1 = random(e, N, K, 4, false);
        Tensor x2 = random(e, N, K, 5, false);
        Tensor c1 = random(e, N, 3, 6, false);
        Tensor c2 = random(e, N, 3, 7, false);
        List<Tensor> params = List.of(w, b, v);
        Tensor[] both = Graph.grad(use(x1, w, b, v, c1).add(use(x2, w, b, v, c2)), params, false);
        Tensor[] first = Graph.grad(use(x1, w, b, v, c1), params, false);
        Tensor[] second = Graph.grad(use(x2, w, b, v, c2), params, false);
        for (int p = 0; p < params.size(); p++) {
            double[] got = both[p].toArray();
            double[] a = first[p].toArray();
            double[] s = second[p].toArray();
            for (int i = 0; i < got.length; i++) {
                // two terms: the order of the one addition does not matter
                assertEquals(Double.doubleToRawLongBits(a[i] + s[i]), Double.doubleToRawLongBits(got[i]),
                        name + " parameter " + p + " element " + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void accumulatedGradientsAreDifferentiable(String name) {
        Engine e = TestEngines.get(name);
        Tensor w = random(e, K, M, 11, true);
        Tensor b = random(e, 1, M, 12, true);
        Tensor v = random(e, M, 3, 13, true);
        Tensor x1 = random(e, N, K, 14, true);
        Tensor x2 = random(e, N, K, 15, false);
        Tensor c1 = random(e, N, 3, 16, false);
        Tensor c2 = random(e, N, 3, 17, false);
        // d/dx1 of |dL/dw|^2 + |dL/db|^2 + |dL/dv|^2, through the accumulated gradients and through separate ones
        Tensor[] g = Graph.grad(use(x1, w, b, v, c1).add(use(x2, w, b, v, c2)), List.of(w, b, v), true);
        double[] got = Graph.grad(norm(g), x1, false).toArray();
        Tensor[] g1 = Graph.grad(use(x1, w, b, v, c1), List.of(w, b, v), true);
        Tensor[] g2 = Graph.grad(use(x2, w, b, v, c2), List.of(w, b, v), true);
        Tensor[] sum = {g1[0].add(g2[0]), g1[1].add(g2[1]), g1[2].add(g2[2])};
        double[] want = Graph.grad(norm(sum), x1, false).toArray();
        double scale = 0;
        for (double d : want) {
            scale = Math.max(scale, Math.abs(d));
        }
        assertTrue(scale > 0, "a second derivative that is not zero");
        for (int i = 0; i < want.length; i++) {
            // the same terms summed in another order: rounding only
            assertEquals(want[i], got[i], 1e-12 * scale, name + " element " + i);
        }
    }

    private static Tensor norm(Tensor[] g) {
        Tensor s = g[0].square().sum();
        for (int i = 1; i < g.length; i++) {
            s = s.add(g[i].square().sum());
        }
        return s;
    }
}
