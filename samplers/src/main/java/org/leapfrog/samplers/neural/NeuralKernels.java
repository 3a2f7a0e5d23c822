package org.leapfrog.samplers.neural;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leapfrog.kernels.BlockNormals;
import org.leapfrog.kernels.BlockNormalsF;
import org.leapfrog.kernels.JavaKernel;
import org.leapfrog.kernels.KernelArguments;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Arg;
import org.leapfrog.kernels.LfMath;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.kernels.nn.NetworkSource;
import org.leapfrog.kernels.nn.NetworkSpec;
import org.leapfrog.samplers.Precision;
import org.leapfrog.samplers.target.Target;

/**
 * The fused step kernel of the coupling sampler ({@code neural.cl}) and its Java twin. One launch per iteration:
 * noise, forward flow, proposal, reverse flow, both log-determinants and the Metropolis-Hastings decision. The
 * network weights are a buffer in {@link NeuralFlow}'s flat layout, so a trainer can hand its parameter buffer
 * straight to the kernel.
 *
 * <p>float64, or float32 ({@link Precision}): the kernel then builds with {@code REAL = float} (state, weights,
 * masks and target data float buffers) and decides with the float kernels' log and exp, as {@code hmc.cl} does;
 * the twin reads the floats, computes in double from them with the float kernel's normals and uniforms
 * ({@link BlockNormalsF}) and rounds each value it stores to float, as HMC's float twin does.
 */
public final class NeuralKernels {
    static final List<String> SOURCES = List.of("org/leapfrog/kernels/lanes.cl", "org/leapfrog/kernels/lfmath.cl",
            "org/leapfrog/kernels/philox.cl", "org/leapfrog/kernels/philox_lanes.cl",
            "org/leapfrog/kernels/neural.cl");
    /** Chains per block in the twin. */
    static final int BLOCK = 32;

    private NeuralKernels() {
    }

    /** {@code lf_neural_step}'s parameters. */
    public static final class StepArgs {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg SEED = B.longScalar("seed");
        public static final Arg ITERATION = B.intScalar("iteration");
        public static final Arg N_CHAINS = B.intScalar("n_chains");
        public static final Arg POSITION = B.doubles("pos", Access.READ_WRITE);
        public static final Arg LOG_DENSITY = B.doubles("logp", Access.READ_WRITE);
        /** Network weights and log eps in {@link NeuralFlow}'s layout. */
        public static final Arg WEIGHTS = B.doubles("w", Access.READ);
        /** K x D masks, 0.0 or 1.0. */
        public static final Arg MASKS = B.doubles("mask", Access.READ);
        public static final Arg TARGET_DATA = B.doubles("td", Access.READ);
        public static final Arg ACCEPT_PROB = B.doubles("accept_prob", Access.WRITE);
        public static final Arg ACCEPTED = B.ints("accepted", Access.WRITE);
        public static final Arg DIVERGENT = B.ints("divergent", Access.WRITE);
        public static final Arg ENERGY = B.doubles("energy", Access.WRITE);
        /** log a of the proposal (NaN or infinite where it was not finite). */
        public static final Arg LOG_ACCEPT = B.doubles("log_accept", Access.WRITE);
        public static final KernelSignature SIGNATURE = B.build();

        private StepArgs() {
        }
    }

    /** The fused step kernel for a flow and target (float64). */
    public static KernelDef step(NeuralFlow flow, Target target, int lanes) {
        return step(flow, target, lanes, Precision.FLOAT64);
    }

    /** The fused step kernel for a flow and target in a precision. */
    public static KernelDef step(NeuralFlow flow, Target target, int lanes, Precision precision) {
        if (target.dimension() != flow.dimension()) {
            throw new IllegalArgumentException("target '" + target.name() + "': dimension " + target.dimension()
                    + "; allowed: the flow's dimension " + flow.dimension());
        }
        Map<String, String> defines = new LinkedHashMap<>();
        precision.define(defines);
        defines.put("VW", Integer.toString(lanes));
        defines.put("DIM", Integer.toString(flow.dimension()));
        defines.put("NW", Integer.toString(flow.width()));
        defines.put("NSTEPS", Integer.toString(flow.steps()));
        defines.put("LOG_EPS", Integer.toString(flow.logEpsOffset()));
        String extra = networkSource(flow) + target.deviceCode().map(c -> c.source()).orElse("");
        return new KernelDef("neural-step", "lf_neural_step", SOURCES, extra, defines, new StepTwin(flow, target, lanes,
                precision == Precision.FLOAT32)).withSignature(precision.signature(StepArgs.SIGNATURE));
    }

