package org.leapfrog.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.ElementType;
import org.leapfrog.kernels.LfMathF;
import org.leapfrog.kernels.RandomStream;

/**
 * Random tensors on float32 engines are the samplers' float32 streams ({@link LfMathF}) with the float64
 * engine's keys, and the OpenCL kernel gives the Java twin's bits (PoCL's float division and sqrt are
 * correctly rounded; the normals' float Box-Muller uses them).
 */
class Float32RandomOpsTest {
    private static final long SEED = 0x1234_5678_9abcL;
    private static final int PURPOSE = RandomStream.PURPOSE_USER + 5;

    private static Tensor draw(Engine e, int kind, int rows, int cols, int iteration) {
        return switch (kind) {
            case 0 -> e.normal(rows, cols, SEED, PURPOSE, iteration);
            case 1 -> e.uniform(rows, cols, SEED, PURPOSE, iteration);
            case 2 -> e.rademacher(rows, cols, SEED, PURPOSE, iteration);
            default -> e.bernoulli(rows, cols, 0.3, SEED, PURPOSE, iteration);
        };
    }

    @Test
    void javaFloat32DrawsAreTheSamplersFloat32Streams() {
        Engine e = Engine.java(ElementType.FLOAT32);
        int rows = 5, cols = 7, it = 9;
        float[] normal = draw(e, 0, rows, cols, it).floatData();
        float[] uniform = draw(e, 1, rows, cols, it).floatData();
        float[] sign = draw(e, 2, rows, cols, it).floatData();
        float[] mask = draw(e, 3, rows, cols, it).floatData();
        double[] u64 = draw(Engine.java(), 1, rows, cols, it).toArray();
        int[] w = new int[4];
        float[] pair = new float[4];
        double[] z = new double[4];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int i = c * rows + r;
                LfMathF.normals(SEED, r, it, PURPOSE, c / 4, w, pair, z, 0, 4);
                assertEquals((float) z[c % 4], normal[i]);
                RandomStream.words(SEED, r, it, PURPOSE, c / 4, w);
                float u = LfMathF.uniform(w[c % 4]);
                assertEquals(u, uniform[i]);
                assertTrue(Math.abs(u - u64[i]) <= 0x1p-24, "float32 uniform within 2^-24 of the float64 one");
                assertEquals(u64[i] < 0.5 ? 1f : -1f, sign[i]);
                assertEquals(u < 0.3 ? 1f : 0f, mask[i]);
            }
        }
    }

    @Test
    void openClFloat32DrawsAreBitIdenticalToJava() {
        Engine cl = TestEngines.get32("opencl");
        Engine java = Engine.java(ElementType.FLOAT32);
        for (int kind = 0; kind < 4; kind++) {
            for (int[] shape : new int[][] {{1, 1}, {37, 5}, {200, 8}, {3, 13}}) {
                float[] a = draw(java, kind, shape[0], shape[1], 4).floatData();
                float[] b = draw(cl, kind, shape[0], shape[1], 4).floatData();
                assertArrayEquals(a, b, "kind " + kind + " shape " + shape[0] + " x " + shape[1]);
            }
        }
    }
}
