package org.leapfrog.samplers.hmc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leapfrog.kernels.BlockNormals;
import org.leapfrog.kernels.BlockNormalsF;
import org.leapfrog.kernels.JavaKernel;
import org.leapfrog.kernels.KernelArguments;
import org.leapfrog.kernels.KernelConstants;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Arg;
import org.leapfrog.kernels.LfMath;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.samplers.Numerics;
import org.leapfrog.samplers.Precision;
import org.leapfrog.samplers.integrator.Leapfrog;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.Target;

/**
 * The fused HMC kernels ({@code hmc.cl}) for one target and metric kind, and their Java twins.
 *
 * <p>Arguments are declared once, in {@link StepArgs} ({@code lf_hmc_step}) and {@link InitArgs}
 * ({@code lf_hmc_init}); nChains is padded to the lane width, and work-item w covers chains
 * [w * lanes, (w + 1) * lanes).
 *
 * <p>In {@link Precision#FLOAT32} the kernels build with {@code REAL = float} and every REAL buffer is a float
 * buffer; the twins then read floats, compute in double from the float inputs (with the float kernel's momenta
 * and uniforms, {@link BlockNormalsF}, and its energy-difference formula) and round each value they store to float.
 */
public final class HmcKernels {
    static final List<String> SOURCES = List.of("org/leapfrog/kernels/lanes.cl", "org/leapfrog/kernels/lfmath.cl",
            "org/leapfrog/kernels/philox.cl",
            "org/leapfrog/kernels/philox_lanes.cl", "org/leapfrog/kernels/metric.cl",
            "org/leapfrog/kernels/leapfrog.cl", "org/leapfrog/kernels/hmc.cl");
    /** Chains per block in the Java twin: long enough for the JIT to vectorise, small enough to stay in cache. */
    static final int BLOCK = 64;
    /** A target source that defines a gradient-only function. */
    public static final java.util.regex.Pattern GRADIENT_ONLY = java.util.regex.Pattern.compile("\\bvoid\\s+lf_grad\\s*\\(");
    /**
     * A target source that defines a per-coordinate gradient (a separable target): the leapfrog then keeps each
     * coordinate's trajectory in registers (leapfrog.cl, same bits).
     */
    public static final java.util.regex.Pattern SEPARABLE = java.util.regex.Pattern.compile("\\bRV\\s+lf_grad_coord\\s*\\(");

    private HmcKernels() {
    }

    /** {@code lf_hmc_init}'s parameters. */
    public static final class InitArgs {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg N_CHAINS = B.intScalar("n_chains");
        public static final Arg POSITION = B.doubles("pos", Access.READ);
        public static final Arg LOG_DENSITY = B.doubles("logp", Access.WRITE);
        public static final Arg GRADIENT = B.doubles("grad", Access.WRITE);
        public static final Arg TARGET_DATA = B.doubles("td", Access.READ);
        public static final KernelSignature SIGNATURE = B.build();

        private InitArgs() {
        }
    }

    /** {@code lf_hmc_step}'s parameters. */
    public static final class StepArgs {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg SEED = B.longScalar("seed");
        public static final Arg ITERATION = B.intScalar("iteration");
        public static final Arg N_CHAINS = B.intScalar("n_chains");
        public static final Arg POSITION = B.doubles("pos", Access.READ_WRITE);
        public static final Arg LOG_DENSITY = B.doubles("logp", Access.READ_WRITE);
        public static final Arg GRADIENT = B.doubles("grad", Access.READ_WRITE);
        /** Step size per dimension. */
        public static final Arg STEP_SIZE = B.doubles("eps", Access.READ);
        public static final Arg JITTER = B.doubleScalar("jitter");
        public static final Arg NUM_STEPS = B.intScalar("n_steps");
        public static final Arg MAX_ENERGY_ERROR = B.doubleScalar("max_energy_error");
        public static final Arg METRIC_DATA = B.doubles("m", Access.READ);
        public static final Arg TARGET_DATA = B.doubles("td", Access.READ);
        public static final Arg ACCEPT_PROB = B.doubles("accept_prob", Access.WRITE);
        public static final Arg ACCEPTED = B.ints("accepted", Access.WRITE);
        public static final Arg DIVERGENT = B.ints("divergent", Access.WRITE);
        public static final Arg ENERGY = B.doubles("energy", Access.WRITE);
        /** Per-chain step-size factor. */
        public static final Arg CHAIN_SCALE = B.doubles("chain_scale", Access.READ);
        /** Global index of the batch's chain 0, which keys the random streams (0 unless the batch is a shard). */
        public static final Arg CHAIN_OFFSET = B.intScalar("chain_offset");
        public static final KernelSignature SIGNATURE = B.build();

