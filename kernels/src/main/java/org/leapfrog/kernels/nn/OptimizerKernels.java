package org.leapfrog.kernels.nn;

import java.util.List;
import org.leapfrog.kernels.KernelArguments;
import org.leapfrog.kernels.KernelDef;

/**
 * Optimizer updates and gradient clipping ({@code org/leapfrog/kernels/nn/optim.cl}): the Java loops below
 * are the twins, with the OpenCL kernels' expressions in the same order (the OpenCL side is built without
 * contraction into fused multiply-adds). Element {@code i} of a parameter of {@code n} values uses state
 * element {@code off + i} of the flat state buffers (every parameter in module order, concatenated).
 * Parameter lists (OpenCL order) are given per kernel; element kernels run n work-items.
 */
public final class OptimizerKernels {
    public static final List<String> SOURCES = List.of("org/leapfrog/kernels/lanes.cl", "org/leapfrog/kernels/nn/optim.cl");

    /** Elements per work-item of {@link #SUM_SQUARES}. */
    public static final int CHUNK = 256;

    /** {@code (w, g, m, v, vmax, int off, int n, double beta1, double beta2, double stepSize, double sqrtBc2,
     * double eps, int amsgrad)}: {@code stepSize = lr / (1 - beta1^t)}, {@code sqrtBc2 = sqrt(1 - beta2^t)}. */
    public static final KernelDef ADAM = def("optim_adam", OptimizerKernels::adam);

    /** {@code (w, g, m, u, int off, int n, double beta1, double beta2, double stepSize, double eps)}. */
    public static final KernelDef ADAMAX = def("optim_adamax", OptimizerKernels::adamax);

    /** {@code (w, g, v, buf, int off, int n, double rho, double eps, double momentum, double lr)}. */
    public static final KernelDef RMSPROP = def("optim_rmsprop", OptimizerKernels::rmsprop);

    /** {@code (w, g, velocity, int off, int n, double momentum, double lr)}. */
    public static final KernelDef SGD = def("optim_sgd", OptimizerKernels::sgd);

    /** {@code (g, int n, int chunk, partial, int poff)}; ceil(n / chunk) work-items. */
    public static final KernelDef SUM_SQUARES = def("optim_sum_squares", OptimizerKernels::sumSquares);

    /** {@code (partial, int count, double maxNorm, norm, scale)}; one work-item. */
    public static final KernelDef NORM_SCALE = def("optim_norm_scale", OptimizerKernels::normScale);

    /** {@code (g, int n, scale)}. */
    public static final KernelDef SCALE = def("optim_scale", OptimizerKernels::scale);

    /** {@code (g, int n, double limit)}. */
    public static final KernelDef CLIP_VALUE = def("optim_clip_value", OptimizerKernels::clipValue);

    public static final List<KernelDef> ALL = List.of(ADAM, ADAMAX, RMSPROP, SGD, SUM_SQUARES, NORM_SCALE, SCALE,
            CLIP_VALUE);

    private OptimizerKernels() {
    }

    private static KernelDef def(String entryPoint, org.leapfrog.kernels.JavaKernel twin) {
        return KernelDef.of(entryPoint, entryPoint, twin, SOURCES.toArray(new String[0]));
    }

    private static void adam(KernelArguments a, int from, int to) {
        double[] w = a.doubles(0), g = a.doubles(1), m = a.doubles(2), v = a.doubles(3), vmax = a.doubles(4);
        int off = a.intValue(5), n = a.intValue(6);
        double beta1 = a.doubleValue(7), beta2 = a.doubleValue(8), stepSize = a.doubleValue(9);
        double sqrtBc2 = a.doubleValue(10), eps = a.doubleValue(11);
        boolean amsgrad = a.intValue(12) != 0;
        for (int i = from; i < Math.min(to, n); i++) {
            int j = off + i;
            double gi = g[i];
            double mj = beta1 * m[j] + (1 - beta1) * gi;
            double vj = beta2 * v[j] + (1 - beta2) * gi * gi;
            m[j] = mj;
            v[j] = vj;
            double den = vj;
            if (amsgrad) {
                double old = vmax[j];
                den = (old >= vj || Double.isNaN(old)) ? old : vj;
                vmax[j] = den;
            }
            w[i] -= stepSize * mj / (Math.sqrt(den) / sqrtBc2 + eps);
        }
    }

