package org.leapfrog.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RandomStreamTest {

    @Test
    void uniformsAreStrictlyInsideTheUnitInterval() {
        assertEquals(0x1.0p-33, RandomStream.uniform(0));
        assertEquals(1.0 - 0x1.0p-33, RandomStream.uniform(0xffffffff));
        assertTrue(RandomStream.uniform(0) > 0.0);
        assertTrue(RandomStream.uniform(0xffffffff) < 1.0);
        // Words are unsigned: the sign bit is the most significant bit, not a negative number.
        assertEquals(0.5 + 0x1.0p-33, RandomStream.uniform(0x80000000));
        assertTrue(RandomStream.uniform(0x7fffffff) < RandomStream.uniform(0x80000000));
        assertTrue(RandomStream.uniform(0xfffffffe) < RandomStream.uniform(0xffffffff));
        // Every mapping step is exact in double, so distinct words give distinct uniforms.
        for (int w : new int[] {1, 2, 0x7ffffffe, 0x80000001, 0xfffffffd}) {
            double u = RandomStream.uniform(w);
            assertTrue(u > 0.0 && u < 1.0, "word " + Integer.toUnsignedString(w) + " -> " + u);
            assertEquals((Integer.toUnsignedLong(w) + 0.5) / 4294967296.0, u);
        }
    }

    @Test
    void uniformOfStreamIsItsFirstWord() {
        int[] w = new int[4];
        RandomStream.words(42L, 7, 3, RandomStream.PURPOSE_ACCEPT, 0, w);
        assertEquals(RandomStream.uniform(w[0]),
                RandomStream.uniform(42L, 7, 3, RandomStream.PURPOSE_ACCEPT, new int[4]));
    }

    /** Every input of the draw (both seed words, chain, iteration, purpose, block) changes the words. */
    @Test
    void everyCoordinateOfTheDrawMatters() {
        long seed = 0x0123456789abcdefL;
        int[][] variants = {
            words(seed, 5, 9, 1, 0),
            words(seed ^ 1L, 5, 9, 1, 0),
            words(seed ^ (1L << 32), 5, 9, 1, 0),
            words(seed, 6, 9, 1, 0),
            words(seed, 5, 10, 1, 0),
            words(seed, 5, 9, 2, 0),
            words(seed, 5, 9, 1, 1),
        };
        Set<Integer> firstWords = new HashSet<>();
        for (int[] v : variants) {
            firstWords.add(v[0]);
        }
        assertEquals(variants.length, firstWords.size());
    }

    /** The same (seed, chain, iteration, purpose, block) gives the same draw in any call order. */
    @Test
    void drawsArePureFunctionsOfTheirCoordinates() {
        long[] seeds = {0L, -1L, 123456789012345L};
        int[] purposes = {RandomStream.PURPOSE_MOMENTUM, RandomStream.PURPOSE_ACCEPT, RandomStream.PURPOSE_USER};
        List<int[]> coords = new ArrayList<>();
        for (int s = 0; s < seeds.length; s++) {
            for (int chain = 0; chain < 6; chain++) {
                for (int it : new int[] {0, 1, 1000, Integer.MAX_VALUE}) {
                    for (int p : purposes) {
                        for (int block = 0; block < 3; block++) {
                            coords.add(new int[] {s, chain, it, p, block});
                        }
                    }
                }
            }
        }
        int[] scratch = new int[4];
        double[] z = new double[4];
        double[][] forward = new double[coords.size()][];
        for (int i = 0; i < coords.size(); i++) {
            int[] c = coords.get(i);
            RandomStream.normals(seeds[c[0]], c[1], c[2], c[3], c[4], scratch, z, 0, 4);
            forward[i] = z.clone();
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < coords.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(2024));
        double[] other = new double[4];
        for (int i : order) {
            int[] c = coords.get(i);
            // An unrelated draw in between must not influence the next one (no hidden state).
            RandomStream.normals(seeds[c[0]] + 1, c[1] + 1, c[2], c[3], c[4], scratch, other, 0, 4);
            z = new double[4];
            RandomStream.normals(seeds[c[0]], c[1], c[2], c[3], c[4], scratch, z, 0, 4);
            assertArrayEquals(forward[i], z, 0.0, () -> "coordinates " + java.util.Arrays.toString(c));
        }
    }

    @Test
    void normalsWithCountBelowFourWriteOnlyThatMany() {
        double[] all = new double[4];
        RandomStream.normals(9L, 1, 2, 3, 4, new int[4], all, 0, 4);
        for (int count = 1; count <= 4; count++) {
            double[] out = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
            RandomStream.normals(9L, 1, 2, 3, 4, new int[4], out, 1, count);
            assertTrue(Double.isNaN(out[0]));
            for (int k = 0; k < 4; k++) {
                if (k < count) {
                    assertEquals(all[k], out[1 + k]);
                } else {
                    assertTrue(Double.isNaN(out[1 + k]));
                }
            }
        }
    }

    /**
     * The fill kernels' Java twins put element (k, chain) at out[k * nChains + chain], equal to the stream's
     * draw, and give the same array however the work-items are split (in any order).
     */
    @Test
    void fillTwinsMatchTheStreamAndDoNotDependOnTheSplit() {
        int n = 37;
        long seed = 77L;
        int[] words = new int[3 * 4 * n];
        RandomFillKernels.WORDS.twin().run(new ArrayArguments(seed, 5, 2, 3, n, words), 0, n);
        int[] w = new int[4];
        for (int c = 0; c < n; c++) {
            for (int b = 0; b < 3; b++) {
                RandomStream.words(seed, c, 5, 2, b, w);
                for (int k = 0; k < 4; k++) {
                    assertEquals(w[k], words[(4 * b + k) * n + c]);
                }
            }
        }
        int count = 7; // not a multiple of 4: the last block is used in part
        double[] normals = new double[count * n];
        RandomFillKernels.NORMALS.twin().run(new ArrayArguments(seed, 5, 2, count, n, normals), 0, n);
        double[] uniforms = new double[count * n];
        RandomFillKernels.UNIFORMS.twin().run(new ArrayArguments(seed, 5, 2, count, n, uniforms), 0, n);
        double[] z = new double[4];
        for (int c = 0; c < n; c++) {
            for (int j = 0; j < count; j++) {
                RandomStream.normals(seed, c, 5, 2, j / 4, w, z, 0, 4);
                assertEquals(z[j % 4], normals[j * n + c]);
                RandomStream.words(seed, c, 5, 2, j / 4, w);
                assertEquals(RandomStream.uniform(w[j % 4]), uniforms[j * n + c]);
            }
        }
        double[] split = new double[count * n];
        ArrayArguments args = new ArrayArguments(seed, 5, 2, count, n, split);
        RandomFillKernels.NORMALS.twin().run(args, 30, n);
        RandomFillKernels.NORMALS.twin().run(args, 11, 30);
        RandomFillKernels.NORMALS.twin().run(args, 0, 11);
        assertArrayEquals(normals, split, 0.0);
    }

    private static int[] words(long seed, int chain, int iteration, int purpose, int block) {
        int[] w = new int[4];
        RandomStream.words(seed, chain, iteration, purpose, block, w);
        assertFalse(w[0] == 0 && w[1] == 0 && w[2] == 0 && w[3] == 0);
        return w;
    }
}
