package org.leapfrog.kernels.nn;

import java.util.List;
import org.leapfrog.kernels.KernelArguments;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Arg;

/**
 * Optimizer updates and gradient clipping ({@code org/leapfrog/kernels/nn/optim.cl}): the Java loops below
 * are the twins, with the OpenCL kernels' expressions in the same order (the OpenCL side is built without
 * contraction into fused multiply-adds). Element {@code i} of a parameter of {@code n} values uses state
 * element {@code off + i} of the flat state buffers (every parameter in module order, concatenated).
 * Each kernel's parameters are declared once in its nested {@code *Args} class (OpenCL order), and the twins
 * read them through those constants; element kernels run n work-items.
 */
public final class OptimizerKernels {
    public static final List<String> SOURCES = List.of("org/leapfrog/kernels/lanes.cl", "org/leapfrog/kernels/nn/optim.cl");

    /** Elements per work-item of {@link #SUM_SQUARES}. */
    public static final int CHUNK = 256;

    /** Adam: {@code stepSize = lr / (1 - beta1^t)}, {@code sqrtBc2 = sqrt(1 - beta2^t)}; vmax is touched only with amsgrad. */
    public static final class AdamArgs {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg W = B.doubles("w", Access.READ_WRITE);
        public static final Arg G = B.doubles("g", Access.READ);
        public static final Arg M = B.doubles("m", Access.READ_WRITE);
        public static final Arg V = B.doubles("v", Access.READ_WRITE);
        public static final Arg VMAX = B.doubles("vmax", Access.READ_WRITE);
        public static final Arg OFF = B.intScalar("off");
        public static final Arg N = B.intScalar("n");
        public static final Arg BETA1 = B.doubleScalar("beta1");
        public static final Arg BETA2 = B.doubleScalar("beta2");
        public static final Arg STEP_SIZE = B.doubleScalar("step_size");
        public static final Arg SQRT_BC2 = B.doubleScalar("sqrt_bc2");
        public static final Arg EPS = B.doubleScalar("eps");
        public static final Arg AMSGRAD = B.intScalar("amsgrad");
        public static final KernelSignature SIGNATURE = B.build();

        private AdamArgs() {
        }
    }

    /** Adamax. */
    public static final class AdamaxArgs {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg W = B.doubles("w", Access.READ_WRITE);
        public static final Arg G = B.doubles("g", Access.READ);
        public static final Arg M = B.doubles("m", Access.READ_WRITE);
        public static final Arg U = B.doubles("u", Access.READ_WRITE);
        public static final Arg OFF = B.intScalar("off");
        public static final Arg N = B.intScalar("n");
        public static final Arg BETA1 = B.doubleScalar("beta1");
        public static final Arg BETA2 = B.doubleScalar("beta2");
        public static final Arg STEP_SIZE = B.doubleScalar("step_size");
        public static final Arg EPS = B.doubleScalar("eps");
        public static final KernelSignature SIGNATURE = B.build();

        private AdamaxArgs() {
        }
    }

    /** RMSProp with momentum buffer {@code buf}. */
    public static final class RmsPropArgs {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg W = B.doubles("w", Access.READ_WRITE);
        public static final Arg G = B.doubles("g", Access.READ);
        public static final Arg V = B.doubles("v", Access.READ_WRITE);
        public static final Arg BUF = B.doubles("buf", Access.READ_WRITE);
        public static final Arg OFF = B.intScalar("off");
        public static final Arg N = B.intScalar("n");
        public static final Arg RHO = B.doubleScalar("rho");
        public static final Arg EPS = B.doubleScalar("eps");
        public static final Arg MOMENTUM = B.doubleScalar("momentum");
        public static final Arg LR = B.doubleScalar("lr");
        public static final KernelSignature SIGNATURE = B.build();

        private RmsPropArgs() {
        }
    }

    /** SGD with momentum. */
    public static final class SgdArgs {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg W = B.doubles("w", Access.READ_WRITE);
        public static final Arg G = B.doubles("g", Access.READ);
        public static final Arg VELOCITY = B.doubles("velocity", Access.READ_WRITE);
        public static final Arg OFF = B.intScalar("off");
        public static final Arg N = B.intScalar("n");
        public static final Arg MOMENTUM = B.doubleScalar("momentum");
        public static final Arg LR = B.doubleScalar("lr");
        public static final KernelSignature SIGNATURE = B.build();