        private StepArgs() {
        }
    }

    /** A signature builder holding {@code base}'s parameters, in order: kernels that extend another's arguments. */
    private static KernelSignature.Builder startingWith(KernelSignature base) {
        KernelSignature.Builder b = KernelSignature.builder();
        for (Arg a : base.args()) {
            if (a.kind() == KernelSignature.Kind.BUFFER) {
                b.buffer(a.name(), a.elementType(), a.access());
            } else if (a.kind() == KernelSignature.Kind.INT) {
                b.intScalar(a.name());
            } else if (a.kind() == KernelSignature.Kind.LONG) {
                b.longScalar(a.name());
            } else {
                b.doubleScalar(a.name());
            }
        }
        return b;
    }

    /**
     * {@code lf_hmc_step_proposal}'s parameters: {@link StepArgs}'s, at the same positions (so the twin reads them
     * through StepArgs' constants), then the proposal buffers the kernel fills with the end of each chain's
     * trajectory before the accept decision.
     */
    public static final class ProposalStepArgs {
        private static final KernelSignature.Builder B = startingWith(StepArgs.SIGNATURE);
        /** Proposed positions, dimension x chains, chain-minor. */
        public static final Arg PROPOSAL_POSITION = B.doubles("prop_pos", Access.WRITE);
        /** Momenta at the end of the trajectory, dimension x chains, chain-minor. */
        public static final Arg PROPOSAL_MOMENTUM = B.doubles("prop_mom", Access.WRITE);
        public static final KernelSignature SIGNATURE = B.build();

        private ProposalStepArgs() {
        }
    }

    /** The {@code METRIC} build definition of a metric kind (the shared constants of {@link KernelConstants}). */
    static int metricCode(Metric.Kind kind) {
        switch (kind) {
            case UNIT:
                return KernelConstants.METRIC_UNIT;
            case DIAGONAL:
                return KernelConstants.METRIC_DIAGONAL;
            default:
                return KernelConstants.METRIC_DENSE;
        }
    }

    /** The state-initialisation kernel: log density and gradient at the current positions. */
    public static KernelDef init(Target target, int lanes) {
        return init(target, lanes, Precision.FLOAT64);
    }

    /** The state-initialisation kernel in a precision. */
    public static KernelDef init(Target target, int lanes, Precision precision) {
        return def("hmc-init", "lf_hmc_init", target, Metric.Kind.UNIT, lanes, precision,
                new InitTwin(target, lanes, precision == Precision.FLOAT32))
                .withSignature(precision.signature(InitArgs.SIGNATURE));
    }

    /** The fused step kernel. */
    public static KernelDef step(Target target, Metric metric, int lanes) {
        return step(target, metric, lanes, Precision.FLOAT64);
    }

    /** The fused step kernel in a precision. */
    public static KernelDef step(Target target, Metric metric, int lanes, Precision precision) {
        return step(target, metric, lanes, precision, Numerics.REPRODUCIBLE);
    }

    /** The state-initialisation kernel in a precision and numerics mode. */
    public static KernelDef init(Target target, int lanes, Precision precision, Numerics numerics) {
        return numerics.apply(init(target, lanes, precision));
    }

    /**
     * The fused step kernel in a precision and numerics mode. In {@link Numerics#FAST} the twin integrates with
     * {@link Math#fma} in every kick and drift ({@link Leapfrog#integrateFma}), close to the FAST kernel (which
     * the compiler contracts) but not bit-identical to it; draws and acceptance use LfMath as in REPRODUCIBLE.
     */
    public static KernelDef step(Target target, Metric metric, int lanes, Precision precision, Numerics numerics) {
        return numerics.apply(def("hmc-step", "lf_hmc_step", target, metric.kind(), lanes, precision,
                new StepTwin(target, metric, lanes, precision == Precision.FLOAT32, false, numerics == Numerics.FAST))
                .withSignature(precision.signature(StepArgs.SIGNATURE)));
    }

    /**
     * The fused step kernel that also writes each chain's proposal (position and momentum at the end of the
     * trajectory) for trajectory-length adaptation; the chains move exactly as with {@link #step}.
     */
    public static KernelDef stepWithProposal(Target target, Metric metric, int lanes, Precision precision) {
        return stepWithProposal(target, metric, lanes, precision, Numerics.REPRODUCIBLE);
    }

