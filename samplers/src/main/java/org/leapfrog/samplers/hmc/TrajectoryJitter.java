package org.leapfrog.samplers.hmc;

import org.leapfrog.kernels.RandomStream;

/**
 * How a jittered trajectory length is drawn each iteration, shared by every chain: the length is u_t T with
 * u_t in (0, 1) (Hoffman, Radul and Sountsov 2021). {@link #HALTON} takes u_t from the base-2 Halton (van der
 * Corput) sequence, which covers (0, 1) evenly after few iterations (the paper's choice: less adaptation noise
 * than random draws); {@link #UNIFORM} draws it from Philox, keyed by (seed, iteration) like every other draw, so
 * it is the same on every backend and after a resume.
 */
public enum TrajectoryJitter {
    HALTON, UNIFORM;

    /** Philox purpose of the uniform jitter (chain 0 of the stream, seed salted). */
    static final int PURPOSE = RandomStream.PURPOSE_USER + 0x7C;
    private static final long SALT = 0x7A3EC7L;

    /** u_t for this iteration, in (0, 1). */
    public double fraction(long seed, int iteration) {
        if (this == HALTON) {
            return halton(iteration + 1L);
        }
        return RandomStream.uniform(seed ^ SALT, 0, iteration, PURPOSE, new int[4]);
    }

    /** The base-2 radical inverse of i >= 1: 1/2, 1/4, 3/4, 1/8, 5/8, ... (exact in double). */
    static double halton(long i) {
        double f = 0.5, r = 0;
        for (long k = i; k > 0; k >>= 1) {
            if ((k & 1) != 0) {
                r += f;
            }
            f *= 0.5;
        }
        return r;
    }

    /** Parses "halton" or "uniform". */
    public static TrajectoryJitter parse(String text) {
        if ("halton".equals(text)) {
            return HALTON;
        }
        if ("uniform".equals(text)) {
            return UNIFORM;
        }
        throw new IllegalArgumentException("trajectory jitter: '" + text + "'; allowed: halton, uniform");
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
