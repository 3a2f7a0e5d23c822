package org.leapfrog.vae.gaussian;

import java.util.SplittableRandom;

/**
 * One dataset of the HVAE paper's Gaussian model (Caterini et al. 2018, section 4.1): a single latent
 * z ~ N(0, I_d) and N observations x_i ~ N(z + Delta, diag sigma^2), kept as the sufficient statistics the
 * log-likelihood needs: the mean x_bar and the centred sums of squares C_j = sum_i (x_ij - x_bar_j)^2, since
 * sum_i (x_ij - m_j)^2 = C_j + N (x_bar_j - m_j)^2.
 *
 * <p>The truth, as in the paper's code: Delta_j = (j - (d - 1)/2) / 5 for j = 0..d-1 (from -(d-1)/10 to (d-1)/10),
 * and sigma_j = 0.9 r_j^2 / ((d - 1)/2)^2 + 0.1 with r_j = j - (d-1)/2, a parabola from 1 at the ends to 0.1 in
 * the middle (sigma = 1 for d = 1).
 */
public record GaussianData(int dim, int n, double[] delta, double[] sigma, double[] z, double[] mean,
                           double[] centredSquares) {

    /** The true offset Delta for dimension d. */
    public static double[] trueDelta(int d) {
        double[] delta = new double[d];
        for (int j = 0; j < d; j++) {
            delta[j] = (j - (d - 1) / 2.0) / 5.0;
        }
        return delta;
    }

    /** The true standard deviations sigma for dimension d. */
    public static double[] trueSigma(int d) {
        double[] sigma = new double[d];
        for (int j = 0; j < d; j++) {
            double r = j - (d - 1) / 2.0;
            sigma[j] = d == 1 ? 1.0 : 36.0 / (10.0 * (d - 1) * (d - 1)) * r * r + 0.1;
        }
        return sigma;
    }

    /** Draws a dataset of n points in dimension d from the seed (z first, then the points in order). */
    public static GaussianData generate(int d, int n, long seed) {
        if (d < 1) {
            throw new IllegalArgumentException("d: " + d + "; allowed: 1 or more");
        }
        if (n < 2) {
            throw new IllegalArgumentException("n: " + n + "; allowed: 2 or more");
        }
        double[] delta = trueDelta(d), sigma = trueSigma(d);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] z = new double[d];
        for (int j = 0; j < d; j++) {
            z[j] = rng.nextGaussian();
        }
        double[] sum = new double[d];
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = z[j] + delta[j] + sigma[j] * rng.nextGaussian();
                sum[j] += x[i][j];
            }
        }
        double[] mean = new double[d], c = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = sum[j] / n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double r = x[i][j] - mean[j];
                c[j] += r * r;
            }
        }
        return new GaussianData(d, n, delta, sigma, z, mean, c);
    }

    /**
     * The reference estimate of Delta: x_bar, the maximum-likelihood estimate (Delta and the single z are
     * confounded, so ||x_bar - Delta||^2 = ||z + noise||^2, about d, is the floor of every method's Delta error).
     */
    public double[] referenceDelta() {
        return mean.clone();
    }

    /** The reference estimate of sigma: the sample sd sqrt(C_j / (N - 1)) (the maximum-likelihood estimate up to O(1/N)). */
    public double[] referenceSigma() {
        double[] s = new double[dim];
        for (int j = 0; j < dim; j++) {
            s[j] = Math.sqrt(centredSquares[j] / (n - 1));
        }
        return s;
    }
}
