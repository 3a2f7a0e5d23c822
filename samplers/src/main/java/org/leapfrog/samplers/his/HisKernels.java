package org.leapfrog.samplers.his;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leapfrog.kernels.JavaKernel;
import org.leapfrog.kernels.KernelArguments;
import org.leapfrog.kernels.KernelConstants;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Arg;
import org.leapfrog.kernels.LfMathF;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.samplers.Numerics;
import org.leapfrog.samplers.Precision;
import org.leapfrog.samplers.hmc.HmcKernels;
import org.leapfrog.samplers.integrator.Leapfrog;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.Target;

/**
 * The tempered Hamiltonian flow kernel ({@code his.cl}) and its Java twin; its arguments are declared in
 * {@link Args}. In {@link Precision#FLOAT32} the kernel builds with {@code REAL = float}; the twin then reads float
 * buffers, draws the float kernel's momenta ({@link LfMathF}), computes in double and rounds what it stores.
 */
public final class HisKernels {
    private static final int BLOCK = 64;

    private HisKernels() {
    }

    /** {@code lf_his_flow}'s parameters. */
    public static final class Args {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg SEED = B.longScalar("seed");
        public static final Arg ITERATION = B.intScalar("iteration");
        /** Chains, padded to the lane width. */
        public static final Arg N_CHAINS = B.intScalar("n_chains");
        /** 1: draw rho0 from the Philox stream; 0: take the momentum buffer's values. */
        public static final Arg DRAW_MOMENTUM = B.intScalar("draw_momentum");
        /** In: z0; out: zK. */
        public static final Arg POSITION = B.doubles("pos", Access.READ_WRITE);
        /** In: rho0 unless drawn; out: rhoK. */
        public static final Arg MOMENTUM = B.doubles("mom", Access.READ_WRITE);
        public static final Arg LOG_Q0 = B.doubles("logq0", Access.READ);
        public static final Arg LOG_WEIGHT = B.doubles("logw", Access.WRITE);
        /** Log density at zK. */
        public static final Arg LOG_DENSITY = B.doubles("logp", Access.WRITE);
        public static final Arg STEP_SIZE = B.doubles("eps", Access.READ);
        public static final Arg ALPHAS = B.doubles("alpha", Access.READ);
        public static final Arg TEMPER_STEPS = B.intScalar("n_temper");
        public static final Arg BETA0 = B.doubleScalar("beta0");
        /** Metric data (unused: unit metric). */
        public static final Arg METRIC_DATA = B.doubles("m", Access.READ);
        public static final Arg TARGET_DATA = B.doubles("td", Access.READ);
        public static final KernelSignature SIGNATURE = B.build();

        private Args() {
        }
    }

    public static KernelDef flow(Target target, int lanes) {
        return flow(target, lanes, Precision.FLOAT64);
    }

    /** The flow kernel in a precision. */
    public static KernelDef flow(Target target, int lanes, Precision precision) {
        return flow(target, lanes, precision, Numerics.REPRODUCIBLE);
    }

    /** The flow kernel in a precision and numerics mode (FAST: the twin integrates with {@link Math#fma}). */
    public static KernelDef flow(Target target, int lanes, Precision precision, Numerics numerics) {
        Map<String, String> defines = new LinkedHashMap<>();
        precision.define(defines);
        defines.put("VW", Integer.toString(lanes));
        defines.put("DIM", Integer.toString(target.dimension()));
        defines.put("METRIC", Integer.toString(KernelConstants.METRIC_UNIT));
        List<String> sources = List.of("org/leapfrog/kernels/lanes.cl", "org/leapfrog/kernels/lfmath.cl",
            "org/leapfrog/kernels/philox.cl",
                "org/leapfrog/kernels/philox_lanes.cl", "org/leapfrog/kernels/metric.cl",
                "org/leapfrog/kernels/leapfrog.cl", "org/leapfrog/kernels/his.cl");
        if (HmcKernels.GRADIENT_ONLY.matcher(target.deviceCode().map(c -> c.source()).orElse("")).find()) {
            defines.put("LF_HAS_GRAD", "1");
        }
        return numerics.apply(new KernelDef("his-flow", "lf_his_flow", sources,
                target.deviceCode().map(c -> c.source()).orElse(""), defines,
                new Twin(target, lanes, precision == Precision.FLOAT32, numerics == Numerics.FAST),
                precision.signature(Args.SIGNATURE)));
    }