        private SgdArgs() {
        }
    }

    /** Sums of squares of chunks of g into {@code partial[poff + k]}; ceil(n / chunk) work-items. */
    public static final class SumSquaresArgs {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg G = B.doubles("g", Access.READ);
        public static final Arg N = B.intScalar("n");
        public static final Arg CHUNK = B.intScalar("chunk");
        /** Written at [poff, poff + chunks) only, so the rest must stay current: read-write. */
        public static final Arg PARTIAL = B.doubles("partial", Access.READ_WRITE);
        public static final Arg POFF = B.intScalar("poff");
        public static final KernelSignature SIGNATURE = B.build();

        private SumSquaresArgs() {
        }
    }

    /** The norm of the partial sums and the clipping scale; one work-item. */
    public static final class NormScaleArgs {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg PARTIAL = B.doubles("partial", Access.READ);
        public static final Arg COUNT = B.intScalar("count");
        public static final Arg MAX_NORM = B.doubleScalar("max_norm");
        public static final Arg NORM = B.doubles("norm", Access.READ_WRITE);
        public static final Arg SCALE = B.doubles("scale", Access.READ_WRITE);
        public static final KernelSignature SIGNATURE = B.build();

        private NormScaleArgs() {
        }
    }

    /** {@code g *= scale[0]}. */
    public static final class ScaleArgs {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg G = B.doubles("g", Access.READ_WRITE);
        public static final Arg N = B.intScalar("n");
        public static final Arg SCALE = B.doubles("scale", Access.READ);
        public static final KernelSignature SIGNATURE = B.build();

        private ScaleArgs() {
        }
    }

    /** {@code g = clamp(g, -limit, limit)}. */
    public static final class ClipValueArgs {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg G = B.doubles("g", Access.READ_WRITE);
        public static final Arg N = B.intScalar("n");
        public static final Arg LIMIT = B.doubleScalar("limit");
        public static final KernelSignature SIGNATURE = B.build();

        private ClipValueArgs() {
        }
    }

    public static final KernelDef ADAM = def("optim_adam", AdamArgs.SIGNATURE, OptimizerKernels::adam);
    public static final KernelDef ADAMAX = def("optim_adamax", AdamaxArgs.SIGNATURE, OptimizerKernels::adamax);
    public static final KernelDef RMSPROP = def("optim_rmsprop", RmsPropArgs.SIGNATURE, OptimizerKernels::rmsprop);
    public static final KernelDef SGD = def("optim_sgd", SgdArgs.SIGNATURE, OptimizerKernels::sgd);
    /** ceil(n / chunk) work-items. */
    public static final KernelDef SUM_SQUARES = def("optim_sum_squares", SumSquaresArgs.SIGNATURE,
            OptimizerKernels::sumSquares);
    /** One work-item. */
    public static final KernelDef NORM_SCALE = def("optim_norm_scale", NormScaleArgs.SIGNATURE,
            OptimizerKernels::normScale);
    public static final KernelDef SCALE = def("optim_scale", ScaleArgs.SIGNATURE, OptimizerKernels::scale);
    public static final KernelDef CLIP_VALUE = def("optim_clip_value", ClipValueArgs.SIGNATURE,
            OptimizerKernels::clipValue);

    public static final List<KernelDef> ALL = List.of(ADAM, ADAMAX, RMSPROP, SGD, SUM_SQUARES, NORM_SCALE, SCALE,
            CLIP_VALUE);

    private OptimizerKernels() {
    }

    private static KernelDef def(String entryPoint, KernelSignature signature, org.leapfrog.kernels.JavaKernel twin) {
        return KernelDef.of(entryPoint, entryPoint, signature, twin, SOURCES.toArray(new String[0]));
    }

