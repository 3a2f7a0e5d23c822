package org.leapfrog.samplers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

/**
 * Checks of iid samples against a known normal marginal. Each check fails by chance with probability
 * 2 * (1 - Phi(Z)) = 5.7e-7 for Z = 5 (asymptotic normality of the mean, variance and quantile estimators).
 */
public final class Stats {
    public static final double Z = 5.0;

    private Stats() {
    }

    /** Mean, variance and the 10/50/90% quantiles of {@code x} against N(mean, variance): 5 checks. */
    public static void assertNormalMarginal(double[] x, double mean, double variance, String label) {
        int n = x.length;
        double m = 0;
        for (double v : x) {
            m += v;
        }
        m /= n;
        double s2 = 0;
        for (double v : x) {
            s2 += (v - m) * (v - m);
        }
        s2 /= n - 1;
        double sd = Math.sqrt(variance);
        check(label + " mean", m, mean, sd / Math.sqrt(n));
        check(label + " variance", s2, variance, variance * Math.sqrt(2.0 / (n - 1)));
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double[] qs = {0.1, 0.5, 0.9};
        double[] zq = {-1.2815515655446004, 0.0, 1.2815515655446004};
        for (int i = 0; i < qs.length; i++) {
            double q = qs[i];
            double empirical = sorted[(int) Math.floor(q * (n - 1))];
            double truth = mean + sd * zq[i];
            double density = Math.exp(-0.5 * zq[i] * zq[i]) / (Math.sqrt(2 * Math.PI) * sd);
            check(label + " quantile " + q, empirical, truth, Math.sqrt(q * (1 - q) / n) / density);
        }
    }

    public static void check(String what, double value, double truth, double se) {
        assertTrue(Math.abs(value - truth) <= Z * se,
                () -> what + ": " + value + " vs true " + truth + " (standard error " + se + ", allowed " + Z + " SE)");
    }
}
