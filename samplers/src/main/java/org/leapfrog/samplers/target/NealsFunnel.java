package org.leapfrog.samplers.target;

import java.util.List;
import java.util.ArrayList;
import java.util.Optional;

/**
 * Neal's funnel. Coordinate 0 is y, coordinates 1..d-1 are x (the dimension d includes y):
 * {@code U = y^2 / (2 s^2) + e^y |x|^2 / 2 - (d - 1) y / 2}, log density -U, i.e. y ~ N(0, s^2) and
 * x | y ~ N(0, e^-y I).
 */
public final class NealsFunnel implements Target {
    private final String name;
    private final int dimension;
    private final double scale;
    private final double a; // 1 / s^2
    private final double halfN; // (d - 1) / 2
    private final DeviceCode code;
    private final ThreadLocal<double[]> scratch = ChainTile.scratch(2);

    /**
     * @param name      the target's name
     * @param dimension d, including y: 2 or more
     * @param scale     s, the standard deviation of y
     */
    public NealsFunnel(String name, int dimension, double scale) {
        this.name = Checks.name(name);
        if (dimension < 2) {
            throw new IllegalArgumentException("dimension: " + dimension + "; allowed: 2 or more (y and at least one x)");
        }
        this.dimension = dimension;
        this.scale = Checks.positive("scale", scale);
        this.a = 1.0 / (scale * scale);
        this.halfN = 0.5 * (dimension - 1);
        this.code = new DeviceCode(TargetSources.compose(name, dimension, "funnel.cl"), new double[] {a});
    }

    /** Funnel-1: d = 100, s = 1. */
    public static NealsFunnel funnel1() {
        return new NealsFunnel("funnel1", 100, 1.0);
    }

    /** Funnel-3: d = 20, s = 3. */
    public static NealsFunnel funnel3() {
        return new NealsFunnel("funnel3", 20, 3.0);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** s, the standard deviation of y. */
    public double scale() {
        return scale;
    }

    /** y, then x.1 .. x.(d-1). */
    @Override
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>(dimension);
        names.add("y");
        for (int i = 1; i < dimension; i++) {
            names.add("x." + i);
        }
        return names;
    }

    @Override
    public void logDensityAndGradient(double[] x, double[] grad, double[] logDensity, int stride, int from, int to) {
        // logDensity holds e^y and grad row 0 holds |x|^2 until the last loop.
        for (int c = from; c < to; c++) {
            logDensity[c] = Math.exp(x[c]);
            grad[c] = 0;
        }
        for (int i = 1; i < dimension; i++) {
            int b = i * stride;
            for (int c = from; c < to; c++) {
                double xi = x[b + c];
                grad[c] += xi * xi;
                grad[b + c] = -logDensity[c] * xi;
            }
        }
        for (int c = from; c < to; c++) {
            double y = x[c];
            double h = 0.5 * logDensity[c] * grad[c];
            grad[c] = halfN - a * y - h;
            logDensity[c] = halfN * y - 0.5 * a * y * y - h;
        }
    }

    @Override
    public void hessianVectorProduct(double[] x, double[] v, double[] out, int stride, int from, int to) {
        final int T = ChainTile.SIZE;
        double[] s = scratch.get(); // row 0: e^y, row 1: |x|^2; out row 0 accumulates x.v
        for (int c0 = from; c0 < to; c0 += T) {
            int n = Math.min(T, to - c0);
            for (int t = 0; t < n; t++) {
                s[t] = Math.exp(x[c0 + t]);
                s[T + t] = 0;
                out[c0 + t] = 0;
            }
            for (int i = 1; i < dimension; i++) {
                int b = i * stride + c0;
                for (int t = 0; t < n; t++) {
                    double xi = x[b + t];
                    s[T + t] += xi * xi;
                    out[c0 + t] += xi * v[b + t];
                    out[b + t] = -s[t] * (xi * v[c0 + t] + v[b + t]);
                }
            }
            for (int t = 0; t < n; t++) {
                double ey = s[t];
                out[c0 + t] = -(a + 0.5 * ey * s[T + t]) * v[c0 + t] - ey * out[c0 + t];
            }
        }
    }

    @Override
    public Optional<DeviceCode> deviceCode() {
        return Optional.of(code);
    }

    /** Mean 0; var y = s^2; var x_i = E[e^-y] = e^(s^2 / 2); all covariances 0 (x is symmetric given y). */
    @Override
    public Optional<KnownMoments> moments() {
        int d = dimension;
        double[] cov = new double[d * d];
        cov[0] = scale * scale;
        double vx = Math.exp(0.5 * scale * scale);
        for (int i = 1; i < d; i++) {
            cov[i * d + i] = vx;
        }
        return Optional.of(new KnownMoments(new double[d], cov));
    }
}
