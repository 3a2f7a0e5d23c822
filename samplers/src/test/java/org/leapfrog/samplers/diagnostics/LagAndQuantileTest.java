package org.leapfrog.samplers.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The FFT-based helpers against direct sums, and the normal quantile against R's qnorm. */
class LagAndQuantileTest {

    @Test
    void lagProductsEqualDirectSums() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int n : new int[] {1, 2, 3, 7, 64, 100, 257}) {
            int stride = 3;
            double[] x = new double[n * stride];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextDouble() * 4 - 1;
            }
            double center = 0.4;
            double[] sums = new double[n];
            sums[0] = 5.0; // accumulate adds to what is there
            new LagProducts().accumulate(x, 1, stride, n, center, 1.0, sums);
            for (int k = 0; k < n; k++) {
                double direct = k == 0 ? 5.0 : 0.0;
                for (int t = 0; t + k < n; t++) {
                    direct += (x[1 + t * stride] - center) * (x[1 + (t + k) * stride] - center);
                }
                assertEquals(direct, sums[k], 1e-12 * Math.max(1, Math.abs(direct)), "n = " + n + ", lag " + k);
            }
        }
    }

    @Test
    void autocovarianceIsTheBiasedEstimate() {
        SplittableRandom rng = new SplittableRandom(12);
        int n = 131;
        double[] x = new double[n + 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian() * 3 + 10;
        }
        double[] acov = new double[n];
        new Autocovariance().compute(x, 5, n, acov);
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += x[5 + i];
        }
        mean /= n;
        for (int k = 0; k < n; k++) {
            double direct = 0;
            for (int t = 0; t + k < n; t++) {
                direct += (x[5 + t] - mean) * (x[5 + t + k] - mean);
            }
            assertEquals(direct / n, acov[k], 1e-12, "lag " + k);
        }
    }

    @Test
    void constantChainHasZeroAutocovariance() {
        double[] x = {0.1, 0.1, 0.1, 0.1, 0.1};
        double[] acov = {9, 9, 9, 9, 9};
        new Autocovariance().compute(x, 0, 5, acov);
        assertEquals(0.0, acov[0] + acov[1] + acov[2] + acov[3] + acov[4], 0.0);
    }

    @Test
    void normalQuantileMatchesR() {
        // qnorm(p) printed by R 4.2.2 with %.17g.
        double[][] reference = {
            {1e-10, -6.3613409024040557}, {1e-5, -4.2648907939228256}, {0.001, -3.0902323061678132},
            {0.01, -2.3263478740408408}, {3.7490627343164208e-05, -3.9598996816240191},
            {0.1, -1.2815515655446008}, {0.3, -0.52440051270804067}, {0.49, -0.025068908258711057},
            {0.7, 0.52440051270804067}, {0.99, 2.3263478740408408}, {0.99999, 4.2648907939238399},
        };
        for (double[] r : reference) {
            assertEquals(r[1], NormalQuantile.of(r[0]), 2e-15 * Math.abs(r[1]), "p = " + r[0]);
        }
        assertEquals(0.0, NormalQuantile.of(0.5), 0.0);
    }
}