    /** {@link #stepWithProposal(Target, Metric, int, Precision)} in a numerics mode. */
    public static KernelDef stepWithProposal(Target target, Metric metric, int lanes, Precision precision,
                                             Numerics numerics) {
        return numerics.apply(def("hmc-step-proposal", "lf_hmc_step_proposal", target, metric.kind(), lanes,
                precision, new StepTwin(target, metric, lanes, precision == Precision.FLOAT32, true,
                        numerics == Numerics.FAST))
                .withSignature(precision.signature(ProposalStepArgs.SIGNATURE)));
    }

    static KernelDef def(String name, String entry, Target target, Metric.Kind kind, int lanes, Precision precision,
                         JavaKernel twin) {
        Map<String, String> defines = new LinkedHashMap<>();
        precision.define(defines);
        defines.put("VW", Integer.toString(lanes));
        defines.put("DIM", Integer.toString(target.dimension()));
        defines.put("METRIC", Integer.toString(metricCode(kind)));
        String source = target.deviceCode().map(c -> c.source()).orElse("");
        if (GRADIENT_ONLY.matcher(source).find()) {
            defines.put("LF_HAS_GRAD", "1");
        }
        if (SEPARABLE.matcher(source).find()) {
            defines.put("LF_SEPARABLE", "1");
        }
        return new KernelDef(name, entry, SOURCES, source, defines, twin);
    }

    /** Per-thread scratch for one block of chains, reused across launches. */
    static final class Scratch {
        final double[] x, p, g, v, lp, lp0, h0, h1, scale;
        final boolean[] accept = new boolean[BLOCK];
        final BlockNormals normals = new BlockNormals(BLOCK);
        final double[] uniforms = new double[BLOCK];
        // float32 twin only: kinetic energy at the start, widened step sizes, the float kernel's draws
        final double[] k0 = new double[BLOCK];
        final BlockNormalsF normalsF = new BlockNormalsF(BLOCK);
        double[] eps = new double[0];
        /** The step twin's current metric and the metric buffer it was built from (see StepTwin.useMetric). */
        Metric metric;
        double[] metricSeen;

        Scratch(int dim) {
            x = new double[dim * BLOCK];
            p = new double[dim * BLOCK];
            g = new double[dim * BLOCK];
            v = new double[dim * BLOCK];
            lp = new double[BLOCK];
            lp0 = new double[BLOCK];
            h0 = new double[BLOCK];
            h1 = new double[BLOCK];
            scale = new double[BLOCK];
        }
    }

    private static final class InitTwin implements JavaKernel {
        private final Target target;
        private final int lanes;
        private final ThreadLocal<Scratch> scratch;
        private final boolean single;

        InitTwin(Target target, int lanes, boolean single) {
            this.target = target;
            this.lanes = lanes;
            this.single = single;
            this.scratch = ThreadLocal.withInitial(() -> new Scratch(target.dimension()));
        }

        @Override
        public void run(KernelArguments a, int from, int to) {
            if (single) {
                runFloat(a, from, to);
                return;
            }
            int n = a.intValue(InitArgs.N_CHAINS);
            double[] pos = a.doubles(InitArgs.POSITION), logp = a.doubles(InitArgs.LOG_DENSITY);
            double[] grad = a.doubles(InitArgs.GRADIENT);
            Scratch s = scratch.get();
            int dim = target.dimension();
            int end = Math.min(n, to * lanes);
            for (int b = from * lanes; b < end; b += BLOCK) {
                int m = Math.min(BLOCK, end - b);
                gather(pos, n, b, m, s.x, dim);
                target.logDensityAndGradient(s.x, s.g, s.lp, BLOCK, 0, m);
                scatter(s.g, grad, n, b, m, dim);
                System.arraycopy(s.lp, 0, logp, b, m);
            }
        }

        /** float32: widen the positions, evaluate in double, round log density and gradient to float. */
        private void runFloat(KernelArguments a, int from, int to) {
            int n = a.intValue(InitArgs.N_CHAINS);
            float[] pos = a.floats(InitArgs.POSITION), logp = a.floats(InitArgs.LOG_DENSITY);
            float[] grad = a.floats(InitArgs.GRADIENT);
            Scratch s = scratch.get();
            int dim = target.dimension();
            int end = Math.min(n, to * lanes);
            for (int b = from * lanes; b < end; b += BLOCK) {
                int m = Math.min(BLOCK, end - b);
                gather(pos, n, b, m, s.x, dim);
                target.logDensityAndGradient(s.x, s.g, s.lp, BLOCK, 0, m);
                scatter(s.g, grad, n, b, m, dim);
                for (int j = 0; j < m; j++) {
                    logp[b + j] = (float) s.lp[j];
                }
            }
        }
    }

