package org.leapfrog.bench.sample;

/**
 * Streaming self-normalised importance-sampling estimates from log weights: log of the mean weight (the
 * normaliser estimate) with its delta-method standard error, Kish's effective sample size, and weighted
 * means and standard deviations. Sums are kept relative to the largest log weight seen, rescaled when it grows.
 */
final class WeightedMoments {
    private final int dimension;
    private final double[] s1;
    private final double[] s2;
    private double maxLogW = Double.NEGATIVE_INFINITY;
    private double sumW;
    private double sumW2;
    private long count;

    WeightedMoments(int dimension) {
        this.dimension = dimension;
        this.s1 = new double[dimension];
        this.s2 = new double[dimension];
    }

    /** Adds chains [0, n) of a chain-minor batch. Non-finite weights count as zero weight. */
    void add(double[] logW, double[] x, int n) {
        for (int c = 0; c < n; c++) {
            double lw = logW[c];
            count++;
            if (!(lw > Double.NEGATIVE_INFINITY) || Double.isNaN(lw) || lw == Double.POSITIVE_INFINITY) {
                continue;
            }
            if (lw > maxLogW) {
                double r = Double.isInfinite(maxLogW) ? 0.0 : Math.exp(maxLogW - lw);
                sumW *= r;
                sumW2 *= r * r;
                for (int d = 0; d < dimension; d++) {
                    s1[d] *= r;
                    s2[d] *= r;
                }
                maxLogW = lw;
            }
            double w = Math.exp(lw - maxLogW);
            sumW += w;
            sumW2 += w * w;
            for (int d = 0; d < dimension; d++) {
                double v = x[d * n + c];
                s1[d] += w * v;
                s2[d] += w * v * v;
            }
        }
    }

    long count() {
        return count;
    }

    double logMeanWeight() {
        return maxLogW + Math.log(sumW / count);
    }

    /** Standard error of {@link #logMeanWeight()}: sd(w) / (sqrt(n) mean(w)). */
    double logMeanWeightSe() {
        double mean = sumW / count;
        double var = sumW2 / count - mean * mean;
        return Math.sqrt(Math.max(var, 0) / count) / mean;
    }

    double kishEss() {
        return sumW * sumW / sumW2;
    }

    double mean(int d) {
        return s1[d] / sumW;
    }

    double sd(int d) {
        double m = mean(d);
        return Math.sqrt(Math.max(s2[d] / sumW - m * m, 0));
    }
}