    private static final class Twin implements JavaKernel {
        private final Target target;
        private final Metric unit;
        private final int lanes;
        private final ThreadLocal<double[][]> scratch;
        private final boolean single;

        private final boolean fast;

        Twin(Target target, int lanes, boolean single, boolean fast) {
            this.fast = fast;
            this.single = single;
            this.target = target;
            this.unit = Metric.unit(target.dimension());
            this.lanes = lanes;
            int d = target.dimension();
            this.scratch = ThreadLocal.withInitial(() -> new double[][] {
                new double[d * BLOCK], new double[d * BLOCK], new double[d * BLOCK], new double[d * BLOCK],
                new double[BLOCK], new double[BLOCK], new double[BLOCK], new double[BLOCK], new double[4],
                new double[d]});
        }

        @Override
        public void run(KernelArguments a, int from, int to) {
            if (single) {
                runFloat(a, from, to);
                return;
            }
            long seed = a.longValue(Args.SEED);
            int iteration = a.intValue(Args.ITERATION), n = a.intValue(Args.N_CHAINS);
            boolean draw = a.intValue(Args.DRAW_MOMENTUM) != 0;
            double[] pos = a.doubles(Args.POSITION), mom = a.doubles(Args.MOMENTUM);
            double[] logq0 = a.doubles(Args.LOG_Q0), logw = a.doubles(Args.LOG_WEIGHT);
            double[] logp = a.doubles(Args.LOG_DENSITY), eps = a.doubles(Args.STEP_SIZE), alpha = a.doubles(Args.ALPHAS);
            int k = a.intValue(Args.TEMPER_STEPS);
            double beta0 = a.doubleValue(Args.BETA0);
            double[][] s = scratch.get();
            double[] x = s[0], p = s[1], lp = s[4], sq0 = s[5], ones = s[6], sqk = s[7];
            double[] normals = s[8];
            int[] words = new int[4];
            int dim = target.dimension();
            int end = Math.min(n, to * lanes);
            java.util.Arrays.fill(ones, 1.0);
            double inv = 1.0 / Math.sqrt(beta0);
            for (int b = from * lanes; b < end; b += BLOCK) {
                int m = Math.min(BLOCK, end - b);
                for (int d = 0; d < dim; d++) {
                    System.arraycopy(pos, d * n + b, x, d * BLOCK, m);
                }
                if (draw) {
                    for (int j = 0; j < m; j++) {
                        for (int q = 0; q < dim; q += 4) {
                            RandomStream.normals(seed, b + j, iteration, RandomStream.PURPOSE_MOMENTUM, q / 4, words,
                                    normals, 0, 4);
                            for (int r = 0; r < 4 && q + r < dim; r++) {
                                p[(q + r) * BLOCK + j] = normals[r] * inv;
                            }
                        }
                    }
                } else {
                    for (int d = 0; d < dim; d++) {
                        System.arraycopy(mom, d * n + b, p, d * BLOCK, m);
                    }
                }
                flow(s, eps, alpha, null, k, m, dim);
                for (int j = 0; j < m; j++) {
                    logw[b + j] = (lp[j] - 0.5 * sqk[j]) - (logq0[b + j] - 0.5 * beta0 * sq0[j]);
                    logp[b + j] = lp[j];
                }
                for (int d = 0; d < dim; d++) {
                    System.arraycopy(x, d * BLOCK, pos, d * n + b, m);
                    System.arraycopy(p, d * BLOCK, mom, d * n + b, m);
                }
            }
        }