    private static void adam(KernelArguments a, int from, int to) {
        double[] w = a.doubles(AdamArgs.W), g = a.doubles(AdamArgs.G), m = a.doubles(AdamArgs.M);
        double[] v = a.doubles(AdamArgs.V), vmax = a.doubles(AdamArgs.VMAX);
        int off = a.intValue(AdamArgs.OFF), n = a.intValue(AdamArgs.N);
        double beta1 = a.doubleValue(AdamArgs.BETA1), beta2 = a.doubleValue(AdamArgs.BETA2);
        double stepSize = a.doubleValue(AdamArgs.STEP_SIZE);
        double sqrtBc2 = a.doubleValue(AdamArgs.SQRT_BC2), eps = a.doubleValue(AdamArgs.EPS);
        boolean amsgrad = a.intValue(AdamArgs.AMSGRAD) != 0;
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
        double[] w = a.doubles(AdamaxArgs.W), g = a.doubles(AdamaxArgs.G), m = a.doubles(AdamaxArgs.M);
        double[] u = a.doubles(AdamaxArgs.U);
        int off = a.intValue(AdamaxArgs.OFF), n = a.intValue(AdamaxArgs.N);
        double beta1 = a.doubleValue(AdamaxArgs.BETA1), beta2 = a.doubleValue(AdamaxArgs.BETA2);
        double stepSize = a.doubleValue(AdamaxArgs.STEP_SIZE), eps = a.doubleValue(AdamaxArgs.EPS);
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
        double[] w = a.doubles(RmsPropArgs.W), g = a.doubles(RmsPropArgs.G), v = a.doubles(RmsPropArgs.V);
        double[] buf = a.doubles(RmsPropArgs.BUF);
        int off = a.intValue(RmsPropArgs.OFF), n = a.intValue(RmsPropArgs.N);
        double rho = a.doubleValue(RmsPropArgs.RHO), eps = a.doubleValue(RmsPropArgs.EPS);
        double momentum = a.doubleValue(RmsPropArgs.MOMENTUM), lr = a.doubleValue(RmsPropArgs.LR);
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
        double[] w = a.doubles(SgdArgs.W), g = a.doubles(SgdArgs.G), velocity = a.doubles(SgdArgs.VELOCITY);
        int off = a.intValue(SgdArgs.OFF), n = a.intValue(SgdArgs.N);
        double momentum = a.doubleValue(SgdArgs.MOMENTUM), lr = a.doubleValue(SgdArgs.LR);
        for (int i = from; i < Math.min(to, n); i++) {
            int j = off + i;
            double bj = momentum * velocity[j] + g[i];
            velocity[j] = bj;
            w[i] -= lr * bj;
        }
    }

    private static void sumSquares(KernelArguments a, int from, int to) {
        double[] g = a.doubles(SumSquaresArgs.G), partial = a.doubles(SumSquaresArgs.PARTIAL);
        int n = a.intValue(SumSquaresArgs.N), chunk = a.intValue(SumSquaresArgs.CHUNK);
        int poff = a.intValue(SumSquaresArgs.POFF);
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
        double[] partial = a.doubles(NormScaleArgs.PARTIAL), norm = a.doubles(NormScaleArgs.NORM);
        double[] scale = a.doubles(NormScaleArgs.SCALE);
        int count = a.intValue(NormScaleArgs.COUNT);
        double maxNorm = a.doubleValue(NormScaleArgs.MAX_NORM);
        double s = 0;
        for (int k = 0; k < count; k++) {
            s += partial[k];
        }
        double r = Math.sqrt(s);
        norm[0] = r;
        scale[0] = r > maxNorm ? maxNorm / r : 1.0;
    }

    private static void scale(KernelArguments a, int from, int to) {
        double[] g = a.doubles(ScaleArgs.G), scale = a.doubles(ScaleArgs.SCALE);
        int n = a.intValue(ScaleArgs.N);
        double s = scale[0];
        for (int i = from; i < Math.min(to, n); i++) {
            g[i] *= s;
        }
    }

    private static void clipValue(KernelArguments a, int from, int to) {
        double[] g = a.doubles(ClipValueArgs.G);
        int n = a.intValue(ClipValueArgs.N);
        double limit = a.doubleValue(ClipValueArgs.LIMIT);
        for (int i = from; i < Math.min(to, n); i++) {
            double x = g[i];
            g[i] = x < -limit ? -limit : (x > limit ? limit : x);
        }
    }

    // ---- float32 twins: float buffers, the same double arithmetic, each store rounded to float once ----

