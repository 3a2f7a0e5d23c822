package org.leapfrog.samplers.integrator;

import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.Target;

/**
 * The leapfrog integrator over a block of chains (Java twin of {@code leapfrog.cl}, same order of operations).
 * Arrays are chain-minor with the given stride; chains [0, m) of the block are integrated in place.
 */
public final class Leapfrog {
    /** Whether the FAST updates take their SIMD loops ({@link SimdFmaUpdates}; same bits as the scalar ones). */
    private static final boolean SIMD = org.leapfrog.kernels.Simd.ENABLED;

    private Leapfrog() {
    }

    /**
     * Runs {@code steps} leapfrog steps from (x, p), where g holds the gradient and lp the log density at x.
     * Step size of dimension d for chain j is {@code eps[d] * scale[j]}. Half kicks between steps are merged.
     * On return x, p, g and lp describe the end point; v is scratch of the same shape as x.
     */
    public static void integrate(Target target, Metric metric, double[] x, double[] p, double[] g, double[] v,
                                 double[] lp, double[] eps, double[] scale, int steps, int stride, int m) {
        int dim = target.dimension();
        // With every chain's factor exactly 1 (no jitter), scale * e is e exactly: the loops skip the factor and
        // give the same bits (the OpenCL kernel multiplies by 1.0).
        boolean unscaled = allOnes(scale, m);
        kick(p, g, eps, scale, 0.5, stride, m, dim, unscaled);
        boolean unit = metric.kind() == Metric.Kind.UNIT;
        double[] vel = unit ? p : v; // with a unit metric the velocity is the momentum itself
        for (int l = 0; l < steps; l++) {
            if (!unit) {
                metric.velocity(p, v, stride, 0, m);
            }
            for (int d = 0; d < dim; d++) {
                double e = eps[d];
                int o = d * stride;
                if (unscaled) {
                    for (int j = 0; j < m; j++) {
                        x[o + j] = drift(x[o + j], e, vel[o + j]);
                    }
                } else {
                    for (int j = 0; j < m; j++) {
                        x[o + j] = drift(x[o + j], scale[j] * e, vel[o + j]);
                    }
                }
            }
            if (l == steps - 1) {
                target.logDensityAndGradient(x, g, lp, stride, 0, m);
            } else {
                target.gradient(x, g, lp, stride, 0, m); // lp is scratch here
            }
            kick(p, g, eps, scale, l == steps - 1 ? 0.5 : 1.0, stride, m, dim, unscaled);
        }
    }

    /**
     * The momentum update {@code p + h g} (h = weight times step size, g the gradient of log p): the twin of
     * {@code lf_kick} in {@code leapfrog.cl}, shared by this integrator, the tempered flow and the HVAE's ops.
     */
    public static double kick(double p, double h, double g) {
        return p + h * g;
    }

    /** The position update {@code x + e v} (v the velocity): the twin of {@code lf_drift}. */
    public static double drift(double x, double e, double v) {
        return x + e * v;
    }

    /** The tempered flow's momentum scaling {@code a p}: the twin of {@code lf_temper}. */
    public static double temper(double a, double p) {
        return a * p;
    }

    private static boolean allOnes(double[] scale, int m) {
        for (int j = 0; j < m; j++) {
            if (scale[j] != 1.0) {
                return false;
            }
        }
        return true;
    }

    private static void kick(double[] p, double[] g, double[] eps, double[] scale, double w, int stride, int m,
                             int dim, boolean unscaled) {
        for (int d = 0; d < dim; d++) {
            double e = eps[d];
            int o = d * stride;
            if (unscaled) {
                double we = w * e;
                for (int j = 0; j < m; j++) {
                    p[o + j] = kick(p[o + j], we, g[o + j]);
                }
            } else if (w == 1.0) { // 1 * e is e exactly: the same rounding as the OpenCL twin's full kick
                for (int j = 0; j < m; j++) {
                    p[o + j] = kick(p[o + j], scale[j] * e, g[o + j]);
                }
            } else {
                for (int j = 0; j < m; j++) {
                    p[o + j] = kick(p[o + j], w * (scale[j] * e), g[o + j]);
                }
            }
        }
    }

    /** Kinetic energy p' M^-1 p / 2 per chain into out[0..m); v receives M^-1 p. */
    public static void kinetic(Metric metric, double[] p, double[] v, double[] out, int stride, int m) {
        int dim = metric.dimension();
        metric.velocity(p, v, stride, 0, m);
        for (int j = 0; j < m; j++) {
            out[j] = 0.0;
        }
        for (int d = 0; d < dim; d++) {
            int o = d * stride;
            for (int j = 0; j < m; j++) {
                out[j] += p[o + j] * v[o + j];
            }
        }
        for (int j = 0; j < m; j++) {
            out[j] = 0.5 * out[j];
        }
    }

    /**
     * {@link #integrate} with every kick and drift as a fused multiply-add ({@link Math#fma}: {@code p + w e g},
     * {@code x + e v} rounded once), the Java twin of the kernels' FAST numerics, where the OpenCL compiler
     * contracts the same expressions. Not bit-identical to the kernel (contraction is the compiler's choice), and
     * the target's own gradient code is unchanged.
     */
    public static void integrateFma(Target target, Metric metric, double[] x, double[] p, double[] g, double[] v,
                                    double[] lp, double[] eps, double[] scale, int steps, int stride, int m) {
        int dim = target.dimension();
        kickFma(p, g, eps, scale, 0.5, stride, m, dim);
        boolean unit = metric.kind() == Metric.Kind.UNIT;
        double[] vel = unit ? p : v;
        for (int l = 0; l < steps; l++) {
            if (!unit) {
                metric.velocity(p, v, stride, 0, m);
            }
            for (int d = 0; d < dim; d++) {
                double e = eps[d];
                int o = d * stride;
                for (int j = SIMD ? SimdFmaUpdates.scaledFma(x, vel, scale, e, o, m) : 0; j < m; j++) {
                    x[o + j] = Math.fma(scale[j] * e, vel[o + j], x[o + j]);
                }
            }
            if (l == steps - 1) {
                target.logDensityAndGradient(x, g, lp, stride, 0, m);
            } else {
                target.gradient(x, g, lp, stride, 0, m);
            }
            kickFma(p, g, eps, scale, l == steps - 1 ? 0.5 : 1.0, stride, m, dim);
        }
    }

    private static void kickFma(double[] p, double[] g, double[] eps, double[] scale, double w, int stride, int m,
                                int dim) {
        for (int d = 0; d < dim; d++) {
            double we = w * eps[d];
            int o = d * stride;
            for (int j = SIMD ? SimdFmaUpdates.scaledFma(p, g, scale, we, o, m) : 0; j < m; j++) {
                p[o + j] = Math.fma(we * scale[j], g[o + j], p[o + j]);
            }
        }
    }
}
