package org.leapfrog.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GraphTest {
    private final Engine engine = Engine.java();

    @Test
    void layoutIsFeatureMajor() {
        Tensor t = engine.wrap(2, 3, new double[] {1, 2, 3, 4, 5, 6});
        assertEquals(2.0, t.get(1, 0));
        assertEquals(5.0, t.get(0, 2));
    }

    @Test
    void noGradRegionRecordsNothingAndRestores() {
        Tensor x = engine.variable(2, 1, new double[] {1, 2});
        try (Engine.GradRegion r = engine.noGrad()) {
            assertFalse(x.square().requiresGrad());
            try (Engine.GradRegion e = engine.enableGrad()) {
                assertTrue(x.square().requiresGrad());
            }
            assertFalse(engine.isGradEnabled());
            // The mode belongs to the engine: another engine still records.
            Engine other = Engine.java();
            assertTrue(other.variable(1, 1, new double[] {1}).square().requiresGrad());
        }
        assertTrue(engine.isGradEnabled());
        assertTrue(x.square().requiresGrad());
    }

    @Test
    void backwardAccumulatesOverMinibatches() {
        Tensor w = engine.parameter("w", 1, 1);
        w.data()[0] = 3.0;
        // loss_k = sum over batch of (w * x)^2, gradient 2 w sum x^2
        double[][] batches = {{1, 2}, {3}};
        double expected = 0;
        for (double[] xs : batches) {
            Tensor x = engine.wrap(xs.length, 1, xs);
            Graph.backward(x.mul(w).square().sum());
            for (double v : xs) {
                expected += 2 * 3.0 * v * v;
            }
        }
        assertEquals(expected, w.accumulatedGrad()[0], 1e-12);
        w.zeroGrad();
        assertEquals(0.0, w.accumulatedGrad()[0]);
    }

    @Test
    void unusedInputGetsZerosAndDetachStopsGradients() {
        Tensor x = engine.variable(2, 1, new double[] {1, 2});
        Tensor y = engine.variable(2, 1, new double[] {5, 6});
        Tensor loss = x.detach().mul(x).sum();
        Tensor[] g = Graph.grad(loss, List.of(x, y), false);
        assertArrayEquals(new double[] {1, 2}, g[0].data());
        assertArrayEquals(new double[] {0, 0}, g[1].data());
    }

    @Test
    void gradientsWithoutCreateGraphAreConstants() {
        Tensor x = engine.variable(3, 1, new double[] {1, 2, 3});
        assertFalse(Graph.grad(x.square().mul(x).sum(), x, false).requiresGrad());
        Tensor g = Graph.grad(x.square().mul(x).sum(), x, true);
        assertTrue(g.requiresGrad());
        // d/dx sum(3 x^2) = 6 x
        assertArrayEquals(new double[] {6, 12, 18}, Graph.grad(g.sum(), x, false).data(), 1e-12);
    }

    @Test
    void sharedSubexpressionsAccumulate() {
        Tensor x = engine.variable(1, 1, new double[] {0.3});
        Tensor a = x.exp();
        Tensor loss = a.mul(a).add(a).sum();
        // d/dx (e^{2x} + e^x)
        assertEquals(2 * Math.exp(0.6) + Math.exp(0.3), Graph.grad(loss, x, false).item(), 1e-12);
    }

    @Test
    void badShapesAreRejectedWithTheirValues() {
        Tensor a = engine.zeros(3, 2);
        Tensor b = engine.zeros(4, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
        assertTrue(e.getMessage().contains("3 and 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.matmul(b));
        assertThrows(IllegalArgumentException.class, () -> a.sliceCols(1, 3));
        assertThrows(IllegalArgumentException.class, () -> Graph.grad(a.add(1.0), List.of(a), false));
        assertThrows(IllegalArgumentException.class, () -> engine.wrap(2, 2, new double[3]));
    }

    /** Large enough to take the parallel path (n k m above 2^20): all three products against naive loops. */
    @Test
    void largeProductsMatchNaiveLoops() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        int n = 300;
        int k = 70;
        int m = 60;
        Tensor x = GradCheck.randomConstant(engine, rng, n, k);
        Tensor w = GradCheck.randomConstant(engine, rng, k, m);
        Tensor g = GradCheck.randomConstant(engine, rng, n, m);
        Tensor y = x.matmul(w);
        Tensor tb = MatMul.matmulTransB(g, w);
        Tensor ta = MatMul.matmulTransA(x, g);
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int i = 0; i < k; i++) {
                    s += x.get(r, i) * w.get(i, j);
                }
                assertEquals(s, y.get(r, j), 1e-12);
            }
            for (int i = 0; i < k; i++) {
                double s = 0;
                for (int j = 0; j < m; j++) {
                    s += g.get(r, j) * w.get(i, j);
                }
                assertEquals(s, tb.get(r, i), 1e-12);
            }
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int r = 0; r < n; r++) {
                    s += x.get(r, i) * g.get(r, j);
                }
                assertEquals(s, ta.get(i, j), 1e-12);
            }
        }
    }

    @Test
    void deepChainsDoNotOverflowTheStack() {
        Tensor x = engine.variable(1, 1, new double[] {1.0});
        Tensor y = x;
        for (int i = 0; i < 100_000; i++) {
            y = y.mul(1.0);
        }
        assertEquals(1.0, Graph.grad(y.sum(), x, false).item());
    }
}