    private static void adam32(KernelArguments a, int from, int to) {
        float[] w = a.floats(AdamArgs.W), g = a.floats(AdamArgs.G), m = a.floats(AdamArgs.M);
        float[] v = a.floats(AdamArgs.V), vmax = a.floats(AdamArgs.VMAX);
        int off = a.intValue(AdamArgs.OFF), n = a.intValue(AdamArgs.N);
        double beta1 = a.doubleValue(AdamArgs.BETA1), beta2 = a.doubleValue(AdamArgs.BETA2);
        double stepSize = a.doubleValue(AdamArgs.STEP_SIZE);
        double sqrtBc2 = a.doubleValue(AdamArgs.SQRT_BC2), eps = a.doubleValue(AdamArgs.EPS);
        boolean amsgrad = a.intValue(AdamArgs.AMSGRAD) != 0;
        for (int i = from; i < Math.min(to, n); i++) {
            int j = off + i;
            double gi = g[i];
            double mj = beta1 * m[j] + (1 - beta1) * gi;
            double vj = beta2 * v[j] + (1 - beta2) * gi * gi;
            m[j] = (float) mj;
            v[j] = (float) vj;
            double den = vj;
            if (amsgrad) {
                double old = vmax[j];
                den = (old >= vj || Double.isNaN(old)) ? old : vj;
                vmax[j] = (float) den;
            }
            w[i] -= stepSize * mj / (Math.sqrt(den) / sqrtBc2 + eps);
        }
    }

    private static void adamax32(KernelArguments a, int from, int to) {
        float[] w = a.floats(AdamaxArgs.W), g = a.floats(AdamaxArgs.G), m = a.floats(AdamaxArgs.M);
        float[] u = a.floats(AdamaxArgs.U);
        int off = a.intValue(AdamaxArgs.OFF), n = a.intValue(AdamaxArgs.N);
        double beta1 = a.doubleValue(AdamaxArgs.BETA1), beta2 = a.doubleValue(AdamaxArgs.BETA2);
        double stepSize = a.doubleValue(AdamaxArgs.STEP_SIZE), eps = a.doubleValue(AdamaxArgs.EPS);
        for (int i = from; i < Math.min(to, n); i++) {
            int j = off + i;
            double gi = g[i];
            double mj = beta1 * m[j] + (1 - beta1) * gi;
            double x = beta2 * u[j];
            double y = Math.abs(gi) + eps;
            double uj = (x >= y || Double.isNaN(x)) ? x : y;
            m[j] = (float) mj;
            u[j] = (float) uj;
            w[i] -= stepSize * mj / uj;
        }
    }

    private static void rmsprop32(KernelArguments a, int from, int to) {
        float[] w = a.floats(RmsPropArgs.W), g = a.floats(RmsPropArgs.G), v = a.floats(RmsPropArgs.V);
        float[] buf = a.floats(RmsPropArgs.BUF);
        int off = a.intValue(RmsPropArgs.OFF), n = a.intValue(RmsPropArgs.N);
        double rho = a.doubleValue(RmsPropArgs.RHO), eps = a.doubleValue(RmsPropArgs.EPS);
        double momentum = a.doubleValue(RmsPropArgs.MOMENTUM), lr = a.doubleValue(RmsPropArgs.LR);
        for (int i = from; i < Math.min(to, n); i++) {
            int j = off + i;
            double gi = g[i];
            double vj = rho * v[j] + (1 - rho) * gi * gi;
            double bj = momentum * buf[j] + gi / (Math.sqrt(vj) + eps);
            v[j] = (float) vj;
            buf[j] = (float) bj;
            w[i] -= lr * bj;
        }
    }

    private static void sgd32(KernelArguments a, int from, int to) {
        float[] w = a.floats(SgdArgs.W), g = a.floats(SgdArgs.G), velocity = a.floats(SgdArgs.VELOCITY);
        int off = a.intValue(SgdArgs.OFF), n = a.intValue(SgdArgs.N);
        double momentum = a.doubleValue(SgdArgs.MOMENTUM), lr = a.doubleValue(SgdArgs.LR);
        for (int i = from; i < Math.min(to, n); i++) {
            int j = off + i;
            double bj = momentum * velocity[j] + g[i];
            velocity[j] = (float) bj;
            w[i] -= lr * bj;
        }
    }

