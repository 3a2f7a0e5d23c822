package org.leapfrog.samplers.target;

/**
 * True moments of a target.
 *
 * @param mean       the mean, length d
 * @param covariance the covariance, row-major d x d
 */
public record KnownMoments(double[] mean, double[] covariance) {
    public KnownMoments {
        int d = mean.length;
        if (covariance.length != d * d) {
            throw new IllegalArgumentException("covariance: length " + covariance.length + " for dimension " + d
                    + "; allowed: " + d * d + " (row-major d x d)");
        }
    }

    public int dimension() {
        return mean.length;
    }

    public double variance(int i) {
        return covariance[i * mean.length + i];
    }

    /** Trace of the covariance (the L2HMC paper's ESS estimator uses it). */
    public double trace() {
        double t = 0;
        for (int i = 0; i < mean.length; i++) {
            t += variance(i);
        }
        return t;
    }
}
