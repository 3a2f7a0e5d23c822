package org.leapfrog.samplers;

import java.util.Optional;
import org.leapfrog.samplers.target.DeviceCode;
import org.leapfrog.samplers.target.KnownMoments;
import org.leapfrog.samplers.target.Target;

/** A zero-mean diagonal Gaussian for sampler tests, with OpenCL code; log density -x'Px/2. */
public final class GaussianTestTarget implements Target {
    private static final String SOURCE = """
            RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td) {
                RV lp = (RV)0;
                for (int d = 0; d < DIM; d++) {
                    RV gd = -td[d] * x[d];
                    g[d] = gd;
                    lp += gd * x[d];
                }
                return (RV)0.5 * lp;
            }
            void lf_hvp(const RV *x, const RV *v, RV *hv, __global const REAL *td) {
                for (int d = 0; d < DIM; d++) hv[d] = -td[d] * v[d];
            }
            """;

    private final double[] precision;
    private final double[] variance;

    public GaussianTestTarget(double[] variance) {
        this.variance = variance.clone();
        this.precision = new double[variance.length];
        for (int i = 0; i < variance.length; i++) {
            precision[i] = 1.0 / variance[i];
        }
    }

    /** The 50-d ill-conditioned Gaussian: variances log-spaced from 1e-2 to 1e2. */
    public static GaussianTestTarget icg(int d) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = Math.pow(10.0, -2.0 + 4.0 * i / (d - 1));
        }
        return new GaussianTestTarget(v);
    }

    public static GaussianTestTarget standard(int d) {
        double[] v = new double[d];
        java.util.Arrays.fill(v, 1.0);
        return new GaussianTestTarget(v);
    }

    @Override
    public String name() {
        return "test-gaussian";
    }

    @Override
    public int dimension() {
        return precision.length;
    }

    @Override
    public void logDensityAndGradient(double[] x, double[] grad, double[] logDensity, int stride, int from, int to) {
        for (int c = from; c < to; c++) {
            logDensity[c] = 0.0;
        }
        for (int d = 0; d < precision.length; d++) {
            double pr = precision[d];
            int o = d * stride;
            for (int c = from; c < to; c++) {
                double gd = -pr * x[o + c];
                grad[o + c] = gd;
                logDensity[c] += gd * x[o + c];
            }
        }
        for (int c = from; c < to; c++) {
            logDensity[c] = 0.5 * logDensity[c];
        }
    }

    @Override
    public void hessianVectorProduct(double[] x, double[] v, double[] out, int stride, int from, int to) {
        for (int d = 0; d < precision.length; d++) {
            for (int c = from; c < to; c++) {
                out[d * stride + c] = -precision[d] * v[d * stride + c];
            }
        }
    }

    @Override
    public Optional<DeviceCode> deviceCode() {
        return Optional.of(new DeviceCode(SOURCE, precision));
    }

    @Override
    public Optional<KnownMoments> moments() {
        int d = variance.length;
        double[] cov = new double[d * d];
        for (int i = 0; i < d; i++) {
            cov[i * d + i] = variance[i];
        }
        return Optional.of(new KnownMoments(new double[d], cov));
    }
}
