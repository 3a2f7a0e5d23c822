package org.leapfrog.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The additions for samplers written in tensor ops: reshape (storage order, differentiable to second order),
 * matmulTransB, finite and interval masks, and backward into chosen leaves only.
 */
class SamplerOpsTest {
    @Test
    void reshapeKeepsStorageOrderAndDifferentiates() {
        Engine e = Engine.java();
        double[] v = {1, 2, 3, 4, 5, 6};
        Tensor a = e.variable(2, 3, v.clone());
        Tensor r = a.reshape(3, 2);
        assertArrayEquals(v, r.toArray(), 0.0);
        assertEquals(3, r.rows());
        // f = sum(reshape(a)^3): df/da = 3 a^2, d2f/da2 (summed) = 6 a.
        Tensor g = Graph.grad(r.square().mul(r).sum(), a, true);
        double[] gv = g.toArray();
        for (int i = 0; i < v.length; i++) {
            assertEquals(3 * v[i] * v[i], gv[i], 1e-12);
        }
        double[] h = Graph.grad(g.sum(), a, false).toArray();
        for (int i = 0; i < v.length; i++) {
            assertEquals(6 * v[i], h[i], 1e-12);
        }
        assertThrows(IllegalArgumentException.class, () -> a.reshape(4, 2));
    }

    @Test
    void matmulTransBAppliesTheMatrixPerRow() {
        Engine e = Engine.java();
        Tensor x = e.wrap(2, 3, new double[] {1, 4, 2, 5, 3, 6}); // rows (1,2,3), (4,5,6)
        Tensor w = e.wrap(2, 3, new double[] {1, 0, 0, 1, 1, 1}); // rows (1,0,1), (0,1,1)
        assertArrayEquals(new double[] {4, 10, 5, 11}, x.matmulTransB(w).toArray(), 0.0);
    }

    @Test
    void masks() {
        Engine e = Engine.java();
        Tensor t = e.wrap(1, 5, new double[] {1, Double.NaN, Double.POSITIVE_INFINITY, -3, Double.NEGATIVE_INFINITY});
        assertArrayEquals(new double[] {1, 0, 0, 1, 0}, t.finiteMask().toArray(), 0.0);
        assertArrayEquals(new double[] {0, 0, 0, 1, 0}, t.insideMask(Double.NEGATIVE_INFINITY, 0).toArray(), 0.0);
    }

    @Test
    void backwardIntoChosenLeavesOnly() {
        Engine e = Engine.java();
        Tensor a = e.variable(1, 2, new double[] {1, 2});
        Tensor b = e.variable(1, 2, new double[] {3, 4});
        Tensor f = a.mul(b).sum();
        Graph.backward(f, List.of(a));
        assertArrayEquals(new double[] {3, 4}, a.gradToArray(), 0.0);
        assertArrayEquals(new double[] {0, 0}, b.gradToArray(), 0.0);
        Graph.accumulate(b, e.wrap(1, 2, new double[] {1, 1}));
        assertArrayEquals(new double[] {1, 1}, b.gradToArray(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> Graph.accumulate(b, e.zeros(2, 1)));
    }
}
