package org.leapfrog.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.RandomStream;

/** Random tensors: keyed like the samplers' draws, identical bits on both engines. */
class RandomOpsTest {
    private static final long SEED = 0x1234_5678_9ABC_DEF0L;
    private static final int PURPOSE = RandomStream.PURPOSE_USER + 3;

    private static Tensor draw(Engine e, int kind, int rows, int cols, int iteration) {
        return switch (kind) {
            case 0 -> e.normal(rows, cols, SEED, PURPOSE, iteration);
            case 1 -> e.uniform(rows, cols, SEED, PURPOSE, iteration);
            case 2 -> e.rademacher(rows, cols, SEED, PURPOSE, iteration);
            default -> e.bernoulli(rows, cols, 0.3, SEED, PURPOSE, iteration);
        };
    }

    /** Element (r, c) is value c of stream (seed, chain r, iteration, purpose), as the samplers draw it. */
    @Test
    void javaEngineDrawsAreTheSamplersStreams() {
        Engine e = Engine.java();
        int rows = 5, cols = 7, it = 9;
        double[] normal = e.normal(rows, cols, SEED, PURPOSE, it).toArray();
        double[] uniform = e.uniform(rows, cols, SEED, PURPOSE, it).toArray();
        double[] sign = e.rademacher(rows, cols, SEED, PURPOSE, it).toArray();
        double[] mask = e.bernoulli(rows, cols, 0.3, SEED, PURPOSE, it).toArray();
        int[] w = new int[4];
        double[] z = new double[4];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                RandomStream.normals(SEED, r, it, PURPOSE, c / 4, w, z, 0, 4);
                assertEquals(z[c % 4], normal[c * rows + r]);
                RandomStream.words(SEED, r, it, PURPOSE, c / 4, w);
                double u = RandomStream.uniform(w[c % 4]);
                assertEquals(u, uniform[c * rows + r]);
                assertEquals(u < 0.5 ? 1.0 : -1.0, sign[c * rows + r]);
                assertEquals(u < 0.3 ? 1.0 : 0.0, mask[c * rows + r]);
            }
        }
    }

    @Test
    void openClDrawsAreBitIdenticalToJava() {
        Engine cl = TestEngines.get("opencl");
        Engine java = Engine.java();
        for (int kind = 0; kind < 4; kind++) {
            for (int[] shape : new int[][] {{1, 1}, {37, 5}, {200, 8}, {3, 13}}) {
                double[] a = draw(java, kind, shape[0], shape[1], 4).toArray();
                double[] b = draw(cl, kind, shape[0], shape[1], 4).toArray();
                assertArrayEquals(a, b, "kind " + kind + " shape " + shape[0] + " x " + shape[1]);
            }
        }
    }

    /**
     * 200,000 draws: the mean of Rademacher signs has standard deviation 1/sqrt(n) = 0.0022 and the Bernoulli(0.3)
     * frequency 0.001; the tolerances are 5 standard deviations (false-failure rate below 1e-6, fixed seed).
     * Iterations and purposes give different streams.
     */
    @Test
    void drawsHaveTheRightMeansAndStreamsDiffer() {
        Engine e = Engine.java();
        int n = 200_000;
        assertEquals(0.0, e.rademacher(n, 1, SEED, PURPOSE, 0).mean().item(), 5 * Math.sqrt(1.0 / n));
        assertEquals(0.3, e.bernoulli(n, 1, 0.3, SEED, PURPOSE, 0).mean().item(), 5 * Math.sqrt(0.21 / n));
        assertEquals(0.5, e.uniform(n, 1, SEED, PURPOSE, 0).mean().item(), 5 * Math.sqrt(1.0 / 12 / n));
        assertEquals(1.0, e.normal(n, 1, SEED, PURPOSE, 0).square().mean().item(), 5 * Math.sqrt(2.0 / n));
        double a = e.normal(1, 1, SEED, PURPOSE, 0).item();
        assertTrue(a != e.normal(1, 1, SEED, PURPOSE, 1).item());
        assertTrue(a != e.normal(1, 1, SEED, PURPOSE + 1, 0).item());
        assertTrue(a != e.normal(1, 1, SEED + 1, PURPOSE, 0).item());
    }

    @Test
    void badArgumentsAreNamed() {
        Engine e = Engine.java();
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> e.bernoulli(2, 2, 1.5, SEED, PURPOSE, 0));
        assertTrue(x.getMessage().startsWith("p: 1.5"), x.getMessage());
        x = assertThrows(IllegalArgumentException.class, () -> e.normal(2, 2, SEED, -1, 0));
        assertTrue(x.getMessage().startsWith("purpose: -1"), x.getMessage());
        assertThrows(IllegalArgumentException.class, () -> e.uniform(0, 2, SEED, PURPOSE, 0));
    }
}
