package org.leapfrog.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * 10^6 standard normals from one fixed seed: moments, the correlation within a Box-Muller pair, and a
 * Kolmogorov-Smirnov test against the standard normal CDF. Each check's threshold has a false-failure
 * probability of about 1e-6 for a random seed (5 standard errors for moments and the correlation, a KS
 * statistic sqrt(n) D above 2.69); the six checks together fail a correct generator with probability below
 * 5e-6. With the fixed seed the outcome is deterministic.
 */
class NormalDrawsStatisticsTest {
    private static final int CHAINS = 250_000; // 4 normals per chain (one Philox block): 10^6 draws
    private static final long SEED = 20240611L;
    private static final double Z = 5.0;

    @Test
    void normalsHaveStandardNormalMomentsAndDistribution() {
        int n = 4 * CHAINS;
        double[] x = new double[n];
        RandomFillKernels.NORMALS.twin().run(
                new ArrayArguments(SEED, 17, RandomStream.PURPOSE_MOMENTUM, 4, CHAINS, x), 0, CHAINS);

        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        double m2 = 0, m3 = 0, m4 = 0;
        for (double v : x) {
            double d = v - mean, d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
        m2 /= n;
        m3 /= n;
        m4 /= n;
        double skew = m3 / Math.pow(m2, 1.5);
        double excessKurtosis = m4 / (m2 * m2) - 3.0;
        // Asymptotic standard errors for normal data: mean 1/sqrt(n), variance sqrt(2/n), skewness
        // sqrt(6/n), excess kurtosis sqrt(24/n).
        assertTrue(Math.abs(mean) < Z / Math.sqrt(n), "mean " + mean);
        assertTrue(Math.abs(m2 - 1.0) < Z * Math.sqrt(2.0 / n), "variance " + m2);
        assertTrue(Math.abs(skew) < Z * Math.sqrt(6.0 / n), "skewness " + skew);
        assertTrue(Math.abs(excessKurtosis) < Z * Math.sqrt(24.0 / n), "excess kurtosis " + excessKurtosis);

        // Normals 0 and 1 of a chain share a radius (cos and sin of one angle) yet must be uncorrelated.
        double sxy = 0;
        for (int c = 0; c < CHAINS; c++) {
            sxy += x[c] * x[CHAINS + c];
        }
        double corr = sxy / CHAINS; // unit variance, zero mean
        assertTrue(Math.abs(corr) < Z / Math.sqrt(CHAINS), "pair correlation " + corr);

        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = normalCdf(sorted[i]);
            d = Math.max(d, Math.max(f - (double) i / n, (double) (i + 1) / n - f));
        }
        // P(sqrt(n) D > t) ~ 2 exp(-2 t^2): about 1.0e-6 at t = 2.69.
        assertTrue(Math.sqrt(n) * d < 2.69, "KS statistic sqrt(n) D = " + Math.sqrt(n) * d);
        // The largest magnitude Box-Muller can reach from 32-bit uniforms is sqrt(-2 ln 2^-33) ~ 6.764.
        assertTrue(sorted[0] > -6.765 && sorted[n - 1] < 6.765);
    }

    @Test
    void referenceCdfIsAccurate() {
        assertEquals(0.5, normalCdf(0.0), 1e-15);
        assertEquals(0.8413447460685429, normalCdf(1.0), 1e-14);
        assertEquals(0.022750131948179195, normalCdf(-2.0), 1e-14);
        assertEquals(0.9986501019683699, normalCdf(3.0), 1e-14);
        assertEquals(2.866515718791939e-7, normalCdf(-5.0), 1e-15);
    }

    /** Phi(x) = 1/2 + phi(x) * sum_k x^(2k+1) / (1 * 3 * ... * (2k+1)); all terms positive for x > 0. */
    static double normalCdf(double x) {
        double a = Math.abs(x), a2 = a * a;
        double term = a, sum = a;
        for (int k = 1; term > 1e-17 * sum; k++) {
            term *= a2 / (2 * k + 1);
            sum += term;
        }
        double half = sum * Math.exp(-0.5 * a2) / Math.sqrt(2.0 * Math.PI);
        return x >= 0 ? 0.5 + half : 0.5 - half;
    }
}