    /** The six network functions and the table of per-step bases they are called with. */
    static String networkSource(NeuralFlow flow) {
        StringBuilder sb = new StringBuilder();
        for (NetworkSpec s : flow.specs()) {
            sb.append(NetworkSource.emit(s));
        }
        int k = flow.steps();
        sb.append("__constant int LF_PE_BASES[").append(6 * k).append("] = {");
        for (int piece = 0; piece < 6; piece++) {
            for (int s = 0; s < k; s++) {
                int base = switch (piece) {
                    case 0 -> flow.vIn(s);
                    case 1 -> flow.vHidden();
                    case 2 -> flow.vOut(s);
                    case 3 -> flow.rIn(s);
                    case 4 -> flow.rHidden();
                    default -> flow.rOut(s);
                };
                sb.append(piece + s == 0 ? "" : ", ").append(base);
            }
        }
        sb.append("};\nint lf_pe_base(int piece, int k) { return LF_PE_BASES[piece * NSTEPS + k]; }\n");
        return sb.toString();
    }

    /** Per-thread scratch of the twin. */
    private static final class Scratch {
        final FlowTwin flow;
        final double[] x, v, xp, lp0, lp1, ldf, ldb, e0, uniforms, g;
        final BlockNormals normals = new BlockNormals(BLOCK);
        // float32 twin only: the float kernel's draws and the widened weights and masks
        final BlockNormalsF normalsF = new BlockNormalsF(BLOCK);
        double[] wide = new double[0];

        Scratch(NeuralFlow f, Target target) {
            int dim = f.dimension();
            flow = new FlowTwin(f, target, BLOCK);
            x = new double[dim * BLOCK];
            v = new double[dim * BLOCK];
            xp = new double[dim * BLOCK];
            g = new double[dim * BLOCK];
            lp0 = new double[BLOCK];
            lp1 = new double[BLOCK];
            ldf = new double[BLOCK];
            ldb = new double[BLOCK];
            e0 = new double[BLOCK];
            uniforms = new double[BLOCK];
        }
    }

    /** The Java twin: the kernel's arithmetic for blocks of chains. */
    static final class StepTwin implements JavaKernel {
        private final NeuralFlow flow;
        private final Target target;
        private final int lanes;
        private final ThreadLocal<Scratch> scratch;
        private final boolean single;

        StepTwin(NeuralFlow flow, Target target, int lanes, boolean single) {
            this.single = single;
            this.flow = flow;
            this.target = target;
            this.lanes = lanes;
            this.scratch = ThreadLocal.withInitial(() -> new Scratch(flow, target));
        }

        @Override
        public void run(KernelArguments a, int from, int to) {
            if (single) {
                runFloat(a, from, to);
                return;
            }
            long seed = a.longValue(StepArgs.SEED);
            int iteration = a.intValue(StepArgs.ITERATION), n = a.intValue(StepArgs.N_CHAINS);
            double[] pos = a.doubles(StepArgs.POSITION), logp = a.doubles(StepArgs.LOG_DENSITY);
            double[] w = a.doubles(StepArgs.WEIGHTS);
            double[] acceptProb = a.doubles(StepArgs.ACCEPT_PROB), energy = a.doubles(StepArgs.ENERGY);
            double[] logAccept = a.doubles(StepArgs.LOG_ACCEPT);
            int[] accepted = a.ints(StepArgs.ACCEPTED), divergent = a.ints(StepArgs.DIVERGENT);
            Scratch s = scratch.get();
            int end = Math.min(n, to * lanes);
            for (int b = from * lanes; b < end; b += BLOCK) {
                int m = Math.min(BLOCK, end - b);
                block(s, seed, iteration, n, b, m, pos, logp, w, acceptProb, accepted, divergent, energy, logAccept);
            }
        }

        private void block(Scratch s, long seed, int iteration, int n, int b, int m, double[] pos, double[] logp,
                           double[] w, double[] acceptProb, int[] accepted, int[] divergent, double[] energy,
                           double[] logAccept) {
            int dim = flow.dimension();
            double[] x = s.x, v = s.v, xp = s.xp;
            for (int k = 0; k < dim; k += 4) {
                s.normals.normals(seed, b, m, iteration, RandomStream.PURPOSE_MOMENTUM, k / 4, Math.min(4, dim - k),
                        v, k * BLOCK, BLOCK);
            }
            startEnergies(s, m);
            for (int d = 0; d < dim; d++) {
                System.arraycopy(pos, d * n + b, x, d * BLOCK, m);
            }
            System.arraycopy(logp, b, s.lp0, 0, m);
            propose(s, w, m);
            s.normals.uniforms(seed, b, m, iteration, RandomStream.PURPOSE_ACCEPT, s.uniforms, 0);
            for (int j = 0; j < m; j++) {
                double loga = logAccept(s, j);
                boolean finite = Double.isFinite(loga);
                boolean acc = finite && LfMath.log(s.uniforms[j]) < loga;
                int c = b + j;
                acceptProb[c] = finite ? LfMath.expNeg(Math.max(-loga, 0.0)) : 0.0;
                accepted[c] = acc ? 1 : 0;
                divergent[c] = finite ? 0 : 1;
                if (acc) {
                    for (int d = 0; d < dim; d++) {
                        pos[d * n + c] = xp[d * BLOCK + j];
                    }
                    logp[c] = s.lp1[j];
                }
                energy[c] = -logp[c];
                logAccept[c] = loga;
            }
        }

