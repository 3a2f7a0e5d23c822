package org.leapfrog.samplers.target;

import java.util.List;
import java.util.Map;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Arg;

/**
 * The kernel that evaluates a target for every chain ({@code target_eval.cl}): log density, gradient and
 * Hessian-vector product. Arguments ({@link Args}), in order: nChains (int, the stride: a multiple of the vector
 * width), x, v, td, logDensity, grad, hv (chain-minor double arrays). One work-item per vector-width chains, so a
 * launch has {@code nChains / vectorWidth} work-items. The Java twin is the target's own Java methods.
 */
public final class TargetEvalKernel {
    public static final String LANES = "org/leapfrog/kernels/lanes.cl";
    /** Math that targets may use (LfMath's twin), available to every target source. */
    public static final String MATH = "org/leapfrog/kernels/lfmath.cl";
    public static final String SOURCE = "org/leapfrog/kernels/target_eval.cl";
    public static final String ENTRY_POINT = "lf_target_eval";

    private TargetEvalKernel() {
    }

    /** {@code lf_target_eval}'s parameters. */
    public static final class Args {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg N_CHAINS = B.intScalar("n_chains");
        public static final Arg X = B.doubles("x", Access.READ);
        /** The direction of the Hessian-vector product. */
        public static final Arg V = B.doubles("v", Access.READ);
        public static final Arg TARGET_DATA = B.doubles("td", Access.READ);
        public static final Arg LOG_DENSITY = B.doubles("logp", Access.WRITE);
        public static final Arg GRADIENT = B.doubles("grad", Access.WRITE);
        public static final Arg HV = B.doubles("hv", Access.WRITE);
        public static final KernelSignature SIGNATURE = B.build();

        private Args() {
        }
    }

    /** Chains rounded up to a multiple of the vector width (the arrays' stride). */
    public static int paddedChains(int nChains, int vectorWidth) {
        checkWidth(vectorWidth);
        if (nChains < 1) {
            throw new IllegalArgumentException("nChains: " + nChains + "; allowed: 1 or more");
        }
        return (nChains + vectorWidth - 1) / vectorWidth * vectorWidth;
    }

    /** The kernel for this target, built with DIM = its dimension and VW = vectorWidth (1, 2, 4 or 8). */
    public static KernelDef of(Target target, int vectorWidth) {
        checkWidth(vectorWidth);
        return build(target, vectorWidth);
    }

    /**
     * The kernel in a precision. float32 builds the target's code with {@code REAL=float} (VW 1, 2, 4, 8 or 16)
     * and takes float arrays; the twin widens x and v, evaluates the target's Java methods in double and rounds
     * the outputs to float (the twin of the float build up to rounding).
     */
    public static KernelDef of(Target target, int vectorWidth, org.leapfrog.samplers.Precision precision) {
        if (precision == org.leapfrog.samplers.Precision.FLOAT64) {
            return of(target, vectorWidth);
        }
        if (vectorWidth != 16) {
            checkWidth(vectorWidth);
        }
        DeviceCode code = target.deviceCode().orElseThrow(() -> new IllegalArgumentException("target: '"
                + target.name() + "' has no OpenCL code; allowed: a target whose deviceCode() is present"));
        final int vw = vectorWidth;
        Map<String, String> defines = new java.util.LinkedHashMap<>();
        precision.define(defines);
        defines.put("DIM", Integer.toString(target.dimension()));
        defines.put("VW", Integer.toString(vw));
        int dim = target.dimension();
        return new KernelDef("target-eval-" + target.name(), ENTRY_POINT, List.of(LANES, MATH, SOURCE), code.source(),
                defines, (args, from, to) -> {
                    int n = args.intValue(Args.N_CHAINS);
                    int c0 = from * vw, c1 = Math.min(to * vw, n);
                    if (c0 >= c1) {
                        return;
                    }
                    double[] x = widen(args.floats(Args.X)), v = widen(args.floats(Args.V));
                    double[] lp = new double[n], g = new double[dim * n], hv = new double[dim * n];
                    target.logDensityAndGradient(x, g, lp, n, c0, c1);
                    target.hessianVectorProduct(x, v, hv, n, c0, c1);
                    float[] lpOut = args.floats(Args.LOG_DENSITY), gOut = args.floats(Args.GRADIENT);
                    float[] hvOut = args.floats(Args.HV);
                    for (int c = c0; c < c1; c++) {
                        lpOut[c] = (float) lp[c];
                    }
                    for (int d = 0; d < dim; d++) {
                        for (int c = c0; c < c1; c++) {
                            gOut[d * n + c] = (float) g[d * n + c];
                            hvOut[d * n + c] = (float) hv[d * n + c];
                        }
                    }
                }, precision.signature(Args.SIGNATURE));
    }

    /** A double copy of a float array (the float twin is a test reference: it allocates per launch). */
    private static double[] widen(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static KernelDef build(Target target, int vectorWidth) {
        DeviceCode code = target.deviceCode().orElseThrow(() -> new IllegalArgumentException("target: '"
                + target.name() + "' has no OpenCL code; allowed: a target whose deviceCode() is present"));
        final int vw = vectorWidth;
        return new KernelDef("target-eval-" + target.name(), ENTRY_POINT, List.of(LANES, MATH, SOURCE), code.source(),
                Map.of("REAL", "double", "DIM", Integer.toString(target.dimension()), "VW", Integer.toString(vw)),
                (args, from, to) -> {
                    int n = args.intValue(Args.N_CHAINS);
                    int c0 = from * vw, c1 = Math.min(to * vw, n);
                    if (c0 >= c1) {
                        return;
                    }
                    double[] x = args.doubles(Args.X);
                    target.logDensityAndGradient(x, args.doubles(Args.GRADIENT), args.doubles(Args.LOG_DENSITY), n, c0, c1);
                    target.hessianVectorProduct(x, args.doubles(Args.V), args.doubles(Args.HV), n, c0, c1);
                }, Args.SIGNATURE);
    }

    private static void checkWidth(int vw) {
        if (vw != 1 && vw != 2 && vw != 4 && vw != 8) {
            throw new IllegalArgumentException("vectorWidth: " + vw + "; allowed: 1, 2, 4 or 8");
        }
    }
}
