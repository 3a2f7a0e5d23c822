package org.leapfrog.samplers.l2hmc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leapfrog.kernels.JavaKernel;
import org.leapfrog.kernels.KernelArguments;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Arg;
import org.leapfrog.kernels.LfMath;
import org.leapfrog.kernels.LfMathF;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.kernels.nn.NetworkSource;
import org.leapfrog.kernels.nn.NetworkSpec;
import org.leapfrog.kernels.nn.NetworkTwin;
import org.leapfrog.samplers.Precision;
import org.leapfrog.samplers.target.Target;

/**
 * The fused L2HMC step kernel ({@code l2hmc.cl}) for one target and network shape, and its Java twin. The
 * state kernel that evaluates the target at the start positions is HMC's ({@code lf_hmc_init}); this kernel
 * keeps the gradient of the accepted state in the same buffer, so each iteration evaluates M gradients.
 *
 * <p>In {@link Precision#FLOAT32} the kernel builds with {@code REAL = float}: state, weights (rounded once when
 * the sampler uploads them), masks and time embeddings are float buffers, and the energy error is formed from
 * differences of like terms, as in {@code hmc.cl}. The twin then reads the floats, computes in double from them
 * (with the float kernel's momenta and uniforms, {@link LfMathF}) and rounds each value it stores to float, as
 * HMC's float twin does.
 */
public final class L2hmcKernels {
    static final List<String> SOURCES = List.of("org/leapfrog/kernels/lanes.cl", "org/leapfrog/kernels/lfmath.cl",
            "org/leapfrog/kernels/philox.cl", "org/leapfrog/kernels/philox_lanes.cl", "org/leapfrog/kernels/l2hmc.cl");
    /** Purpose code of the direction draw (the samplers' first free code plus the issue number). */
    public static final int PURPOSE_DIRECTION = RandomStream.PURPOSE_USER + 18;
    static final int BLOCK = 64;

    private L2hmcKernels() {
    }

    /** {@code lf_l2hmc_step}'s parameters. */
    public static final class StepArgs {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg SEED = B.longScalar("seed");
        public static final Arg ITERATION = B.intScalar("iteration");
        public static final Arg N_CHAINS = B.intScalar("n_chains");
        public static final Arg POSITION = B.doubles("pos", Access.READ_WRITE);
        public static final Arg LOG_DENSITY = B.doubles("logp", Access.READ_WRITE);
        public static final Arg GRADIENT = B.doubles("grad", Access.READ_WRITE);
        /** The model's flat weights (both networks, log-scales, log eps). */
        public static final Arg WEIGHTS = B.doubles("w", Access.READ);
        /** M x D masks, step-major. */
        public static final Arg MASK = B.doubles("mask", Access.READ);
        /** (cos, sin) of 2 pi t / M per step. */
        public static final Arg TAU = B.doubles("tau", Access.READ);
        public static final Arg TARGET_DATA = B.doubles("td", Access.READ);
        public static final Arg ACCEPT_PROB = B.doubles("accept_prob", Access.WRITE);
        public static final Arg ACCEPTED = B.ints("accepted", Access.WRITE);
        public static final Arg DIVERGENT = B.ints("divergent", Access.WRITE);
        public static final Arg ENERGY = B.doubles("energy", Access.WRITE);
        /** Nonzero: write the proposal to {@link #TRACE_OUT} (conformance tests). */
        public static final Arg TRACE = B.intScalar("trace");
        /** (2D + 2) rows of n_chains: proposed x (D rows), proposed v (D), log |det J|, log acceptance ratio. */
        public static final Arg TRACE_OUT = B.doubles("trace_out", Access.WRITE);
        public static final KernelSignature SIGNATURE = B.build();

        private StepArgs() {
        }
    }

    /** The step kernel for {@code target} and the shape of {@code model} (float64). */
    public static KernelDef step(Target target, L2hmcModel model, int lanes) {
        return step(target, model, lanes, Precision.FLOAT64);
    }