    private static final class StepTwin implements JavaKernel {
        private final Target target;
        private final Metric metric;
        private final int lanes;
        private final ThreadLocal<Scratch> scratch;
        private final boolean single;
        /** Whether this is lf_hmc_step_proposal's twin (which also stores the proposals). */
        private final boolean keepProposal;

        private final boolean fast;

        StepTwin(Target target, Metric metric, int lanes, boolean single, boolean keepProposal, boolean fast) {
            this.fast = fast;
            this.target = target;
            this.metric = metric;
            this.lanes = lanes;
            this.single = single;
            this.keepProposal = keepProposal;
            this.scratch = ThreadLocal.withInitial(() -> new Scratch(target.dimension()));
        }

        /**
         * Points the thread's scratch at the metric the kernel's metric buffer now holds (the buffer can change
         * between launches: {@code HmcSampler.setMetric}). Starts from the metric the kernel was built with, as
         * the twin always did; only a buffer that differs from what was last seen rebuilds it (float32: from the
         * float values, as the float kernel reads them).
         */
        private void useMetric(Scratch s, double[] data, float[] dataF) {
            int len = data != null ? data.length : dataF.length;
            if (s.metric == null) {
                s.metric = metric;
                double[] k = metric.kernelData();
                s.metricSeen = new double[len];
                for (int i = 0; i < len && i < k.length; i++) {
                    s.metricSeen[i] = dataF != null ? (float) k[i] : k[i];
                }
            }
            if (metric.kind() == Metric.Kind.UNIT) {
                return;
            }
            boolean same = true;
            for (int i = 0; i < len && same; i++) {
                same = (data != null ? data[i] : dataF[i]) == s.metricSeen[i];
            }
            if (same) {
                return;
            }
            for (int i = 0; i < len; i++) {
                s.metricSeen[i] = data != null ? data[i] : dataF[i];
            }
            int d = target.dimension();
            double[] inverseMass = metric.kind() == Metric.Kind.DIAGONAL
                    ? java.util.Arrays.copyOfRange(s.metricSeen, 0, d)
                    : java.util.Arrays.copyOfRange(s.metricSeen, d * d, 2 * d * d);
            s.metric = Metric.of(metric.kind(), d, inverseMass);
        }

        @Override
        public void run(KernelArguments a, int from, int to) {
            if (single) {
                runFloat(a, from, to);
                return;
            }
            runAt(a, a.intValue(StepArgs.ITERATION), a.intValue(StepArgs.NUM_STEPS), from, to);
        }

        /**
         * {@link #run} for an iteration and L other than the arguments' (the launch of several iterations, each
         * with its own L).
         */
        void runAt(KernelArguments a, int iteration, int steps, int from, int to) {
            long seed = a.longValue(StepArgs.SEED);
            int n = a.intValue(StepArgs.N_CHAINS);
            double[] pos = a.doubles(StepArgs.POSITION), logp = a.doubles(StepArgs.LOG_DENSITY);
            double[] grad = a.doubles(StepArgs.GRADIENT), eps = a.doubles(StepArgs.STEP_SIZE);
            double jitter = a.doubleValue(StepArgs.JITTER);
            double maxError = a.doubleValue(StepArgs.MAX_ENERGY_ERROR);
            double[] acceptProb = a.doubles(StepArgs.ACCEPT_PROB), energy = a.doubles(StepArgs.ENERGY);
            int[] accepted = a.ints(StepArgs.ACCEPTED), divergent = a.ints(StepArgs.DIVERGENT);
            double[] chainScale = a.doubles(StepArgs.CHAIN_SCALE);
            int offset = a.intValue(StepArgs.CHAIN_OFFSET);
            useMetric(scratch.get(), a.doubles(StepArgs.METRIC_DATA), null);
            double[] propPos = keepProposal ? a.doubles(ProposalStepArgs.PROPOSAL_POSITION) : null;
            double[] propMom = keepProposal ? a.doubles(ProposalStepArgs.PROPOSAL_MOMENTUM) : null;
            Scratch s = scratch.get();
            int end = Math.min(n, to * lanes);
            for (int b = from * lanes; b < end; b += BLOCK) {
                int m = Math.min(BLOCK, end - b);
                block(s, seed, iteration, n, b, m, offset, pos, logp, grad, eps, jitter, steps, maxError,
                        acceptProb, accepted, divergent, energy, chainScale);
                if (keepProposal) {
                    scatter(s.x, propPos, n, b, m, target.dimension());
                    scatter(s.p, propMom, n, b, m, target.dimension());
                }
            }
        }

