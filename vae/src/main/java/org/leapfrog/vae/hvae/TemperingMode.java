package org.leapfrog.vae.hvae;

/** How the training flow scales momenta after each leapfrog step (Caterini et al. 2018, section 2.3). */
public enum TemperingMode {
    /** alpha_k = 1, beta0 = 1: homogeneous dynamics. */
    NONE,
    /** Fixed quadratic tempering: beta0 learned, alpha_k derived from it ({@code Tempering.fixedQuadratic}). */
    FIXED,
    /** Free tempering: every alpha_k in (0, 1) learned, beta0 = prod alpha_k^2. */
    FREE
}
