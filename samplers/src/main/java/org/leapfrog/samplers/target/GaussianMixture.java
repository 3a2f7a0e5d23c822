package org.leapfrog.samplers.target;

import java.util.Optional;

/**
 * A mixture of K isotropic Gaussians with one shared variance:
 * {@code log p(x) = logsumexp_k (log w_k - |x - mu_k|^2 / (2 variance))} (constant dropped), evaluated with the
 * largest term subtracted so far-away positions stay finite. Weights are normalised.
 */
public final class GaussianMixture implements Target {
    private final String name;
    private final int dimension;
    private final int k;
    private final double[] means; // component k at [k * dimension, (k + 1) * dimension)
    private final double[] weights;
    private final double[] logWeights;
    private final double variance;
    private final double q; // 1 / variance
    private final DeviceCode code;
    // Rows: K log-terms, sum, dot products g_k.v (K), g.v, then DIM rows of sum_k r_k g_k.
    private final ThreadLocal<double[]> scratch;

    /**
     * @param name     the target's name
     * @param means    K component means, each of the same length d
     * @param weights  K positive weights (normalised here)
     * @param variance the components' shared variance, positive
     */
    public GaussianMixture(String name, double[][] means, double[] weights, double variance) {
        this.name = Checks.name(name);
        if (means == null || means.length == 0) {
            throw new IllegalArgumentException("means: " + (means == null ? "null" : "no components")
                    + "; allowed: one or more component means");
        }
        this.k = means.length;
        this.dimension = Checks.dimension(means[0] == null ? 0 : means[0].length);
        this.means = new double[k * dimension];
        for (int j = 0; j < k; j++) {
            System.arraycopy(Checks.finite("means[" + j + "]", means[j], dimension), 0, this.means, j * dimension, dimension);
        }
        double[] w = Checks.finite("weights", weights, k);
        double total = 0;
        for (int j = 0; j < k; j++) {
            total += Checks.positive("weights[" + j + "]", w[j]);
        }
        this.weights = new double[k];
        this.logWeights = new double[k];
        for (int j = 0; j < k; j++) {
            this.weights[j] = w[j] / total;
            this.logWeights[j] = Math.log(this.weights[j]);
        }
        this.variance = Checks.positive("variance", variance);
        this.q = 1.0 / variance;
        double[] td = new double[1 + k + k * dimension];
        td[0] = q;
        System.arraycopy(logWeights, 0, td, 1, k);
        System.arraycopy(this.means, 0, td, 1 + k, k * dimension);
        this.code = new DeviceCode(TargetSources.compose(name, dimension, "gaussian_mixture.cl", "LF_MIX_K " + k), td);
        this.scratch = ChainTile.scratch(2 * k + 2 + dimension);
    }

    /** The 2-d mixture MoG: means (-2, 0) and (2, 0), variance 0.1, equal weights. */
    public static GaussianMixture mog2() {
        return new GaussianMixture("mog", new double[][] {{-2, 0}, {2, 0}}, new double[] {0.5, 0.5}, 0.1);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /**
     * For tile chains t = 0 .. n-1 (chain c0 + t): rows 0..K-1 of {@code s} get exp(l_k - max_k l_k), row K
     * their sum, and {@code maxOut[maxOff + t]} the maximum.
     */
    private void terms(double[] x, int stride, int c0, int n, double[] s, double[] maxOut, int maxOff) {
        final int T = ChainTile.SIZE;
        for (int j = 0; j < k; j++) {
            int lj = j * T;
            for (int t = 0; t < n; t++) {
                s[lj + t] = 0;
            }
            for (int i = 0; i < dimension; i++) {
                double mu = means[j * dimension + i];
                int xi = i * stride + c0;
                for (int t = 0; t < n; t++) {
                    double r = x[xi + t] - mu;
                    s[lj + t] += r * r;
                }
            }
            double lw = logWeights[j];
            for (int t = 0; t < n; t++) {
                s[lj + t] = lw - 0.5 * q * s[lj + t];
            }
        }
        int sum = k * T;
        for (int t = 0; t < n; t++) {
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                m = Math.max(m, s[j * T + t]);
            }
            double acc = 0;
            for (int j = 0; j < k; j++) {
                double e = Math.exp(s[j * T + t] - m);
                s[j * T + t] = e;
                acc += e;
            }
            s[sum + t] = acc;
            maxOut[maxOff + t] = m;
        }
    }