        private void block(Scratch s, long seed, int iteration, int n, int b, int m, int offset, double[] pos,
                           double[] logp,
                           double[] grad, double[] eps, double jitter, int steps, double maxError,
                           double[] acceptProb, int[] accepted, int[] divergent, double[] energy,
                           double[] chainScale) {
            int dim = target.dimension();
            double[] x = s.x, p = s.p, g = s.g, v = s.v;
            // Momentum: standard normals into v (drawn for the whole block at once), then p = M^(1/2) z.
            BlockNormals normals = s.normals;
            for (int k = 0; k < dim; k += 4) {
                normals.normals(seed, offset + b, m, iteration, RandomStream.PURPOSE_MOMENTUM, k / 4, Math.min(4, dim - k),
                        v, k * BLOCK, BLOCK);
            }
            System.arraycopy(logp, b, s.lp0, 0, m);
            double[] u = s.uniforms;
            if (jitter == 0.0) {
                System.arraycopy(chainScale, b, s.scale, 0, m);
            } else {
                normals.uniforms(seed, offset + b, m, iteration, RandomStream.PURPOSE_JITTER, u, 0);
                for (int j = 0; j < m; j++) {
                    s.scale[j] = chainScale[b + j] * (1.0 + jitter * (2.0 * u[j] - 1.0));
                }
            }
            gather(pos, n, b, m, x, dim);
            gather(grad, n, b, m, g, dim);
            int mp = padBlock(s, m, dim);
            s.metric.momentumFromNormals(v, p, BLOCK, 0, mp);
            Leapfrog.kinetic(s.metric, p, v, s.h0, BLOCK, mp);
            for (int j = 0; j < m; j++) {
                s.h0[j] -= s.lp0[j];
            }
            double[] lp = s.lp;
            System.arraycopy(s.lp0, 0, lp, 0, mp);
            if (fast) {
                Leapfrog.integrateFma(target, s.metric, x, p, g, v, lp, eps, s.scale, steps, BLOCK, mp);
            } else {
                Leapfrog.integrate(target, s.metric, x, p, g, v, lp, eps, s.scale, steps, BLOCK, mp);
            }
            double[] h1 = s.h1;
            Leapfrog.kinetic(s.metric, p, v, h1, BLOCK, mp);
            boolean[] acc = s.accept;
            normals.uniforms(seed, offset + b, m, iteration, RandomStream.PURPOSE_ACCEPT, u, 0);
            for (int j = 0; j < m; j++) {
                int c = b + j;
                double hEnd = h1[j] - lp[j];
                double delta = hEnd - s.h0[j];
                boolean finite = Double.isFinite(delta);
                // LfMath's log and exp(-y), as hmc.cl's float64 path: bit-identical across backends.
                acc[j] = finite && LfMath.log(u[j]) < -delta;
                acceptProb[c] = finite ? LfMath.expNeg(Math.max(delta, 0.0)) : 0.0;
                accepted[c] = acc[j] ? 1 : 0;
                divergent[c] = (!finite || delta > maxError) ? 1 : 0;
                energy[c] = acc[j] ? hEnd : s.h0[j];
                if (acc[j]) {
                    logp[c] = lp[j];
                }
            }
            // Write accepted states row by row: chain-minor rows are contiguous, columns are n apart.
            for (int d = 0; d < dim; d++) {
                int o = d * n + b, q = d * BLOCK;
                for (int j = 0; j < m; j++) {
                    if (acc[j]) {
                        pos[o + j] = x[q + j];
                        grad[o + j] = g[q + j];
                    }
                }
            }
        }

        /** float32: the float kernel's inputs, momenta and uniforms; double arithmetic; float stores. */
        private void runFloat(KernelArguments a, int from, int to) {
            long seed = a.longValue(StepArgs.SEED);
            int iteration = a.intValue(StepArgs.ITERATION), n = a.intValue(StepArgs.N_CHAINS);
            float[] pos = a.floats(StepArgs.POSITION), logp = a.floats(StepArgs.LOG_DENSITY);
            float[] grad = a.floats(StepArgs.GRADIENT), epsF = a.floats(StepArgs.STEP_SIZE);
            double jitter = (float) a.doubleValue(StepArgs.JITTER);
            int steps = a.intValue(StepArgs.NUM_STEPS);
            double maxError = (float) a.doubleValue(StepArgs.MAX_ENERGY_ERROR);
            float[] acceptProb = a.floats(StepArgs.ACCEPT_PROB), energy = a.floats(StepArgs.ENERGY);
            int[] accepted = a.ints(StepArgs.ACCEPTED), divergent = a.ints(StepArgs.DIVERGENT);
            float[] chainScale = a.floats(StepArgs.CHAIN_SCALE);
            int offset = a.intValue(StepArgs.CHAIN_OFFSET);
            useMetric(scratch.get(), null, a.floats(StepArgs.METRIC_DATA));
            float[] propPos = keepProposal ? a.floats(ProposalStepArgs.PROPOSAL_POSITION) : null;
            float[] propMom = keepProposal ? a.floats(ProposalStepArgs.PROPOSAL_MOMENTUM) : null;
            Scratch s = scratch.get();
            int dim = target.dimension();
            if (s.eps.length != dim) {
                s.eps = new double[dim];
            }
            for (int d = 0; d < dim; d++) {
                s.eps[d] = epsF[d];
            }
            int end = Math.min(n, to * lanes);
            for (int b = from * lanes; b < end; b += BLOCK) {
                int m = Math.min(BLOCK, end - b);
                blockFloat(s, seed, iteration, n, b, m, offset, pos, logp, grad, jitter, steps, maxError,
                        acceptProb, accepted, divergent, energy, chainScale);
                if (keepProposal) {
                    scatter(s.x, propPos, n, b, m, dim);
                    scatter(s.p, propMom, n, b, m, dim);
                }
            }
        }

