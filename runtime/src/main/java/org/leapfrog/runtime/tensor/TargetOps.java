package org.leapfrog.runtime.tensor;

import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.nn.TargetOpKernels;

/**
 * A target density ({@link BatchedDensity}) as graph operations, so that losses can be differentiated through
 * leapfrog steps. Positions are {@code chains x dimension} tensors; the target's chain-minor convention is this
 * layout with stride = chains.
 *
 * <p>The gradient op's backward rule is the target's Hessian-vector product (the Hessian is symmetric), and
 * the Hessian-vector product is itself an op, differentiable in its vector argument. Differentiating it in
 * the position would need third derivatives, which the {@link BatchedDensity} contract does not provide: that
 * case throws. For second order through the position, write the log density with Tensor operations instead
 * (e.g. a decoder network) and take {@link Graph#grad} with {@code createGraph = true}.
 *
 * <p>Where they run: the Java engine calls the Java methods on the tensors' arrays. An OpenCL engine runs the
 * density's {@linkplain BatchedDensity#deviceSource() device code} as kernels on the tensors' buffers (the
 * target's data is uploaded once per engine), so nothing goes through the host; a density without device
 * code falls back to the host there: positions are read back, the Java methods run, and results are
 * uploaded when the next operation reads them (counted in {@link Engine#transfers()}).
 */
public final class TargetOps {
    private TargetOps() {
    }

    /** Log density per chain: {@code chains x 1}. */
    public static Tensor logDensity(BatchedDensity target, Tensor x) {
        checkShape(target, x);
        int n = x.rows;
        Tensor out = Tensor.result(x.engine, n, 1, false);
        Tensor gradScratch = Tensor.result(x.engine, n, x.cols, false);
        logDensityAndGradient(target, x, out, gradScratch);
        return Node.record(out, (g, needs) -> new Tensor[] {g.mul(gradLogDensity(target, x))}, x);
    }

    /** Gradient of the log density: {@code chains x dimension}. */
    public static Tensor gradLogDensity(BatchedDensity target, Tensor x) {
        checkShape(target, x);
        int n = x.rows;
        Tensor out = Tensor.result(x.engine, n, x.cols, false);
        Tensor logDensityScratch = Tensor.result(x.engine, n, 1, false);
        logDensityAndGradient(target, x, logDensityScratch, out);
        return Node.record(out, (g, needs) -> new Tensor[] {hessianVectorProduct(target, x, g)}, x);
    }

    /** {@code H(x) v} per chain, H the Hessian of the log density: {@code chains x dimension}. */
    public static Tensor hessianVectorProduct(BatchedDensity target, Tensor x, Tensor v) {
        checkShape(target, x);
        if (!v.sameShape(x)) {
            throw new IllegalArgumentException("v: shape " + v.shape() + "; allowed: the position's shape "
                    + x.shape());
        }
        x.sameEngine(v);
        int n = x.rows;
        Tensor out = Tensor.result(x.engine, n, x.cols, false);
        DeviceTarget dt = deviceTarget(target, x.engine);
        if (dt != null) {
            x.engine.kernel(dt.hvp).arg(0, n).read(1, x).read(2, v).read(3, dt.data).write(4, out).run(n);
        } else if (x.engine.device.isFloat32()) {
            double[] hv = new double[out.size()];
            target.hessianVectorProduct(x.toArray(), v.toArray(), hv, n, 0, n);
            out.assign(hv);
        } else {
            target.hessianVectorProduct(host(x), host(v), overwrite(out), n, 0, n);
        }
        return Node.record(out, (g, needs) -> {
            if (needs[0]) {
                throw new UnsupportedOperationException("target " + target.name()
                        + ": differentiating a Hessian-vector product in the position needs third derivatives,"
                        + " which BatchedDensity does not provide; express the log density with Tensor operations");
            }
            return new Tensor[] {null, hessianVectorProduct(target, x, g)};
        }, x, v);
    }

    private static void logDensityAndGradient(BatchedDensity target, Tensor x, Tensor logDensity, Tensor grad) {
        int n = x.rows;
        DeviceTarget dt = deviceTarget(target, x.engine);
        if (dt != null) {
            x.engine.kernel(dt.logpGrad).arg(0, n).read(1, x).read(2, dt.data).write(3, logDensity).write(4, grad)
                    .run(n);
        } else if (x.engine.device.isFloat32()) {
            // The Java methods are float64: a double copy in, the results rounded to float.
            double[] g = new double[grad.size()];
            double[] lp = new double[n];
            target.logDensityAndGradient(x.toArray(), g, lp, n, 0, n);
            grad.assign(g);
            logDensity.assign(lp);
        } else {
            target.logDensityAndGradient(host(x), overwrite(grad), overwrite(logDensity), n, 0, n);
        }
    }

    /** The target's kernels on an OpenCL engine when it has device code; null where the Java methods run. */
    private static DeviceTarget deviceTarget(BatchedDensity target, Engine engine) {
        if (!engine.backend().capabilities().runsOpenClC() || target.deviceSource().isEmpty()) {
            return null;
        }
        return engine.deviceTarget(target);
    }