        /** Each chain's kinetic energy |v|^2 / 2 at the start; the log-determinants start at 0. */
        private void startEnergies(Scratch s, int m) {
            int dim = flow.dimension();
            for (int j = 0; j < m; j++) {
                double e = 0;
                for (int d = 0; d < dim; d++) {
                    double vd = s.v[d * BLOCK + j];
                    e += vd * vd;
                }
                s.e0[j] = 0.5 * e;
                s.ldf[j] = 0;
                s.ldb[j] = 0;
            }
        }

        /** Forward flow from x, x' = x + eps z, reverse flow from x' on -z, and log p(x') (the kernel's order). */
        private void propose(Scratch s, double[] w, int m) {
            int dim = flow.dimension();
            double[] x = s.x, v = s.v, xp = s.xp;
            double eps = Math.exp(w[flow.logEpsOffset()]);
            s.flow.run(x, v, w, false, s.ldf, m);
            for (int d = 0; d < dim; d++) {
                for (int j = 0; j < m; j++) {
                    int i = d * BLOCK + j;
                    xp[i] = x[i] + eps * v[i];
                    v[i] = -v[i];
                }
            }
            s.flow.run(xp, v, w, true, s.ldb, m);
            target.logDensityAndGradient(xp, s.g, s.lp1, BLOCK, 0, m);
        }

        /** log a of chain j after {@link #propose}: differences of like terms, as the kernel forms it. */
        private double logAccept(Scratch s, int j) {
            int dim = flow.dimension();
            double e1 = 0;
            for (int d = 0; d < dim; d++) {
                double vd = s.v[d * BLOCK + j];
                e1 += vd * vd;
            }
            e1 = 0.5 * e1;
            return (s.e0[j] - e1) + (s.lp1[j] - s.lp0[j]) + (s.ldf[j] + s.ldb[j]);
        }

        /** float32: the float kernel's inputs, normals and uniforms; double arithmetic; float stores. */
        private void runFloat(KernelArguments a, int from, int to) {
            long seed = a.longValue(StepArgs.SEED);
            int iteration = a.intValue(StepArgs.ITERATION), n = a.intValue(StepArgs.N_CHAINS);
            Scratch s = scratch.get();
            float[] wf = a.floats(StepArgs.WEIGHTS);
            if (s.wide.length != wf.length) {
                s.wide = new double[wf.length];
            }
            for (int i = 0; i < wf.length; i++) {
                s.wide[i] = wf[i];
            }
            int end = Math.min(n, to * lanes);
            for (int b = from * lanes; b < end; b += BLOCK) {
                blockFloat(a, s, seed, iteration, n, b, Math.min(BLOCK, end - b));
            }
        }

        private void blockFloat(KernelArguments a, Scratch s, long seed, int iteration, int n, int b, int m) {
            float[] pos = a.floats(StepArgs.POSITION), logp = a.floats(StepArgs.LOG_DENSITY);
            float[] acceptProb = a.floats(StepArgs.ACCEPT_PROB), energy = a.floats(StepArgs.ENERGY);
            float[] logAccept = a.floats(StepArgs.LOG_ACCEPT);
            int[] accepted = a.ints(StepArgs.ACCEPTED), divergent = a.ints(StepArgs.DIVERGENT);
            int dim = flow.dimension();
            double[] x = s.x, v = s.v, xp = s.xp, w = s.wide;
            for (int k = 0; k < dim; k += 4) {
                s.normalsF.normals(seed, b, m, iteration, RandomStream.PURPOSE_MOMENTUM, k / 4, Math.min(4, dim - k),
                        v, k * BLOCK, BLOCK);
            }
            startEnergies(s, m);
            for (int j = 0; j < m; j++) {
                s.lp0[j] = logp[b + j];
                for (int d = 0; d < dim; d++) {
                    x[d * BLOCK + j] = pos[d * n + b + j];
                }
            }
            propose(s, w, m);
            s.normalsF.uniforms(seed, b, m, iteration, RandomStream.PURPOSE_ACCEPT, s.uniforms, 0);
            for (int j = 0; j < m; j++) {
                double loga = logAccept(s, j);
                boolean finite = Double.isFinite(loga);
                boolean acc = finite && Math.log(s.uniforms[j]) < loga;
                int c = b + j;
                acceptProb[c] = (float) (finite ? Math.min(1.0, Math.exp(loga)) : 0.0);
                accepted[c] = acc ? 1 : 0;
                divergent[c] = finite ? 0 : 1;
                if (acc) {
                    for (int d = 0; d < dim; d++) {
                        pos[d * n + c] = (float) xp[d * BLOCK + j];
                    }
                    logp[c] = (float) s.lp1[j];
                }
                energy[c] = -logp[c];
                logAccept[c] = (float) loga;
            }
        }
    }
}