        private void blockFloat(Scratch s, long seed, int iteration, int n, int b, int m, int offset, float[] pos,
                                float[] logp,
                                float[] grad, double jitter, int steps, double maxError, float[] acceptProb,
                                int[] accepted, int[] divergent, float[] energy, float[] chainScale) {
            int dim = target.dimension();
            double[] x = s.x, p = s.p, g = s.g, v = s.v, u = s.uniforms;
            BlockNormalsF normals = s.normalsF;
            for (int k = 0; k < dim; k += 4) {
                normals.normals(seed, offset + b, m, iteration, RandomStream.PURPOSE_MOMENTUM, k / 4, Math.min(4, dim - k),
                        v, k * BLOCK, BLOCK);
            }
            if (jitter != 0.0) {
                normals.uniforms(seed, offset + b, m, iteration, RandomStream.PURPOSE_JITTER, u, 0);
            }
            for (int j = 0; j < m; j++) {
                s.lp0[j] = logp[b + j];
                double scale = chainScale[b + j];
                if (jitter != 0.0) {
                    scale = scale * (1.0 + jitter * (2.0 * u[j] - 1.0));
                }
                s.scale[j] = scale;
            }
            gather(pos, n, b, m, x, dim);
            gather(grad, n, b, m, g, dim);
            int mp = padBlock(s, m, dim);
            s.metric.momentumFromNormals(v, p, BLOCK, 0, mp);
            Leapfrog.kinetic(s.metric, p, v, s.k0, BLOCK, mp);
            double[] lp = s.lp;
            System.arraycopy(s.lp0, 0, lp, 0, mp);
            if (fast) {
                Leapfrog.integrateFma(target, s.metric, x, p, g, v, lp, s.eps, s.scale, steps, BLOCK, mp);
            } else {
                Leapfrog.integrate(target, s.metric, x, p, g, v, lp, s.eps, s.scale, steps, BLOCK, mp);
            }
            double[] k1 = s.h1;
            Leapfrog.kinetic(s.metric, p, v, k1, BLOCK, mp);
            boolean[] acc = s.accept;
            normals.uniforms(seed, offset + b, m, iteration, RandomStream.PURPOSE_ACCEPT, u, 0);
            for (int j = 0; j < m; j++) {
                int c = b + j;
                double h0 = s.k0[j] - s.lp0[j], hEnd = k1[j] - lp[j];
                // As the float kernel: differences of like terms first.
                double delta = (k1[j] - s.k0[j]) - (lp[j] - s.lp0[j]);
                boolean finite = Double.isFinite(delta);
                acc[j] = finite && Math.log(u[j]) < -delta;
                acceptProb[c] = (float) (finite ? Math.min(1.0, Math.exp(-delta)) : 0.0);
                accepted[c] = acc[j] ? 1 : 0;
                divergent[c] = (!finite || delta > maxError) ? 1 : 0;
                energy[c] = (float) (acc[j] ? hEnd : h0);
                if (acc[j]) {
                    logp[c] = (float) lp[j];
                }
            }
            for (int d = 0; d < dim; d++) {
                int o = d * n + b, qd = d * BLOCK;
                for (int j = 0; j < m; j++) {
                    if (acc[j]) {
                        pos[o + j] = (float) x[qd + j];
                        grad[o + j] = (float) g[qd + j];
                    }
                }
            }
        }
    }

    static final int PAD = 8;

