package org.leapfrog.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The block float32 normals and uniforms equal LfMathF's per-chain ones bit for bit. */
class BlockNormalsFTest {
    @Test
    void blockNormalsEqualThePerChainOnes() {
        BlockNormalsF block = new BlockNormalsF(64);
        int[] words = new int[4];
        float[] pair = new float[4];
        double[] one = new double[4];
        for (int rows = 1; rows <= 4; rows++) {
            for (int count : new int[] {1, 7, 64}) {
                double[] out = new double[4 * 64 + 3];
                block.normals(0x1234_5678_9ABCL, 1000, count, 42, RandomStream.PURPOSE_MOMENTUM, 3, rows, out, 3, 64);
                for (int j = 0; j < count; j++) {
                    LfMathF.normals(0x1234_5678_9ABCL, 1000 + j, 42, RandomStream.PURPOSE_MOMENTUM, 3, words, pair, one, 0, rows);
                    for (int q = 0; q < rows; q++) {
                        assertEquals(Double.doubleToRawLongBits(one[q]), Double.doubleToRawLongBits(out[3 + q * 64 + j]),
                                "normal " + q + " of chain " + j + " (rows " + rows + ", count " + count + ")");
                    }
                }
            }
        }
        double[] u = new double[64];
        block.uniforms(99L, 5, 64, 7, RandomStream.PURPOSE_ACCEPT, u, 0);
        for (int j = 0; j < 64; j++) {
            assertEquals(LfMathF.uniform(99L, 5 + j, 7, RandomStream.PURPOSE_ACCEPT, words), u[j], 0.0);
        }
    }

    /** Many chains: every quadrant and exponent is exercised. */
    @Test
    void manyChainsAgree() {
        BlockNormalsF block = new BlockNormalsF(64);
        int[] words = new int[4];
        float[] pair = new float[4];
        double[] one = new double[4], out = new double[4 * 64];
        for (int c0 = 0; c0 < 20_000; c0 += 64) {
            block.normals(7L, c0, 64, 1, RandomStream.PURPOSE_MOMENTUM, 0, 4, out, 0, 64);
            for (int j = 0; j < 64; j++) {
                LfMathF.normals(7L, c0 + j, 1, RandomStream.PURPOSE_MOMENTUM, 0, words, pair, one, 0, 4);
                for (int q = 0; q < 4; q++) {
                    assertEquals(one[q], out[q * 64 + j], 0.0);
                }
            }
        }
    }
}