    private static void sumSquares32(KernelArguments a, int from, int to) {
        float[] g = a.floats(SumSquaresArgs.G), partial = a.floats(SumSquaresArgs.PARTIAL);
        int n = a.intValue(SumSquaresArgs.N), chunk = a.intValue(SumSquaresArgs.CHUNK);
        int poff = a.intValue(SumSquaresArgs.POFF);
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
            partial[poff + k] = (float) s;
        }
    }

    private static void normScale32(KernelArguments a, int from, int to) {
        if (from > 0 || to < 1) {
            return;
        }
        float[] partial = a.floats(NormScaleArgs.PARTIAL), norm = a.floats(NormScaleArgs.NORM);
        float[] scale = a.floats(NormScaleArgs.SCALE);
        int count = a.intValue(NormScaleArgs.COUNT);
        double maxNorm = a.doubleValue(NormScaleArgs.MAX_NORM);
        double s = 0;
        for (int k = 0; k < count; k++) {
            s += partial[k];
        }
        double r = Math.sqrt(s);
        norm[0] = (float) r;
        scale[0] = (float) (r > maxNorm ? maxNorm / r : 1.0);
    }

    private static void scale32(KernelArguments a, int from, int to) {
        float[] g = a.floats(ScaleArgs.G), scale = a.floats(ScaleArgs.SCALE);
        int n = a.intValue(ScaleArgs.N);
        double s = scale[0];
        for (int i = from; i < Math.min(to, n); i++) {
            g[i] *= s;
        }
    }

    private static void clipValue32(KernelArguments a, int from, int to) {
        float[] g = a.floats(ClipValueArgs.G);
        int n = a.intValue(ClipValueArgs.N);
        double limit = a.doubleValue(ClipValueArgs.LIMIT);
        for (int i = from; i < Math.min(to, n); i++) {
            double x = g[i];
            g[i] = (float) (x < -limit ? -limit : (x > limit ? limit : x));
        }
    }

    /**
     * The same kernels in float32 ({@code REAL=float}): float buffers at the same positions (the argument
     * constants above address both), double scalars, arithmetic in float64 rounded to float at each store, on
     * both sides.
     */
    public static final class Float32 {
        public static final KernelDef ADAM = def32(OptimizerKernels.ADAM, OptimizerKernels::adam32);
        public static final KernelDef ADAMAX = def32(OptimizerKernels.ADAMAX, OptimizerKernels::adamax32);
        public static final KernelDef RMSPROP = def32(OptimizerKernels.RMSPROP, OptimizerKernels::rmsprop32);
        public static final KernelDef SGD = def32(OptimizerKernels.SGD, OptimizerKernels::sgd32);
        public static final KernelDef SUM_SQUARES = def32(OptimizerKernels.SUM_SQUARES, OptimizerKernels::sumSquares32);
        public static final KernelDef NORM_SCALE = def32(OptimizerKernels.NORM_SCALE, OptimizerKernels::normScale32);
        public static final KernelDef SCALE = def32(OptimizerKernels.SCALE, OptimizerKernels::scale32);
        public static final KernelDef CLIP_VALUE = def32(OptimizerKernels.CLIP_VALUE, OptimizerKernels::clipValue32);
        public static final List<KernelDef> ALL = List.of(ADAM, ADAMAX, RMSPROP, SGD, SUM_SQUARES, NORM_SCALE, SCALE,
                CLIP_VALUE);

        private Float32() {
        }
    }

    /** {@code def} in {@code precision}: itself for FLOAT64, its {@link Float32} twin for FLOAT32. */
    public static KernelDef of(KernelDef def, org.leapfrog.kernels.ElementType precision) {
        if (precision == org.leapfrog.kernels.ElementType.FLOAT64) {
            return def;
        }
        int i = ALL.indexOf(def);
        if (precision != org.leapfrog.kernels.ElementType.FLOAT32 || i < 0) {
            throw new IllegalArgumentException("def: " + def.name() + " in " + precision
                    + "; allowed: an OptimizerKernels definition in FLOAT64 or FLOAT32");
        }
        return Float32.ALL.get(i);
    }

    private static KernelDef def32(KernelDef def, org.leapfrog.kernels.JavaKernel twin) {
        return new KernelDef(def.name() + "-float", def.entryPoint(), SOURCES, "",
                java.util.Map.of("REAL", "float", "LF_F32", ""), twin, NnKernels.float32Signature(def.signature()));
    }
}