    /**
     * Fills a partial block up to a multiple of {@link #PAD} chains with copies of its last chain (position,
     * gradient, log density, step factor; momenta are whatever finite normals the scratch holds), so the
     * integrator's loops always run trip counts that are multiples of 8. C2 compiles a loop for the trip counts
     * it has profiled: loops first run on a few chains stayed unvectorised, and 2x slower, for large batches.
     * Returns the padded size; the extra chains' results are discarded.
     */
    static int padBlock(Scratch s, int m, int dim) {
        int mp = Math.min(BLOCK, (m + PAD - 1) / PAD * PAD);
        for (int d = 0; d < dim; d++) {
            int o = d * BLOCK;
            java.util.Arrays.fill(s.x, o + m, o + mp, s.x[o + m - 1]);
            java.util.Arrays.fill(s.g, o + m, o + mp, s.g[o + m - 1]);
        }
        java.util.Arrays.fill(s.lp0, m, mp, s.lp0[m - 1]);
        java.util.Arrays.fill(s.scale, m, mp, s.scale[m - 1]);
        return mp;
    }

    static void gather(double[] src, int n, int b, int m, double[] dst, int dim) {
        for (int d = 0; d < dim; d++) {
            System.arraycopy(src, d * n + b, dst, d * BLOCK, m);
        }
    }

    static void scatter(double[] src, double[] dst, int n, int b, int m, int dim) {
        for (int d = 0; d < dim; d++) {
            System.arraycopy(src, d * BLOCK, dst, d * n + b, m);
        }
    }

    static void gather(float[] src, int n, int b, int m, double[] dst, int dim) {
        for (int d = 0; d < dim; d++) {
            int o = d * n + b, q = d * BLOCK;
            for (int j = 0; j < m; j++) {
                dst[q + j] = src[o + j];
            }
        }
    }

    static void scatter(double[] src, float[] dst, int n, int b, int m, int dim) {
        for (int d = 0; d < dim; d++) {
            int o = d * n + b, q = d * BLOCK;
            for (int j = 0; j < m; j++) {
                dst[o + j] = (float) src[q + j];
            }
        }
    }

    /** Widens rows of a chain-minor float buffer into a block of {@code stride} chains (for the his twin). */
    public static void gatherFloat(float[] src, int n, int b, int m, double[] dst, int dim, int stride) {
        for (int d = 0; d < dim; d++) {
            int o = d * n + b, q = d * stride;
            for (int j = 0; j < m; j++) {
                dst[q + j] = src[o + j];
            }
        }
    }

    /** Rounds a block's rows into a chain-minor float buffer (for the his twin). */
    public static void scatterFloat(double[] src, float[] dst, int n, int b, int m, int dim, int stride) {
        for (int d = 0; d < dim; d++) {
            int o = d * n + b, q = d * stride;
            for (int j = 0; j < m; j++) {
                dst[o + j] = (float) src[q + j];
            }
        }
    }

    /**
     * {@code lf_hmc_step_stats}'s parameters: {@link StepArgs}'s at the same positions, then the number of
     * iterations the launch runs, which of them are kept draws, the chain statistics it updates on those (those of
     * {@code ChainStatistics}) and the packed draws it writes.
     */
    public static final class StatsStepArgs {
        private static final KernelSignature.Builder B = startingWith(StepArgs.SIGNATURE);
        /** Iterations in this launch: {@link StepArgs#ITERATION}, the next one, ... (1 to 31). */
        public static final Arg N_ITER = B.intScalar("n_iter");
        /** Bit k set: iteration {@code ITERATION + k} is a kept draw (accumulated and packed); 0: plain steps. */
        public static final Arg KEPT_MASK = B.intScalar("kept_mask");
        /** Draws accumulated before this launch. */
        public static final Arg COUNT = B.intScalar("count0");
        public static final Arg MEAN = B.doubles("mean", Access.READ_WRITE);
        public static final Arg M2 = B.doubles("m2", Access.READ_WRITE);
        public static final Arg ACCEPT_SUM = B.doubles("accept_sum", Access.READ_WRITE);
        public static final Arg DIVERGENCES = B.ints("divergences", Access.READ_WRITE);
        public static final Arg ENERGY_MEAN = B.doubles("energy_mean", Access.READ_WRITE);
        public static final Arg ENERGY_M2 = B.doubles("energy_m2", Access.READ_WRITE);
        public static final Arg ENERGY_JUMP = B.doubles("energy_jump", Access.READ_WRITE);
        public static final Arg ENERGY_PREV = B.doubles("energy_prev", Access.READ_WRITE);
        public static final Arg N_KEPT = B.intScalar("n_kept");
        /** Where in {@link #KEPT} this launch's first kept draw is packed (two slots alternate, see ChainStatistics). */
        public static final Arg KEPT_OFFSET = B.intScalar("kept_offset");
        public static final Arg KEPT = B.doubles("kept", Access.READ_WRITE);
        /** The iteration of {@link #STEPS_TABLE}'s first entry. */
        public static final Arg STEPS_FIRST = B.intScalar("steps_first");
        /** Entries of {@link #STEPS_TABLE} in use (0: every iteration takes {@link StepArgs#NUM_STEPS}). */
        public static final Arg STEPS_COUNT = B.intScalar("steps_count");
        /** L per iteration from {@link #STEPS_FIRST} on (a trajectory length jittered every iteration). */
        public static final Arg STEPS_TABLE = B.ints("steps_table", Access.READ);
        public static final KernelSignature SIGNATURE = B.build();