    /** The step kernel for {@code target} and the shape of {@code model} in a precision. */
    public static KernelDef step(Target target, L2hmcModel model, int lanes, Precision precision) {
        if (target.dimension() != model.dimension()) {
            throw new IllegalArgumentException("model dimension: " + model.dimension() + " for target '" + target.name()
                    + "' of dimension " + target.dimension() + "; allowed: equal dimensions");
        }
        Map<String, String> defines = new LinkedHashMap<>();
        precision.define(defines);
        L2hmcModel.Layout l = model.layout();
        defines.put("VW", Integer.toString(lanes));
        defines.put("DIM", Integer.toString(model.dimension()));
        defines.put("STEPS", Integer.toString(model.steps()));
        defines.put("L2_XB", Integer.toString(l.xBase()));
        defines.put("L2_XS", Integer.toString(l.xScales()));
        defines.put("L2_VB", Integer.toString(l.vBase()));
        defines.put("L2_VS", Integer.toString(l.vScales()));
        defines.put("L2_EPS", Integer.toString(l.epsIndex()));
        defines.put("L2_PURPOSE_DIRECTION", PURPOSE_DIRECTION + "u");
        NetworkSpec xs = L2hmcModel.spec("x", model.dimension(), model.hidden());
        NetworkSpec vs = L2hmcModel.spec("v", model.dimension(), model.hidden());
        String source = target.deviceCode().map(c -> c.source()).orElse("") + "\n" + NetworkSource.emit(xs) + "\n"
                + NetworkSource.emit(vs);
        return new KernelDef("l2hmc-step", "lf_l2hmc_step", SOURCES, source, defines,
                new StepTwin(target, model, lanes, xs, vs, precision == Precision.FLOAT32))
                .withSignature(precision.signature(StepArgs.SIGNATURE));
    }

    /** Per-thread scratch for one block of chains. */
    private static final class Scratch {
        final double[] x, v, gu, g, keep, in, out, ld, lp, lp0, h0, tmp = new double[4];
        final int[] words = new int[4];
        // float32 twin only: the start's kinetic energy (like terms), float normals' pairs, widened constants
        final double[] kin0 = new double[BLOCK];
        final float[] pairF = new float[4];
        double[] wide = new double[0], maskWide = new double[0], tauWide = new double[0];
        final boolean[] forward = new boolean[BLOCK];
        final double[] fw = new double[BLOCK], bk = new double[BLOCK], dir = new double[BLOCK];
        final NetworkTwin xNet, vNet;

        Scratch(int dim, NetworkSpec xs, NetworkSpec vs) {
            x = new double[dim * BLOCK];
            v = new double[dim * BLOCK];
            gu = new double[dim * BLOCK];
            g = new double[dim * BLOCK];
            keep = new double[dim * BLOCK];
            in = new double[(2 * dim + 2) * BLOCK];
            out = new double[3 * dim * BLOCK];
            ld = new double[BLOCK];
            lp = new double[BLOCK];
            lp0 = new double[BLOCK];
            h0 = new double[BLOCK];
            xNet = new NetworkTwin(xs, BLOCK);
            vNet = new NetworkTwin(vs, BLOCK);
        }
    }

    private static final class StepTwin implements JavaKernel {
        private final Target target;
        private final int dim;
        private final int steps;
        private final int lanes;
        private final L2hmcModel.Layout layout;
        private final ThreadLocal<Scratch> scratch;
        private final boolean single;

        StepTwin(Target target, L2hmcModel model, int lanes, NetworkSpec xs, NetworkSpec vs, boolean single) {
            this.single = single;
            this.target = target;
            this.dim = model.dimension();
            this.steps = model.steps();
            this.lanes = lanes;
            this.layout = model.layout();
            this.scratch = ThreadLocal.withInitial(() -> new Scratch(dim, xs, vs));
        }

        @Override
        public void run(KernelArguments a, int from, int to) {
            if (single) {
                runFloat(a, from, to);
                return;
            }
            int n = a.intValue(StepArgs.N_CHAINS);
            Scratch s = scratch.get();
            int end = Math.min(n, to * lanes);
            for (int b = from * lanes; b < end; b += BLOCK) {
                block(a, s, n, b, Math.min(BLOCK, end - b));
            }
        }

