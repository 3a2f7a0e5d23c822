package org.leapfrog.samplers.target;

import java.util.Optional;

/**
 * A Gaussian with diagonal covariance: log density {@code -sum_i (x_i - m_i)^2 / (2 v_i)} (constant dropped).
 * Precisions {@code 1 / v_i} are precomputed so neither twin divides per evaluation.
 */
public final class DiagonalGaussian implements Target {
    private final String name;
    private final double[] mean;
    private final double[] variance;
    private final double[] precision;
    private final DeviceCode code;

    /**
     * @param name      the target's name
     * @param mean      the mean, finite
     * @param variances the variances, finite and positive, same length as the mean
     */
    public DiagonalGaussian(String name, double[] mean, double[] variances) {
        this.name = Checks.name(name);
        int d = Checks.dimension(variances == null ? 0 : variances.length);
        this.variance = Checks.finite("variances", variances, d);
        this.mean = Checks.finite("mean", mean, d);
        this.precision = new double[d];
        boolean zeroMean = true;
        for (int i = 0; i < d; i++) {
            precision[i] = 1.0 / Checks.positive("variances[" + i + "]", variance[i]);
            zeroMean &= mean[i] == 0.0;
        }
        double[] td = new double[2 * d];
        System.arraycopy(precision, 0, td, 0, d);
        System.arraycopy(this.mean, 0, td, d, d);
        String source = zeroMean
                ? TargetSources.compose(name, d, "diagonal_gaussian.cl", "LF_DIAG_ZERO_MEAN")
                : TargetSources.compose(name, d, "diagonal_gaussian.cl");
        this.code = new DeviceCode(source, td);
    }

    /** A zero-mean diagonal Gaussian named {@code diagonal}. */
    public static DiagonalGaussian of(double... variances) {
        return new DiagonalGaussian("diagonal", new double[variances == null ? 0 : variances.length], variances);
    }

    /**
     * The ill-conditioned Gaussian ICG of the L2HMC paper: zero mean, d = 50, variances log-spaced from 1e-2 to
     * 1e2, i.e. {@code variance_i = 10^(-2 + 4 i / 49)}.
     */
    public static DiagonalGaussian icg50() {
        int d = 50;
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = Math.pow(10.0, -2.0 + 4.0 * i / (d - 1));
        }
        return new DiagonalGaussian("icg50", new double[d], v);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dimension() {
        return mean.length;
    }

    /** The variances (a copy). */
    public double[] variances() {
        return variance.clone();
    }

    @Override
    public void logDensityAndGradient(double[] x, double[] grad, double[] logDensity, int stride, int from, int to) {
        for (int c = from; c < to; c++) {
            logDensity[c] = 0;
        }
        for (int i = 0; i < mean.length; i++) {
            int base = i * stride;
            double p = precision[i], m = mean[i];
            for (int c = from; c < to; c++) {
                double r = x[base + c] - m;
                double g = -p * r;
                grad[base + c] = g;
                logDensity[c] += g * r;
            }
        }
        for (int c = from; c < to; c++) {
            logDensity[c] *= 0.5;
        }
    }

    /** The gradient alone (leapfrog steps whose log density is unused); the same values as the full method. */
    @Override
    public void gradient(double[] x, double[] grad, double[] scratch, int stride, int from, int to) {
        for (int i = 0; i < mean.length; i++) {
            int base = i * stride;
            double p = precision[i], m = mean[i];
            for (int c = from; c < to; c++) {
                grad[base + c] = -p * (x[base + c] - m);
            }
        }
    }

    @Override
    public void hessianVectorProduct(double[] x, double[] v, double[] out, int stride, int from, int to) {
        for (int i = 0; i < mean.length; i++) {
            int base = i * stride;
            double p = precision[i];
            for (int c = from; c < to; c++) {
                out[base + c] = -p * v[base + c];
            }
        }
    }

    /** log Z with density exp(logDensity) / Z: {@code (d log(2 pi) + sum_i log v_i) / 2}. */
    public double logNormalizer() {
        double s = mean.length * Math.log(2 * Math.PI);
        for (double v : variance) {
            s += Math.log(v);
        }
        return 0.5 * s;
    }

    @Override
    public Optional<DeviceCode> deviceCode() {
        return Optional.of(code);
    }

    @Override
    public Optional<KnownMoments> moments() {
        int d = mean.length;
        double[] cov = new double[d * d];
        for (int i = 0; i < d; i++) {
            cov[i * d + i] = variance[i];
        }
        return Optional.of(new KnownMoments(mean.clone(), cov));
    }
}