        private StatsStepArgs() {
        }
    }

    /** Doubles one kept draw takes in the packed buffer: the kept chains' rows. */
    public static int packedDrawLength(int dimension, int keptChains) {
        return (dimension + 4) * keptChains;
    }

    /**
     * The fused step kernel that runs one or more iterations per launch and accumulates the chain statistics of the
     * kept ones in the same launch (float64 only): the chains move exactly as with {@link #step}, one launch per
     * iteration, and the statistics equal those of the separate {@code lf_chain_stats} launch bit for bit. The
     * twin runs blocks of {@link #BLOCK} chains through all the launch's iterations (the kernel's order: each
     * block's rows stay in cache), each iteration the step's twin then the same statistics operations for those
     * chains ({@code ChainStatisticsKernel.accumulateStep}).
     */
    public static KernelDef stepWithStatistics(Target target, Metric metric, int lanes, Numerics numerics) {
        StepTwin step = new StepTwin(target, metric, lanes, false, false, numerics == Numerics.FAST);
        int dim = target.dimension();
        int chunk = Math.max(1, BLOCK / lanes); // work-items per block of chains
        JavaKernel twin = (a, from, to) -> {
            int n = a.intValue(StepArgs.N_CHAINS), first = a.intValue(StepArgs.ITERATION);
            int iterations = a.intValue(StatsStepArgs.N_ITER), mask = a.intValue(StatsStepArgs.KEPT_MASK);
            int nKept = a.intValue(StatsStepArgs.N_KEPT);
            int perDraw = packedDrawLength(dim, nKept);
            int stepsFirst = a.intValue(StatsStepArgs.STEPS_FIRST), stepsCount = a.intValue(StatsStepArgs.STEPS_COUNT);
            int[] table = a.ints(StatsStepArgs.STEPS_TABLE);
            for (int w = from; w < to; w += chunk) {
                int wEnd = Math.min(to, w + chunk);
                int c0 = w * lanes, c1 = Math.min(n, wEnd * lanes);
                int count = a.intValue(StatsStepArgs.COUNT), offset = a.intValue(StatsStepArgs.KEPT_OFFSET);
                for (int k = 0; k < iterations; k++) {
                    int rel = first + k - stepsFirst;
                    int steps = rel >= 0 && rel < stepsCount ? table[rel] : a.intValue(StepArgs.NUM_STEPS);
                    step.runAt(a, first + k, steps, w, wEnd);
                    if ((mask >> k & 1) == 0 || c0 >= c1) {
                        continue;
                    }
                    count++;
                    org.leapfrog.samplers.fused.ChainStatisticsKernel.accumulateStep(c0, c1, n, dim, count,
                            1.0 / count, a.doubles(StepArgs.POSITION), a.doubles(StepArgs.LOG_DENSITY),
                            a.doubles(StepArgs.ACCEPT_PROB), a.ints(StepArgs.DIVERGENT), a.doubles(StepArgs.ENERGY),
                            a.doubles(StatsStepArgs.MEAN), a.doubles(StatsStepArgs.M2),
                            a.doubles(StatsStepArgs.ACCEPT_SUM), a.ints(StatsStepArgs.DIVERGENCES),
                            a.doubles(StatsStepArgs.ENERGY_MEAN), a.doubles(StatsStepArgs.ENERGY_M2),
                            a.doubles(StatsStepArgs.ENERGY_JUMP), a.doubles(StatsStepArgs.ENERGY_PREV), nKept, offset,
                            a.doubles(StatsStepArgs.KEPT));
                    offset += perDraw;
                }
            }
        };
        return numerics.apply(def("hmc-step-stats", "lf_hmc_step_stats", target, metric.kind(), lanes,
                Precision.FLOAT64, twin).withSignature(StatsStepArgs.SIGNATURE));
    }
}