    private static void adamax(KernelArguments a, int from, int to) {
        double[] w = a.doubles(0), g = a.doubles(1), m = a.doubles(2), u = a.doubles(3);
        int off = a.intValue(4), n = a.intValue(5);
        double beta1 = a.doubleValue(6), beta2 = a.doubleValue(7), stepSize = a.doubleValue(8), eps = a.doubleValue(9);
        for (int i = from; i < Math.min(to, n); i++) {
            int j = off + i;
            double gi = g[i];
            double mj = beta1 * m[j] + (1 - beta1) * gi;
            double x = beta2 * u[j];
            double y = Math.abs(gi) + eps;
            double uj = (x >= y || Double.isNaN(x)) ? x : y;
            m[j] = mj;
            u[j] = uj;
            w[i] -= stepSize * mj / uj;
        }
    }

    private static void rmsprop(KernelArguments a, int from, int to) {
        double[] w = a.doubles(0), g = a.doubles(1), v = a.doubles(2), buf = a.doubles(3);
        int off = a.intValue(4), n = a.intValue(5);
        double rho = a.doubleValue(6), eps = a.doubleValue(7), momentum = a.doubleValue(8), lr = a.doubleValue(9);
        for (int i = from; i < Math.min(to, n); i++) {
            int j = off + i;
            double gi = g[i];
            double vj = rho * v[j] + (1 - rho) * gi * gi;
            double bj = momentum * buf[j] + gi / (Math.sqrt(vj) + eps);
            v[j] = vj;
            buf[j] = bj;
            w[i] -= lr * bj;
        }
    }

    private static void sgd(KernelArguments a, int from, int to) {
        double[] w = a.doubles(0), g = a.doubles(1), velocity = a.doubles(2);
        int off = a.intValue(3), n = a.intValue(4);
        double momentum = a.doubleValue(5), lr = a.doubleValue(6);
        for (int i = from; i < Math.min(to, n); i++) {
            int j = off + i;
            double bj = momentum * velocity[j] + g[i];
            velocity[j] = bj;
            w[i] -= lr * bj;
        }
    }

    private static void sumSquares(KernelArguments a, int from, int to) {
        double[] g = a.doubles(0), partial = a.doubles(3);
        int n = a.intValue(1), chunk = a.intValue(2), poff = a.intValue(4);
        for (int k = from; k < to; k++) {
            int start = k * chunk;
            if (start >= n) {
                return;
            }
            int end = Math.min(n, start + chunk);
            double s = 0;
            for (int i = start; i < end; i++) {
                s += g[i] * g[i];
            }
            partial[poff + k] = s;
        }
    }

    private static void normScale(KernelArguments a, int from, int to) {
        if (from > 0 || to < 1) {
            return;
        }
        double[] partial = a.doubles(0), norm = a.doubles(3), scale = a.doubles(4);
        int count = a.intValue(1);
        double maxNorm = a.doubleValue(2);
        double s = 0;
        for (int k = 0; k < count; k++) {
            s += partial[k];
        }
        double r = Math.sqrt(s);
        norm[0] = r;
        scale[0] = r > maxNorm ? maxNorm / r : 1.0;
    }

    private static void scale(KernelArguments a, int from, int to) {
        double[] g = a.doubles(0), scale = a.doubles(2);
        int n = a.intValue(1);
        double s = scale[0];
        for (int i = from; i < Math.min(to, n); i++) {
            g[i] *= s;
        }
    }

    private static void clipValue(KernelArguments a, int from, int to) {
        double[] g = a.doubles(0);
        int n = a.intValue(1);
        double limit = a.doubleValue(2);
        for (int i = from; i < Math.min(to, n); i++) {
            double x = g[i];
            g[i] = x < -limit ? -limit : (x > limit ? limit : x);
        }
    }
}
