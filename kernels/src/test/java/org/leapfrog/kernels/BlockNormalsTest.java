package org.leapfrog.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** BlockNormals against the per-chain RandomStream, bit for bit. */
class BlockNormalsTest {
    private static final int CAPACITY = 64;

    @Test
    void normalsEqualPerChainNormalsBitForBit() {
        BlockNormals bn = new BlockNormals(CAPACITY);
        int[] words = new int[4];
        double[] one = new double[4];
        int stride = 70;
        double[] out = new double[5 + 4 * stride];
        long[] seeds = {0L, 1L, 0x9E3779B97F4A7C15L, -1L};
        int[] counts = {64, 37, 1};
        for (long seed : seeds) {
            for (int count : counts) {
                for (int rows = 1; rows <= 4; rows++) {
                    for (int chain0 = 0; chain0 < 40_000; chain0 += count * 11) {
                        int iteration = chain0 % 977, block = chain0 % 13;
                        bn.normals(seed, chain0, count, iteration, RandomStream.PURPOSE_MOMENTUM, block, rows, out, 5,
                                stride);
                        for (int j = 0; j < count; j++) {
                            RandomStream.normals(seed, chain0 + j, iteration, RandomStream.PURPOSE_MOMENTUM, block, words,
                                    one, 0, 4);
                            for (int q = 0; q < rows; q++) {
                                assertEquals(Double.doubleToRawLongBits(one[q]),
                                        Double.doubleToRawLongBits(out[5 + q * stride + j]),
                                        "seed " + seed + " chain " + (chain0 + j) + " normal " + q);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void boxMullerMatchesLfMathOnEdgeWords() {
        // Words at the ends of the range, at the quadrant boundaries (multiples of 2^29) and random ones.
        int n = CAPACITY;
        int[] wr = new int[n], wa = new int[n];
        int[] edges = {0, 1, -1, -2, 0x1FFFFFFF, 0x20000000, 0x3FFFFFFF, 0x40000000, 0x5FFFFFFF, 0x60000000,
            0x7FFFFFFF, 0x80000000, 0x9FFFFFFF, 0xA0000000, 0xDFFFFFFF, 0xE0000000, 0xFFFFFFFE, 0x6A09E667,
            0xB504F333, 0xB504F334, 0x5A827999, 0x5A82799A, 0x2D413CCC, 0x2D413CCD};
        SplittableRandom rng = new SplittableRandom(7);
        BlockNormals bn = new BlockNormals(n);
        double[] out = new double[2 * n];
        double[] cs = new double[2];
        for (int round = 0; round < 2000; round++) {
            for (int j = 0; j < n; j++) {
                wr[j] = round == 0 && j < edges.length ? edges[j] : rng.nextInt();
                wa[j] = round == 1 && j < edges.length ? edges[j] : rng.nextInt();
            }
            bn.boxMuller(wr, wa, n, 2, out, 0, n);
            for (int j = 0; j < n; j++) {
                double r = Math.sqrt(-2.0 * LfMath.log(RandomStream.uniform(wr[j])));
                LfMath.cosSin2Pi(RandomStream.uniform(wa[j]), cs, 0);
                assertEquals(Double.doubleToRawLongBits(r * cs[0]), Double.doubleToRawLongBits(out[j]),
                        "words " + wr[j] + ", " + wa[j]);
                assertEquals(Double.doubleToRawLongBits(r * cs[1]), Double.doubleToRawLongBits(out[n + j]),
                        "words " + wr[j] + ", " + wa[j]);
            }
        }
    }

    @Test
    void uniformsEqualPerChainUniforms() {
        BlockNormals bn = new BlockNormals(CAPACITY);
        int[] words = new int[4];
        double[] out = new double[CAPACITY + 3];
        for (int chain0 = 0; chain0 < 20_000; chain0 += 61) {
            bn.uniforms(42L, chain0, 61, 17, RandomStream.PURPOSE_ACCEPT, out, 3);
            for (int j = 0; j < 61; j++) {
                double expected = RandomStream.uniform(42L, chain0 + j, 17, RandomStream.PURPOSE_ACCEPT, words);
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(out[3 + j]));
            }
        }
    }

    @Test
    void philoxRoundsEqualBlocks() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 50;
        int[] c0 = new int[n], c1 = new int[n], c2 = new int[n], c3 = new int[n], expected = new int[4 * n];
        for (int rep = 0; rep < 200; rep++) {
            int k0 = rng.nextInt(), k1 = rng.nextInt();
            for (int j = 0; j < n; j++) {
                c0[j] = rng.nextInt();
                c1[j] = rng.nextInt();
                c2[j] = rng.nextInt();
                c3[j] = rng.nextInt();
                Philox.block(c0[j], c1[j], c2[j], c3[j], k0, k1, expected, 4 * j);
            }
            Philox.rounds(c0, c1, c2, c3, n, k0, k1);
            for (int j = 0; j < n; j++) {
                assertEquals(expected[4 * j], c0[j]);
                assertEquals(expected[4 * j + 1], c1[j]);
                assertEquals(expected[4 * j + 2], c2[j]);
                assertEquals(expected[4 * j + 3], c3[j]);
            }
        }
    }

    @Test
    void badArgumentsAreRejectedWithTheirNames() {
        BlockNormals bn = new BlockNormals(8);
        double[] out = new double[64];
        assertThrows(IllegalArgumentException.class, () -> new BlockNormals(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bn.normals(1L, 0, 9, 0, 1, 0, 4, out, 0, 9));
        assertEquals(true, e.getMessage().startsWith("count: 9"));
        e = assertThrows(IllegalArgumentException.class, () -> bn.normals(1L, 0, 8, 0, 1, 0, 5, out, 0, 8));
        assertEquals(true, e.getMessage().startsWith("rows: 5"));
        assertThrows(IllegalArgumentException.class, () -> bn.uniforms(1L, 0, -1, 0, 2, out, 0));
    }
}