    @Override
    public void logDensityAndGradient(double[] x, double[] grad, double[] logDensity, int stride, int from, int to) {
        final int T = ChainTile.SIZE;
        double[] s = scratch.get();
        int sum = k * T;
        for (int c0 = from; c0 < to; c0 += T) {
            int n = Math.min(T, to - c0);
            terms(x, stride, c0, n, s, logDensity, c0);
            for (int i = 0; i < dimension; i++) {
                int gi = i * stride + c0;
                for (int t = 0; t < n; t++) {
                    grad[gi + t] = 0;
                }
            }
            for (int j = 0; j < k; j++) {
                int lj = j * T;
                for (int t = 0; t < n; t++) {
                    s[lj + t] = s[lj + t] * (1.0 / s[sum + t]) * q;
                }
                for (int i = 0; i < dimension; i++) {
                    double mu = means[j * dimension + i];
                    int b = i * stride + c0;
                    for (int t = 0; t < n; t++) {
                        grad[b + t] -= s[lj + t] * (x[b + t] - mu);
                    }
                }
            }
            for (int t = 0; t < n; t++) {
                logDensity[c0 + t] += Math.log(s[sum + t]);
            }
        }
    }

    @Override
    public void hessianVectorProduct(double[] x, double[] v, double[] out, int stride, int from, int to) {
        final int T = ChainTile.SIZE;
        double[] s = scratch.get();
        int sum = k * T, dots = (k + 1) * T, gv = (2 * k + 1) * T, gsum = (2 * k + 2) * T;
        for (int c0 = from; c0 < to; c0 += T) {
            int n = Math.min(T, to - c0);
            // The maxima are not needed here; the g.v row is free scratch for them until it is cleared below.
            terms(x, stride, c0, n, s, s, gv);
            for (int t = 0; t < n; t++) {
                s[sum + t] = 1.0 / s[sum + t];
                s[gv + t] = 0;
            }
            for (int i = 0; i < dimension; i++) {
                int b = i * stride + c0, gs = gsum + i * T;
                for (int t = 0; t < n; t++) {
                    out[b + t] = -q * v[b + t];
                    s[gs + t] = 0;
                }
            }
            for (int j = 0; j < k; j++) {
                int lj = j * T, dj = dots + j * T;
                for (int t = 0; t < n; t++) {
                    s[lj + t] *= s[sum + t];
                    s[dj + t] = 0;
                }
                for (int i = 0; i < dimension; i++) {
                    double mu = means[j * dimension + i];
                    int b = i * stride + c0;
                    for (int t = 0; t < n; t++) {
                        s[dj + t] -= q * (x[b + t] - mu) * v[b + t];
                    }
                }
                for (int i = 0; i < dimension; i++) {
                    double mu = means[j * dimension + i];
                    int b = i * stride + c0, gs = gsum + i * T;
                    for (int t = 0; t < n; t++) {
                        double gki = -q * (x[b + t] - mu);
                        out[b + t] += s[lj + t] * s[dj + t] * gki;
                        s[gs + t] += s[lj + t] * gki;
                    }
                }
                for (int t = 0; t < n; t++) {
                    s[gv + t] += s[lj + t] * s[dj + t];
                }
            }
            for (int i = 0; i < dimension; i++) {
                int b = i * stride + c0, gs = gsum + i * T;
                for (int t = 0; t < n; t++) {
                    out[b + t] -= s[gs + t] * s[gv + t];
                }
            }
        }
    }

    @Override
    public Optional<DeviceCode> deviceCode() {
        return Optional.of(code);
    }

    /** Mean {@code sum_k w_k mu_k}; covariance {@code variance I + sum_k w_k mu_k mu_k' - mean mean'}. */
    @Override
    public Optional<KnownMoments> moments() {
        int d = dimension;
        double[] mean = new double[d];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < d; i++) {
                mean[i] += weights[j] * means[j * d + i];
            }
        }
        double[] cov = new double[d * d];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                double s = a == b ? variance : 0;
                for (int j = 0; j < k; j++) {
                    s += weights[j] * means[j * d + a] * means[j * d + b];
                }
                cov[a * d + b] = s - mean[a] * mean[b];
            }
        }
        return Optional.of(new KnownMoments(mean, cov));
    }
}
