package org.leapfrog.samplers.hmc;

import java.util.Arrays;
import org.leapfrog.samplers.metric.Metric;

/**
 * Settings of HMC (and of MALA, which is HMC with one leapfrog step: proposal mean x + eps^2/2 M^-1 grad,
 * covariance eps^2 M^-1, and the same acceptance ratio).
 *
 * @param stepSize            leapfrog step size per dimension (all equal for a scalar step size)
 * @param numIntegrationSteps leapfrog steps per iteration, L >= 1
 * @param metric              unit, diagonal or dense inverse mass matrix
 * @param jitter              step size is scaled by a uniform factor in [1 - jitter, 1 + jitter] per chain and
 *                            iteration; 0 for none
 * @param maxEnergyError      an energy error above this marks the transition divergent (default 1000)
 */
public record HmcParameters(double[] stepSize, int numIntegrationSteps, Metric metric, double jitter,
                            double maxEnergyError) {
    public static final double DEFAULT_MAX_ENERGY_ERROR = 1000.0;

    public HmcParameters {
        stepSize = stepSize.clone();
        if (stepSize.length != metric.dimension()) {
            throw new IllegalArgumentException("stepSize: " + stepSize.length + " values for dimension "
                    + metric.dimension() + "; allowed: one per dimension (or use a scalar factory)");
        }
        for (int i = 0; i < stepSize.length; i++) {
            if (!(stepSize[i] > 0) || !Double.isFinite(stepSize[i])) {
                throw new IllegalArgumentException("stepSize[" + i + "]: " + stepSize[i] + "; allowed: finite and > 0");
            }
        }
        if (numIntegrationSteps < 1) {
            throw new IllegalArgumentException("numIntegrationSteps: " + numIntegrationSteps + "; allowed: 1 or more");
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter: " + jitter + "; allowed: 0 <= jitter < 1");
        }
        if (!(maxEnergyError > 0)) {
            throw new IllegalArgumentException("maxEnergyError: " + maxEnergyError + "; allowed: > 0");
        }
    }

    /** HMC with a scalar step size and a unit metric. */
    public static HmcParameters hmc(double stepSize, int steps, int dimension) {
        return hmc(stepSize, steps, Metric.unit(dimension));
    }

    public static HmcParameters hmc(double stepSize, int steps, Metric metric) {
        return new HmcParameters(fill(stepSize, metric.dimension()), steps, metric, 0.0, DEFAULT_MAX_ENERGY_ERROR);
    }

    /** MALA: one leapfrog step. */
    public static HmcParameters mala(double stepSize, Metric metric) {
        return new HmcParameters(fill(stepSize, metric.dimension()), 1, metric, 0.0, DEFAULT_MAX_ENERGY_ERROR);
    }

    public HmcParameters withJitter(double j) {
        return new HmcParameters(stepSize, numIntegrationSteps, metric, j, maxEnergyError);
    }

    public HmcParameters withMaxEnergyError(double e) {
        return new HmcParameters(stepSize, numIntegrationSteps, metric, jitter, e);
    }

    private static double[] fill(double v, int d) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException("stepSize: " + v + "; allowed: finite and > 0");
        }
        double[] a = new double[d];
        Arrays.fill(a, v);
        return a;
    }

    @Override
    public double[] stepSize() {
        return stepSize.clone();
    }
}
