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

    /** Shared weights w, b, v and two uses' inputs and weights, drawn from seeds seed to seed + 6. */
    private record TwoUses(Tensor w, Tensor b, Tensor v, Tensor x1, Tensor x2, Tensor c1, Tensor c2) {
        static TwoUses of(Engine e, long seed, boolean x1Variable) {
            return new TwoUses(random(e, K, M, seed, true), random(e, 1, M, seed + 1, true),
                    random(e, M, 3, seed + 2, true), random(e, N, K, seed + 3, x1Variable),
                    random(e, N, K, seed + 4, false), random(e, N, 3, seed + 5, false), random(e, N, 3, seed + 6, false));
        }

        Tensor first() {
            return use(x1, w, b, v, c1);
        }

        Tensor second() {
            return use(x2, w, b, v, c2);
        }

        List<Tensor> params() {
            return List.of(w, b, v);
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void twoUsesGiveTheSumOfEachUsesGradientBitForBit(String name) {
        TwoUses u = TwoUses.of(TestEngines.get(name), 1, false);
        List<Tensor> params = u.params();
        Tensor[] both = Graph.grad(u.first().add(u.second()), params, false);
        Tensor[] first = Graph.grad(u.first(), params, false);
        Tensor[] second = Graph.grad(u.second(), params, false);
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
        TwoUses u = TwoUses.of(TestEngines.get(name), 11, true);
        // d/dx1 of |dL/dw|^2 + |dL/db|^2 + |dL/dv|^2, through the accumulated gradients and through separate ones
        Tensor[] g = Graph.grad(u.first().add(u.second()), u.params(), true);
        double[] got = Graph.grad(norm(g), u.x1(), false).toArray();
        Tensor[] g1 = Graph.grad(u.first(), u.params(), true);
        Tensor[] g2 = Graph.grad(u.second(), u.params(), true);
        Tensor[] sum = {g1[0].add(g2[0]), g1[1].add(g2[1]), g1[2].add(g2[2])};
        double[] want = Graph.grad(norm(sum), u.x1(), false).toArray();
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
