package org.leapfrog.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The SIMD paths (jdk.incubator.vector) against the scalar loops, bit for bit, at every count from 1 to past
 * a few lane groups so the scalar tails are covered too. The build runs tests with the module added, so the
 * SIMD code is what the other kernel tests exercise as well.
 */
class SimdConformanceTest {
    @Test
    void simdIsOnInTheTestJvm() {
        // The surefire configuration adds the module; under CI the SIMD paths must be tested, never skipped.
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(Simd.ENABLED, Simd.describe());
        }
        assertEquals(Simd.ENABLED, Simd.describe().startsWith("SIMD on"));
    }

    @Test
    void philoxRoundsEqualScalarRounds() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int count = 1; count <= 70; count++) {
            int[][] simd = new int[4][count], scalar = new int[4][count];
            for (int rep = 0; rep < 20; rep++) {
                int k0 = rng.nextInt(), k1 = rng.nextInt();
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < count; j++) {
                        simd[i][j] = scalar[i][j] = rng.nextInt();
                    }
                }
                Philox.rounds(simd[0], simd[1], simd[2], simd[3], count, k0, k1);
                Philox.roundsScalar(scalar[0], scalar[1], scalar[2], scalar[3], 0, count, k0, k1);
                for (int i = 0; i < 4; i++) {
                    assertArrayEquals(scalar[i], simd[i], "count " + count + " word " + i);
                }
            }
        }
    }

    @Test
    void boxMullerEqualsScalarBoxMuller() {
        int capacity = 70;
        BlockNormals bn = new BlockNormals(capacity);
        // Edge words: range ends, quadrant boundaries (multiples of 2^29), the sqrt2 mantissa split.
        int[] edges = {0, 1, -1, -2, 0x1FFFFFFF, 0x20000000, 0x3FFFFFFF, 0x40000000, 0x5FFFFFFF, 0x60000000,
            0x7FFFFFFF, 0x80000000, 0x9FFFFFFF, 0xA0000000, 0xDFFFFFFF, 0xE0000000, 0xFFFFFFFE, 0x6A09E667,
            0xB504F333, 0xB504F334, 0x5A827999, 0x5A82799A, 0x2D413CCC, 0x2D413CCD};
        SplittableRandom rng = new SplittableRandom(5);
        int[] wr = new int[capacity], wa = new int[capacity];
        double[] simd = new double[3 + 2 * capacity], scalar = new double[3 + 2 * capacity];
        for (int count = 1; count <= capacity; count++) {
            for (int rep = 0; rep < 40; rep++) {
                for (int j = 0; j < count; j++) {
                    wr[j] = rep == 0 ? edges[j % edges.length] : rng.nextInt();
                    wa[j] = rep == 1 ? edges[j % edges.length] : rep == 0 ? edges[(j + 7) % edges.length] : rng.nextInt();
                }
                for (int rows = 1; rows <= 2; rows++) {
                    java.util.Arrays.fill(simd, 0.0);
                    java.util.Arrays.fill(scalar, 0.0);
                    bn.boxMuller(wr, wa, count, rows, simd, 3, capacity);
                    bn.boxMullerScalar(wr, wa, 0, count, rows, scalar, 3, capacity);
                    for (int i = 0; i < simd.length; i++) {
                        assertEquals(Double.doubleToRawLongBits(scalar[i]), Double.doubleToRawLongBits(simd[i]),
                                "count " + count + " rows " + rows + " index " + i);
                    }
                }
            }
        }
    }

    @Test
    void simdLogAndExpNegAbsEqualLfMath() {
        SplittableRandom rng = new SplittableRandom(13);
        double[] x = new double[70], out = new double[72];
        for (int n = 1; n <= 70; n++) {
            for (int rep = 0; rep < 20; rep++) {
                for (int i = 0; i < n; i++) {
                    // log: positive normals from 1e-300 to 1e300; expNegAbs: both signs, past the 700 clamp.
                    x[i] = Math.exp((rng.nextDouble() - 0.5) * 1380);
                }
                SimdMath.log(x, 0, out, 2, n);
                for (int i = 0; i < n; i++) {
                    assertEquals(Double.doubleToRawLongBits(LfMath.log(x[i])), Double.doubleToRawLongBits(out[2 + i]),
                            "log(" + x[i] + ")");
                }
                for (int i = 0; i < n; i++) {
                    x[i] = (rng.nextDouble() - 0.5) * (rep % 2 == 0 ? 40 : 2000);
                }
                SimdMath.expNegAbs(x, 0, out, 1, n);
                for (int i = 0; i < n; i++) {
                    assertEquals(Double.doubleToRawLongBits(LfMath.expNeg(Math.abs(x[i]))),
                            Double.doubleToRawLongBits(out[1 + i]), "expNeg(|" + x[i] + "|)");
                }
            }
        }
    }
}
