package org.leapfrog.samplers.diagnostics;

import java.util.Arrays;

/**
 * The few R summaries that the diagnostics are built from, computed the way R computes them so results agree
 * with R {@code posterior} to rounding: mean with a correction pass (R accumulates in long double and corrects),
 * two-pass variance with n - 1, type-7 quantiles and R's median.
 */
final class RStats {
    private RStats() {}

    static double mean(double[] x, int from, int n) {
        double plain = 0;
        for (int i = from; i < from + n; i++) {
            plain += x[i];
        }
        if (!Double.isFinite(plain)) {
            return plain / n; // infinities and NaN propagate as in R
        }
        double sum = 0;
        double comp = 0; // Neumaier compensation stands in for R's long double accumulator
        for (int i = from; i < from + n; i++) {
            double t = sum + x[i];
            comp += Math.abs(sum) >= Math.abs(x[i]) ? (sum - t) + x[i] : (x[i] - t) + sum;
            sum = t;
        }
        double m = (sum + comp) / n;
        double corr = 0;
        for (int i = from; i < from + n; i++) {
            corr += x[i] - m;
        }
        return m + corr / n;
    }

    static double mean(double[] x) {
        return mean(x, 0, x.length);
    }

    /** Sample variance (n - 1); exactly 0 for constant input as in R; NaN for n < 2. */
    static double var(double[] x, int from, int n) {
        if (n < 2) {
            return Double.NaN;
        }
        double first = x[from];
        boolean constant = true;
        for (int i = from + 1; i < from + n && constant; i++) {
            constant = x[i] == first;
        }
        if (constant && Double.isFinite(first)) {
            return 0.0;
        }
        double m = mean(x, from, n);
        double ss = 0;
        for (int i = from; i < from + n; i++) {
            double d = x[i] - m;
            ss += d * d;
        }
        return ss / (n - 1);
    }

    static double var(double[] x) {
        return var(x, 0, x.length);
    }

    static double sd(double[] x) {
        return Math.sqrt(var(x));
    }

    static boolean anyNaN(double[] x) {
        for (double v : x) {
            if (Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }

    /** posterior's should_return_NA: any NA/NaN/infinite value, or max - min below machine epsilon. */
    static boolean shouldReturnNaN(double[] x) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            if (!Double.isFinite(v)) {
                return true;
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return Math.abs(max - min) < Math.ulp(1.0);
    }

    /** R's quantile(x, p, type = 7) of already sorted, NaN-free values. */
    static double quantileSorted(double[] sorted, double p) {
        int n = sorted.length;
        double index = 1 + Math.max(n - 1, 0) * p; // 1-based, as in R
        double lo = Math.floor(index);
        double hi = Math.ceil(index);
        double qs = sorted[(int) lo - 1];
        double xHi = sorted[(int) hi - 1];
        if (index > lo && xHi != qs) {
            double h = index - lo;
            qs = (1 - h) * qs + h * xHi;
        }
        return qs;
    }

    /** Type-7 quantile of all values, NaN if any value is NaN (posterior's quantile2). */
    static double quantile(double[] x, double p) {
        if (anyNaN(x)) {
            return Double.NaN;
        }
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        return quantileSorted(sorted, p);
    }

    /** R's median: NaN if any NaN, else the middle value or the mean of the two middle values. */
    static double median(double[] x) {
        if (anyNaN(x)) {
            return Double.NaN;
        }
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        int half = (n + 1) / 2;
        if (n % 2 == 1) {
            return s[half - 1];
        }
        double mid = (s[half - 1] + s[half]) / 2;
        return Double.isInfinite(mid) && Double.isFinite(s[half - 1]) && Double.isFinite(s[half])
                ? s[half - 1] / 2 + s[half] / 2 : mid;
    }
}
