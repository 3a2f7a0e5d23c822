package org.leapfrog.samplers.integrator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.Simd;

/** The SIMD FAST updates give the scalar {@code Math.fma} loops' bits, whole vectors and tails alike. */
class SimdFmaUpdatesTest {
    private static double[] values(Random r, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * r.nextGaussian();
        }
        return v;
    }

    @Test
    void driftAndKickEqualTheScalarLoops() {
        assumeTrue(Simd.ENABLED, "the Vector API module is not loaded");
        Random r = new Random(17);
        for (int m : new int[] {1, 7, 8, 9, 16, 37, 64}) {
            int o = 5, n = o + m;
            double[] scale = values(r, m, 0.3);
            for (int j = 0; j < m; j++) {
                scale[j] = 1 + scale[j];
            }
            double[] x = values(r, n, 2), vel = values(r, n, 1.5), g = values(r, n, 3), p = values(r, n, 1);
            double e = 0.1837, we = 0.5 * e;
            double[] xs = x.clone(), ps = p.clone();
            for (int j = 0; j < m; j++) {
                xs[o + j] = Math.fma(scale[j] * e, vel[o + j], xs[o + j]);
                ps[o + j] = Math.fma(we * scale[j], g[o + j], ps[o + j]);
            }
            for (int j = SimdFmaUpdates.scaledFma(x, vel, scale, e, o, m); j < m; j++) {
                x[o + j] = Math.fma(scale[j] * e, vel[o + j], x[o + j]);
            }
            for (int j = SimdFmaUpdates.scaledFma(p, g, scale, we, o, m); j < m; j++) {
                p[o + j] = Math.fma(we * scale[j], g[o + j], p[o + j]);
            }
            assertArrayEquals(xs, x, 0.0, "drift, m = " + m);
            assertArrayEquals(ps, p, 0.0, "kick, m = " + m);
        }
    }
}
