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

    /**
     * {@code sum_k g[k] d alpha_k / d beta0} for fixed quadratic tempering over K = g.length steps: the
     * derivative that lets a training flow learn beta0 (the HVAE). With s = 1/sqrt(beta0) and u_k = k^2/K^2,
     * T_k = 1/sqrt(beta_k) = (1 - s) u_k + s and alpha_k = T_k / T_(k-1), so d alpha_k / ds =
     * ((1 - u_k) T_(k-1) - T_k (1 - u_(k-1))) / T_(k-1)^2 and ds/d beta0 = -s / (2 beta0).
     */
    public static double fixedQuadraticGradient(double beta0, double[] g) {
        checkSteps(g.length);
        if (!(beta0 > 0 && beta0 <= 1)) {
            throw new IllegalArgumentException("beta0: " + beta0 + "; allowed: 0 < beta0 <= 1");
        }
        int steps = g.length;
        double inv = 1.0 / Math.sqrt(beta0);
        double kk = (double) steps * steps;
        double tPrev = inv;
        double uPrev = 0.0;
        double sum = 0.0;
        for (int k = 1; k <= steps; k++) {
            double u = (double) k * k / kk;
            double t = (1.0 - inv) * u + inv;
            double da = ((1.0 - u) * tPrev - t * (1.0 - uPrev)) / (tPrev * tPrev);
            sum += g[k - 1] * da;
            tPrev = t;
            uPrev = u;
        }
        return sum * (-0.5 * inv / beta0);
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
