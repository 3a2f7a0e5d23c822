package org.leapfrog.samplers.diagnostics;

import org.apache.commons.math3.special.Erf;

/**
 * Standard normal quantile to full double precision in both tails. commons-math's erfInv(2p - 1) loses
 * relative precision for small p (2p - 1 cancels), so lower-tail values get Newton steps on the
 * complementary error function, which is accurate there.
 */
final class NormalQuantile {
    private static final double SQRT2 = Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    private NormalQuantile() {}

    static double of(double p) {
        if (Double.isNaN(p) || p < 0 || p > 1) {
            return Double.NaN;
        }
        if (p == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p == 1) {
            return Double.POSITIVE_INFINITY;
        }
        double z = SQRT2 * Erf.erfInv(2 * p - 1);
        if (p < 0.01) {
            for (int i = 0; i < 3; i++) {
                double cdf = 0.5 * Erf.erfc(-z / SQRT2);
                double pdf = INV_SQRT_2PI * Math.exp(-0.5 * z * z);
                double step = (cdf - p) / pdf;
                z -= step;
                if (Math.abs(step) <= 1e-17 * Math.abs(z)) {
                    break;
                }
            }
        }
        return z;
    }
}
