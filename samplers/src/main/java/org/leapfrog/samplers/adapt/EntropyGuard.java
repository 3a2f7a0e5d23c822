package org.leapfrog.samplers.adapt;

/**
 * The guard on the local-Gaussian HMC entropy correction log|det K|, K = I + ((L^2 - 1) / 6) h^2 C' Hess C, shared by
 * {@link EntropyObjective} and the tensor form in {@code vae.mcmc} (its log-det kernel's Java twin calls
 * {@link #positiveDefinite}). For a log-concave target K = I - k C' P C: as h grows an eigenvalue of K crosses 0
 * (log det K falls to -inf, a barrier) and beyond it |det K| grows again, which would reward ever larger steps.
 * The rule: a chain whose K (its symmetric part) is not positive definite contributes {@link #LOG_DET_FLOOR}, a
 * constant with no gradient, so only the acceptance term and the barrier move h there.
 */
public final class EntropyGuard {
    /** The value of a chain's correction where its K is not positive definite. */
    public static final double LOG_DET_FLOOR = Math.log(1e-8);

    private EntropyGuard() {
    }

    /**
     * Whether the symmetric part (A + A') / 2 of a d x d matrix A has a Cholesky factor. Entry (x, y) of A lies at
     * {@code a[(x * d + y) * stride + offset]}; {@code work} has the same layout and receives the factor (entries
     * (k, r) with k <= r); a chain-minor batch of m matrices is offset = chain, stride = m.
     */
    public static boolean positiveDefinite(double[] a, double[] work, int d, int offset, int stride) {
        for (int j = 0; j < d; j++) {
            double s = a[(j * d + j) * stride + offset];
            for (int k = 0; k < j; k++) {
                double w = work[(k * d + j) * stride + offset];
                s = s - w * w;
            }
            if (!(s > 0.0)) {
                return false;
            }
            double l = Math.sqrt(s);
            work[(j * d + j) * stride + offset] = l;
            for (int r = j + 1; r < d; r++) {
                double v = 0.5 * (a[(j * d + r) * stride + offset] + a[(r * d + j) * stride + offset]);
                for (int k = 0; k < j; k++) {
                    v = v - work[(k * d + r) * stride + offset] * work[(k * d + j) * stride + offset];
                }
                work[(j * d + r) * stride + offset] = v / l;
            }
        }
        return true;
    }
}
