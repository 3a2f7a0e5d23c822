package org.leapfrog.samplers.target;

import java.util.Optional;

/** The standard normal N(0, I_d); log density {@code -|x|^2 / 2} (normalising constant dropped). */
public final class StandardNormal implements Target {
    private final int dimension;
    private final DeviceCode code;

    public StandardNormal(int dimension) {
        this.dimension = Checks.dimension(dimension);
        this.code = new DeviceCode(TargetSources.compose("normal", dimension, "standard_normal.cl"), null);
    }

    @Override
    public String name() {
        return "normal";
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public void logDensityAndGradient(double[] x, double[] grad, double[] logDensity, int stride, int from, int to) {
        for (int c = from; c < to; c++) {
            logDensity[c] = 0;
        }
        for (int i = 0; i < dimension; i++) {
            int base = i * stride;
            for (int c = from; c < to; c++) {
                double xi = x[base + c];
                grad[base + c] = -xi;
                logDensity[c] += xi * xi;
            }
        }
        for (int c = from; c < to; c++) {
            logDensity[c] *= -0.5;
        }
    }

    @Override
    public void hessianVectorProduct(double[] x, double[] v, double[] out, int stride, int from, int to) {
        for (int i = 0; i < dimension; i++) {
            int base = i * stride;
            for (int c = from; c < to; c++) {
                out[base + c] = -v[base + c];
            }
        }
    }

    /** log Z with density exp(logDensity) / Z: {@code d/2 log(2 pi)}. */
    public double logNormalizer() {
        return 0.5 * dimension * Math.log(2 * Math.PI);
    }

    @Override
    public Optional<DeviceCode> deviceCode() {
        return Optional.of(code);
    }

    @Override
    public Optional<KnownMoments> moments() {
        double[] cov = new double[dimension * dimension];
        for (int i = 0; i < dimension; i++) {
            cov[i * dimension + i] = 1;
        }
        return Optional.of(new KnownMoments(new double[dimension], cov));
    }
}
