package org.leapfrog.samplers.adapt;

import java.util.Arrays;
import org.leapfrog.samplers.metric.Metric;

/**
 * Welford estimate of the posterior (co)variance from the draws of a slow window, pooled over the chains of a
 * batch, turned into an inverse mass matrix with Stan's regularisation
 * {@code (n / (n + 5)) * Sigma + 1e-3 * (5 / (n + 5)) * I} (n: draws counted).
 */
public final class MetricEstimator {
    private final Metric.Kind kind;
    private final int dim;
    private final double[] mean;
    private final double[] m2;
    private final double[] delta;
    private long count;

    public MetricEstimator(Metric.Kind kind, int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension: " + dimension + "; allowed: 1 or more");
        }
        this.kind = kind;
        this.dim = dimension;
        this.mean = new double[dimension];
        this.m2 = new double[kind == Metric.Kind.DENSE ? dimension * dimension : dimension];
        this.delta = new double[dimension];
    }

    public void reset() {
        count = 0;
        Arrays.fill(mean, 0.0);
        Arrays.fill(m2, 0.0);
    }

    public long count() {
        return count;
    }

    /** Adds chains [0, chains) of a chain-minor position array (coordinate d of chain c at d * chains + c). */
    public void add(double[] positions, int chains) {
        for (int c = 0; c < chains; c++) {
            count++;
            double w = 1.0 / count;
            for (int d = 0; d < dim; d++) {
                double x = positions[d * chains + c];
                delta[d] = x - mean[d];
                mean[d] += w * delta[d];
            }
            if (kind == Metric.Kind.DENSE) {
                // M2 += delta_old * (x - mean_new)'
                for (int i = 0; i < dim; i++) {
                    double di = delta[i];
                    int o = i * dim;
                    for (int j = 0; j < dim; j++) {
                        m2[o + j] += di * (positions[j * chains + c] - mean[j]);
                    }
                }
            } else {
                for (int d = 0; d < dim; d++) {
                    m2[d] += delta[d] * (positions[d * chains + c] - mean[d]);
                }
            }
        }
    }

    /** The regularised inverse mass matrix: a diagonal or dense metric of this estimator's kind. */
    public Metric metric() {
        if (count < 2) {
            throw new IllegalStateException("metric(): " + count + " draws counted; allowed: 2 or more");
        }
        double n = count;
        double shrink = n / (n + 5.0);
        double ridge = 1e-3 * (5.0 / (n + 5.0));
        if (kind == Metric.Kind.DENSE) {
            double[] cov = new double[dim * dim];
            for (int i = 0; i < dim; i++) {
                for (int j = 0; j < dim; j++) {
                    // Symmetrised: Welford's outer products are symmetric only up to rounding.
                    double s = 0.5 * (m2[i * dim + j] + m2[j * dim + i]) / (n - 1);
                    cov[i * dim + j] = shrink * s + (i == j ? ridge : 0.0);
                }
            }
            return Metric.dense(cov, dim);
        }
        double[] var = new double[dim];
        for (int d = 0; d < dim; d++) {
            var[d] = shrink * (m2[d] / (n - 1)) + ridge;
        }
        return Metric.diagonal(var);
    }
}
