package org.leapfrog.samplers.his;

/**
 * The momentum scalings alpha_1..alpha_K of a tempered Hamiltonian flow and the initial inverse temperature
 * beta_0 (Caterini et al. 2018, section 3). Fixed tempering derives the alphas from beta_0 with the quadratic
 * scheme sqrt(beta_k) = ((1 - 1/sqrt(beta_0)) k^2/K^2 + 1/sqrt(beta_0))^-1, alpha_k = sqrt(beta_(k-1)/beta_k);
 * free tempering takes the alphas and sets beta_0 = prod alpha_k^2.
 */
public final class Tempering {
    private final double[] alphas;
    private final double beta0;

    private Tempering(double[] alphas, double beta0) {
        this.alphas = alphas;
        this.beta0 = beta0;
    }

    /** Fixed quadratic tempering from beta0 in (0, 1] over K steps. */
    public static Tempering fixedQuadratic(double beta0, int steps) {
        checkSteps(steps);
        if (!(beta0 > 0 && beta0 <= 1)) {
            throw new IllegalArgumentException("beta0: " + beta0 + "; allowed: 0 < beta0 <= 1");
        }
        double inv = 1.0 / Math.sqrt(beta0);
        double[] a = new double[steps];
        double prev = Math.sqrt(beta0);
        for (int k = 1; k <= steps; k++) {
            double sqrtBeta = 1.0 / ((1.0 - inv) * k * k / ((double) steps * steps) + inv);
            a[k - 1] = prev / sqrtBeta;
            prev = sqrtBeta;
        }
        return new Tempering(a, beta0);
    }

    /** Free tempering: the given alphas in (0, 1]; beta0 = prod alpha_k^2. */
    public static Tempering free(double[] alphas) {
        checkSteps(alphas.length);
        double b = 1.0;
        for (int k = 0; k < alphas.length; k++) {
            if (!(alphas[k] > 0 && alphas[k] <= 1)) {
                throw new IllegalArgumentException("alphas[" + k + "]: " + alphas[k] + "; allowed: 0 < alpha <= 1");
            }
            b *= alphas[k] * alphas[k];
        }
        return new Tempering(alphas.clone(), b);
    }

    /** No tempering: plain leapfrog, beta0 = 1. */
    public static Tempering none(int steps) {
        checkSteps(steps);
        double[] a = new double[steps];
        java.util.Arrays.fill(a, 1.0);
        return new Tempering(a, 1.0);
    }

    private static void checkSteps(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("steps (K): " + k + "; allowed: 1 or more");
        }
    }

    public int steps() {
        return alphas.length;
    }

    public double[] alphas() {
        return alphas.clone();
    }

    public double beta0() {
        return beta0;
    }
}