        private void block(KernelArguments a, Scratch s, int n, int b, int m) {
            long seed = a.longValue(StepArgs.SEED);
            int iteration = a.intValue(StepArgs.ITERATION);
            double[] pos = a.doubles(StepArgs.POSITION), logp = a.doubles(StepArgs.LOG_DENSITY);
            double[] grad = a.doubles(StepArgs.GRADIENT), w = a.doubles(StepArgs.WEIGHTS);
            double[] mask = a.doubles(StepArgs.MASK), tau = a.doubles(StepArgs.TAU);
            double[] x = s.x, v = s.v, gu = s.gu;
            for (int j = 0; j < m; j++) {
                int c = b + j;
                for (int k = 0; k < dim; k += 4) {
                    int cnt = Math.min(4, dim - k);
                    RandomStream.normals(seed, c, iteration, RandomStream.PURPOSE_MOMENTUM, k / 4, s.words, s.tmp, 0, cnt);
                    for (int q = 0; q < cnt; q++) {
                        v[(k + q) * BLOCK + j] = s.tmp[q];
                    }
                }
                direction(s, j, RandomStream.uniform(seed, c, iteration, PURPOSE_DIRECTION, s.words) < 0.5);
                s.lp0[j] = logp[c];
                double kin = 0;
                for (int d = 0; d < dim; d++) {
                    x[d * BLOCK + j] = pos[d * n + c];
                    gu[d * BLOCK + j] = -grad[d * n + c];
                    kin += v[d * BLOCK + j] * v[d * BLOCK + j];
                }
                s.h0[j] = kin * 0.5 - s.lp0[j];
                s.ld[j] = 0.0;
                s.lp[j] = s.lp0[j];
            }
            integrate(s, w, mask, tau, m);
            finish(a, s, n, b, m, seed, iteration);
        }

        /** Chain j's direction: fw = [d = +1], bk = [d = -1], dir = d. */
        private static void direction(Scratch s, int j, boolean forward) {
            s.forward[j] = forward;
            s.fw[j] = forward ? 1.0 : 0.0;
            s.bk[j] = 1.0 - s.fw[j];
            s.dir[j] = s.fw[j] - s.bk[j];
        }

        /** The M augmented leapfrog steps of a block whose x, v, gu, directions and lp are loaded. */
        private void integrate(Scratch s, double[] w, double[] mask, double[] tau, int m) {
            double[] x = s.x, gu = s.gu;
            double eps = Math.exp(w[layout.epsIndex()]);
            double halfEps = eps * 0.5;
            for (int k = 0; k < steps; k++) {
                int tb = steps - 1 - k;
                vHalf(s, w, tau, k, tb, m, eps, halfEps);
                for (int j = 0; j < m; j++) {
                    for (int d = 0; d < dim; d++) {
                        s.keep[d * BLOCK + j] = s.forward[j] ? mask[k * dim + d] : 1.0 - mask[tb * dim + d];
                    }
                }
                xHalf(s, w, tau, k, tb, m, eps);
                for (int i = 0; i < dim * BLOCK; i++) {
                    s.keep[i] = 1.0 - s.keep[i];
                }
                xHalf(s, w, tau, k, tb, m, eps);
                target.logDensityAndGradient(x, s.g, s.lp, BLOCK, 0, m);
                for (int d = 0; d < dim; d++) {
                    for (int j = 0; j < m; j++) {
                        gu[d * BLOCK + j] = -s.g[d * BLOCK + j];
                    }
                }
                vHalf(s, w, tau, k, tb, m, eps, halfEps);
            }
        }

        private void embed(Scratch s, double[] tau, int k, int tb, int m) {
            for (int j = 0; j < m; j++) {
                int t = s.forward[j] ? k : tb;
                s.in[2 * dim * BLOCK + j] = tau[2 * t];
                s.in[(2 * dim + 1) * BLOCK + j] = tau[2 * t + 1];
            }
        }

        private void heads(Scratch s, double[] w, int scales, int m) {
            double[] out = s.out;
            for (int d = 0; d < dim; d++) {
                double ls = Math.exp(w[scales + d]);
                double lq = Math.exp(w[scales + dim + d]);
                for (int j = 0; j < m; j++) {
                    out[d * BLOCK + j] = Math.tanh(out[d * BLOCK + j]) * ls;
                    out[(2 * dim + d) * BLOCK + j] = Math.tanh(out[(2 * dim + d) * BLOCK + j]) * lq;
                }
            }
        }

        private void vHalf(Scratch s, double[] w, double[] tau, int k, int tb, int m, double eps, double halfEps) {
            System.arraycopy(s.x, 0, s.in, 0, dim * BLOCK);
            System.arraycopy(s.gu, 0, s.in, dim * BLOCK, dim * BLOCK);
            embed(s, tau, k, tb, m);
            s.vNet.forward(s.in, 0, BLOCK, s.out, 0, BLOCK, w, layout.vBase(), m);
            heads(s, w, layout.vScales(), m);
            double[] out = s.out;
            for (int j = 0; j < m; j++) {
                double sum = 0;
                for (int d = 0; d < dim; d++) {
                    int i = d * BLOCK + j;
                    double av = out[i] * halfEps;
                    double c = ((s.gu[i] * Math.exp(out[(2 * dim + d) * BLOCK + j] * eps)) + out[(dim + d) * BLOCK + j]) * halfEps;
                    double ad = av * s.dir[j];
                    s.v[i] = (s.v[i] + c * s.bk[j]) * Math.exp(ad) - c * s.fw[j];
                    sum += ad;
                }
                s.ld[j] += sum;
            }
        }