    /** Current host values for reading (a copy from the device on OpenCL). */
    private static double[] host(Tensor t) {
        return t.engine.device.readHost(t.storage());
    }

    /** A host array that the target fills completely (uploaded when the next operation reads the tensor). */
    private static double[] overwrite(Tensor t) {
        return t.engine.device.overwriteHost(t.storage());
    }

    private static void checkShape(BatchedDensity target, Tensor x) {
        if (x.cols != target.dimension()) {
            throw new IllegalArgumentException("x: shape " + x.shape() + "; allowed: chains x "
                    + target.dimension() + " (the dimension of target " + target.name() + ")");
        }
    }

    /**
     * A density's two kernels ({@code nn/target_ops.cl} with its source, DIM = its dimension) and its data as
     * an engine tensor. The kernels' Java twins are the density's Java methods.
     */
    static final class DeviceTarget {
        final KernelDef logpGrad;
        final KernelDef hvp;
        final Tensor data;

        private DeviceTarget(KernelDef logpGrad, KernelDef hvp, Tensor data) {
            this.logpGrad = logpGrad;
            this.hvp = hvp;
            this.data = data;
        }

        static DeviceTarget of(Engine engine, BatchedDensity target) {
            BatchedDensity.DeviceSource src = target.deviceSource().orElseThrow();
            if (engine.device.isFloat32()) {
                return float32(engine, target, src);
            }
            KernelDef logpGrad = TargetOpKernels.logpGrad(target.name(), src.source(), target.dimension(),
                    (a, from, to) -> {
                        int n = a.intValue(TargetOpKernels.LogpGradArgs.N);
                        target.logDensityAndGradient(a.doubles(TargetOpKernels.LogpGradArgs.X),
                                a.doubles(TargetOpKernels.LogpGradArgs.GRAD),
                                a.doubles(TargetOpKernels.LogpGradArgs.LOGP), n, from, Math.min(to, n));
                    });
            KernelDef hvp = TargetOpKernels.hvp(target.name(), src.source(), target.dimension(), (a, from, to) -> {
                int n = a.intValue(TargetOpKernels.HvpArgs.N);
                target.hessianVectorProduct(a.doubles(TargetOpKernels.HvpArgs.X), a.doubles(TargetOpKernels.HvpArgs.V),
                        a.doubles(TargetOpKernels.HvpArgs.HV), n, from, Math.min(to, n));
            });
            double[] d = src.data().clone();
            return new DeviceTarget(logpGrad, hvp, engine.wrap(1, d.length, d));
        }
    
        /**
         * The float32 kernels: the target's device code built in float; their twins widen the chains' float
         * values to double, run the Java methods and round the results to float.
         */
        private static DeviceTarget float32(Engine engine, BatchedDensity target, BatchedDensity.DeviceSource src) {
            int dim = target.dimension();
            KernelDef logpGrad = TargetOpKernels.logpGradFloat32(target.name(), src.source(), dim, (a, from, to) -> {
                int n = a.intValue(TargetOpKernels.LogpGradArgs.N);
                int hi = Math.min(to, n);
                double[] x = widen(a.floats(TargetOpKernels.LogpGradArgs.X), n, dim, from, hi);
                double[] g = new double[n * dim];
                double[] lp = new double[n];
                target.logDensityAndGradient(x, g, lp, n, from, hi);
                narrow(g, a.floats(TargetOpKernels.LogpGradArgs.GRAD), n, dim, from, hi);
                narrow(lp, a.floats(TargetOpKernels.LogpGradArgs.LOGP), n, 1, from, hi);
            });
            KernelDef hvp = TargetOpKernels.hvpFloat32(target.name(), src.source(), dim, (a, from, to) -> {
                int n = a.intValue(TargetOpKernels.HvpArgs.N);
                int hi = Math.min(to, n);
                double[] x = widen(a.floats(TargetOpKernels.HvpArgs.X), n, dim, from, hi);
                double[] v = widen(a.floats(TargetOpKernels.HvpArgs.V), n, dim, from, hi);
                double[] hv = new double[n * dim];
                target.hessianVectorProduct(x, v, hv, n, from, hi);
                narrow(hv, a.floats(TargetOpKernels.HvpArgs.HV), n, dim, from, hi);
            });
            double[] d = src.data().clone();
            return new DeviceTarget(logpGrad, hvp, engine.wrap(1, d.length, d));
        }

        /** Chains [from, to) of a float n x dim tensor as doubles (other chains left 0). */
        private static double[] widen(float[] f, int n, int dim, int from, int to) {
            double[] d = new double[n * dim];
            for (int k = 0; k < dim; k++) {
                for (int c = from; c < to; c++) {
                    d[k * n + c] = f[k * n + c];
                }
            }
            return d;
        }

        /** Chains [from, to) of an n x dim double result into its float buffer. */
        private static void narrow(double[] d, float[] f, int n, int dim, int from, int to) {
            for (int k = 0; k < dim; k++) {
                for (int c = from; c < to; c++) {
                    f[k * n + c] = (float) d[k * n + c];
                }
            }
        }
    }
}