        /** float32: float inputs and momenta (the float kernel's), double arithmetic, float stores. */
        private void runFloat(KernelArguments a, int from, int to) {
            long seed = a.longValue(Args.SEED);
            int iteration = a.intValue(Args.ITERATION), n = a.intValue(Args.N_CHAINS);
            boolean draw = a.intValue(Args.DRAW_MOMENTUM) != 0;
            float[] pos = a.floats(Args.POSITION), mom = a.floats(Args.MOMENTUM);
            float[] logq0 = a.floats(Args.LOG_Q0), logw = a.floats(Args.LOG_WEIGHT);
            float[] logp = a.floats(Args.LOG_DENSITY), epsF = a.floats(Args.STEP_SIZE), alpha = a.floats(Args.ALPHAS);
            int k = a.intValue(Args.TEMPER_STEPS);
            double beta0 = (float) a.doubleValue(Args.BETA0);
            double[][] s = scratch.get();
            double[] x = s[0], p = s[1], lp = s[4], sq0 = s[5], ones = s[6], sqk = s[7];
            double[] normals = s[8], eps = s[9];
            int[] words = new int[4];
            float[] pair = new float[4];
            int dim = target.dimension();
            for (int d = 0; d < dim; d++) {
                eps[d] = epsF[d];
            }
            int end = Math.min(n, to * lanes);
            java.util.Arrays.fill(ones, 1.0);
            double inv = 1.0 / Math.sqrt(beta0);
            for (int b = from * lanes; b < end; b += BLOCK) {
                int m = Math.min(BLOCK, end - b);
                HmcKernels.gatherFloat(pos, n, b, m, x, dim, BLOCK);
                if (draw) {
                    for (int j = 0; j < m; j++) {
                        for (int q = 0; q < dim; q += 4) {
                            int rows = Math.min(4, dim - q);
                            LfMathF.normals(seed, b + j, iteration, RandomStream.PURPOSE_MOMENTUM, q / 4, words, pair,
                                    normals, 0, rows);
                            for (int r = 0; r < rows; r++) {
                                p[(q + r) * BLOCK + j] = normals[r] * inv;
                            }
                        }
                    }
                } else {
                    HmcKernels.gatherFloat(mom, n, b, m, p, dim, BLOCK);
                }
                flow(s, eps, null, alpha, k, m, dim);
                for (int j = 0; j < m; j++) {
                    logw[b + j] = (float) ((lp[j] - 0.5 * sqk[j]) - (logq0[b + j] - 0.5 * beta0 * sq0[j]));
                    logp[b + j] = (float) lp[j];
                }
                HmcKernels.scatterFloat(x, pos, n, b, m, dim, BLOCK);
                HmcKernels.scatterFloat(p, mom, n, b, m, dim, BLOCK);
            }
        }

        /**
         * The tempered flow on one block of m chains in the scratch {@code s} (x, p, g, v, lp, sq0, ones, sqk):
         * |p|^2 into sq0, then k leapfrog steps each followed by p *= alpha[step], then |p|^2 into sqk. The alphas
         * are {@code alphaD} (float64) or {@code alphaF} (float32, widened exactly); the other is null.
         */
        private void flow(double[][] s, double[] eps, double[] alphaD, float[] alphaF, int k, int m, int dim) {
            double[] x = s[0], p = s[1], g = s[2], v = s[3], lp = s[4];
            squares(p, s[5], m, dim);
            target.logDensityAndGradient(x, g, lp, BLOCK, 0, m);
            for (int step = 0; step < k; step++) {
                if (fast) {
                    Leapfrog.integrateFma(target, unit, x, p, g, v, lp, eps, s[6], 1, BLOCK, m);
                } else {
                    Leapfrog.integrate(target, unit, x, p, g, v, lp, eps, s[6], 1, BLOCK, m);
                }
                double al = alphaD != null ? alphaD[step] : alphaF[step];
                for (int i = 0; i < dim * BLOCK; i++) {
                    p[i] = Leapfrog.temper(al, p[i]);
                }
            }
            squares(p, s[7], m, dim);
        }

        private static void squares(double[] p, double[] out, int m, int dim) {
            for (int j = 0; j < m; j++) {
                out[j] = 0.0;
            }
            for (int d = 0; d < dim; d++) {
                for (int j = 0; j < m; j++) {
                    out[j] += p[d * BLOCK + j] * p[d * BLOCK + j];
                }
            }
        }
    }
}