        private void xHalf(Scratch s, double[] w, double[] tau, int k, int tb, int m, double eps) {
            for (int i = 0; i < dim * BLOCK; i++) {
                s.in[i] = s.keep[i] * s.x[i];
            }
            System.arraycopy(s.v, 0, s.in, dim * BLOCK, dim * BLOCK);
            embed(s, tau, k, tb, m);
            s.xNet.forward(s.in, 0, BLOCK, s.out, 0, BLOCK, w, layout.xBase(), m);
            heads(s, w, layout.xScales(), m);
            double[] out = s.out;
            for (int j = 0; j < m; j++) {
                double sum = 0;
                for (int d = 0; d < dim; d++) {
                    int i = d * BLOCK + j;
                    double sx = out[i] * eps;
                    double c = ((s.v[i] * Math.exp(out[(2 * dim + d) * BLOCK + j] * eps)) + out[(dim + d) * BLOCK + j]) * eps;
                    double sd = sx * s.dir[j];
                    double moved = (s.x[i] - c * s.bk[j]) * Math.exp(sd) + c * s.fw[j];
                    double upd = 1.0 - s.keep[i];
                    s.x[i] = s.keep[i] * s.x[i] + upd * moved;
                    sum += (upd * sx) * s.dir[j];
                }
                s.ld[j] += sum;
            }
        }

        private void finish(KernelArguments a, Scratch s, int n, int b, int m, long seed, int iteration) {
            double[] pos = a.doubles(StepArgs.POSITION), logp = a.doubles(StepArgs.LOG_DENSITY);
            double[] grad = a.doubles(StepArgs.GRADIENT);
            double[] acceptProb = a.doubles(StepArgs.ACCEPT_PROB), energy = a.doubles(StepArgs.ENERGY);
            int[] accepted = a.ints(StepArgs.ACCEPTED), divergent = a.ints(StepArgs.DIVERGENT);
            boolean trace = a.intValue(StepArgs.TRACE) != 0;
            double[] traceOut = trace ? a.doubles(StepArgs.TRACE_OUT) : null;
            for (int j = 0; j < m; j++) {
                int c = b + j;
                double kin = 0;
                for (int d = 0; d < dim; d++) {
                    kin += s.v[d * BLOCK + j] * s.v[d * BLOCK + j];
                }
                double h1 = kin * 0.5 - s.lp[j];
                double delta = (h1 - s.h0[j]) - s.ld[j];
                double u = RandomStream.uniform(seed, c, iteration, RandomStream.PURPOSE_ACCEPT, s.words);
                boolean finite = Double.isFinite(delta);
                boolean acc = finite && LfMath.log(u) < -delta;
                if (trace) {
                    for (int d = 0; d < dim; d++) {
                        traceOut[d * n + c] = s.x[d * BLOCK + j];
                        traceOut[(dim + d) * n + c] = s.v[d * BLOCK + j];
                    }
                    traceOut[2 * dim * n + c] = s.ld[j];
                    traceOut[(2 * dim + 1) * n + c] = -delta;
                }
                if (acc) {
                    for (int d = 0; d < dim; d++) {
                        pos[d * n + c] = s.x[d * BLOCK + j];
                        grad[d * n + c] = -s.gu[d * BLOCK + j];
                    }
                    logp[c] = s.lp[j];
                }
                acceptProb[c] = finite ? LfMath.expNeg(Math.max(delta, 0.0)) : 0.0;
                accepted[c] = acc ? 1 : 0;
                divergent[c] = finite ? 0 : 1;
                energy[c] = acc ? h1 : s.h0[j];
            }
        }

        /** float32: the float kernel's inputs, momenta and uniforms; double arithmetic; float stores. */
        private void runFloat(KernelArguments a, int from, int to) {
            int n = a.intValue(StepArgs.N_CHAINS);
            Scratch s = scratch.get();
            s.wide = widen(a.floats(StepArgs.WEIGHTS), s.wide);
            s.maskWide = widen(a.floats(StepArgs.MASK), s.maskWide);
            s.tauWide = widen(a.floats(StepArgs.TAU), s.tauWide);
            int end = Math.min(n, to * lanes);
            for (int b = from * lanes; b < end; b += BLOCK) {
                blockFloat(a, s, n, b, Math.min(BLOCK, end - b));
            }
        }

        private void blockFloat(KernelArguments a, Scratch s, int n, int b, int m) {
            long seed = a.longValue(StepArgs.SEED);
            int iteration = a.intValue(StepArgs.ITERATION);
            float[] pos = a.floats(StepArgs.POSITION), logp = a.floats(StepArgs.LOG_DENSITY);
            float[] grad = a.floats(StepArgs.GRADIENT);
            double[] x = s.x, v = s.v, gu = s.gu;
            for (int j = 0; j < m; j++) {
                int c = b + j;
                for (int k = 0; k < dim; k += 4) {
                    int cnt = Math.min(4, dim - k);
                    LfMathF.normals(seed, c, iteration, RandomStream.PURPOSE_MOMENTUM, k / 4, s.words, s.pairF, s.tmp, 0,
                            cnt);
                    for (int q = 0; q < cnt; q++) {
                        v[(k + q) * BLOCK + j] = s.tmp[q];
                    }
                }
                // the float uniform's top bit is the double one's: both precisions draw the same directions
                direction(s, j, LfMathF.uniform(seed, c, iteration, PURPOSE_DIRECTION, s.words) < 0.5f);
                s.lp0[j] = logp[c];
                double kin = 0;
                for (int d = 0; d < dim; d++) {
                    x[d * BLOCK + j] = pos[d * n + c];
                    gu[d * BLOCK + j] = -grad[d * n + c];
                    kin += v[d * BLOCK + j] * v[d * BLOCK + j];
                }
                s.kin0[j] = kin;
                s.h0[j] = kin * 0.5 - s.lp0[j];
                s.ld[j] = 0.0;
                s.lp[j] = s.lp0[j];
            }
            integrate(s, s.wide, s.maskWide, s.tauWide, m);
            finishFloat(a, s, n, b, m, seed, iteration);
        }

        private void finishFloat(KernelArguments a, Scratch s, int n, int b, int m, long seed, int iteration) {
            float[] pos = a.floats(StepArgs.POSITION), logp = a.floats(StepArgs.LOG_DENSITY);
            float[] grad = a.floats(StepArgs.GRADIENT);
            float[] acceptProb = a.floats(StepArgs.ACCEPT_PROB), energy = a.floats(StepArgs.ENERGY);
            int[] accepted = a.ints(StepArgs.ACCEPTED), divergent = a.ints(StepArgs.DIVERGENT);
            boolean trace = a.intValue(StepArgs.TRACE) != 0;
            float[] traceOut = trace ? a.floats(StepArgs.TRACE_OUT) : null;
            for (int j = 0; j < m; j++) {
                int c = b + j;
                double kin = 0;
                for (int d = 0; d < dim; d++) {
                    kin += s.v[d * BLOCK + j] * s.v[d * BLOCK + j];
                }
                double h1 = kin * 0.5 - s.lp[j];
                // as the float kernel: differences of like terms first
                double delta = ((kin - s.kin0[j]) * 0.5 - (s.lp[j] - s.lp0[j])) - s.ld[j];
                double u = LfMathF.uniform(seed, c, iteration, RandomStream.PURPOSE_ACCEPT, s.words);
                boolean finite = Double.isFinite(delta);
                boolean acc = finite && Math.log(u) < -delta;
                if (trace) {
                    for (int d = 0; d < dim; d++) {
                        traceOut[d * n + c] = (float) s.x[d * BLOCK + j];
                        traceOut[(dim + d) * n + c] = (float) s.v[d * BLOCK + j];
                    }
                    traceOut[2 * dim * n + c] = (float) s.ld[j];
                    traceOut[(2 * dim + 1) * n + c] = (float) -delta;
                }
                if (acc) {
                    for (int d = 0; d < dim; d++) {
                        pos[d * n + c] = (float) s.x[d * BLOCK + j];
                        grad[d * n + c] = (float) -s.gu[d * BLOCK + j];
                    }
                    logp[c] = (float) s.lp[j];
                }
                acceptProb[c] = (float) (finite ? Math.min(1.0, Math.exp(-delta)) : 0.0);
                accepted[c] = acc ? 1 : 0;
                divergent[c] = finite ? 0 : 1;
                energy[c] = (float) (acc ? h1 : s.h0[j]);
            }
        }
    }

    /** {@code src} widened into {@code dst} (reallocated only when the length differs). */
    static double[] widen(float[] src, double[] dst) {
        double[] out = dst.length == src.length ? dst : new double[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = src[i];
        }
        return out;
    }
}
