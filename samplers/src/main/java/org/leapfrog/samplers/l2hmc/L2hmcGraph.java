package org.leapfrog.samplers.l2hmc;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.leapfrog.runtime.tensor.BatchedDensity;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.TargetOps;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.nn.Activation;
import org.leapfrog.runtime.tensor.nn.Dense;
import org.leapfrog.runtime.tensor.nn.Module;
import org.leapfrog.runtime.tensor.nn.Networks;
import org.leapfrog.runtime.tensor.nn.Sequential;
import org.leapfrog.runtime.tensor.nn.VarianceScaling;

/**
 * The L2HMC transition as a tensor graph on an {@link Engine}: what training differentiates (through the
 * networks, the target's gradient via its Hessian-vector product, the log-determinant and the acceptance).
 *
 * <p>One formula serves both directions per chain, so a batch mixing d = +1 and d = -1 costs one pass: with
 * fw = [d = +1], bk = [d = -1], a scale s and a translation c from the networks, a half-update is
 * {@code y = (y + c bk) exp(d s) - c fw} for v (forward: {@code v e^s - c}; backward its inverse
 * {@code (v + c) e^-s}) and {@code y = (y - c bk) exp(d s) + c fw} for x. The backward operator visits the steps in
 * reverse order (t = M-1 .. 0) and the two x halves in reverse order, so it is the forward operator's exact
 * inverse. The fused kernel ({@code l2hmc.cl}) and its Java twin compute the same formulas in the same order.
 *
 * <p>Sign convention of T: the paper's {@code v' = v e^{eps/2 S} - eps/2 (dU e^{eps Q} + T)} (the released
 * code adds T instead; T is a free affine output, so the two are the same family).
 */
public final class L2hmcGraph {
    private L2hmcGraph() {
    }

    /** The trainable tensors, in the model's flat order ({@link #list()}). */
    public record Parameters(Sequential xNet, Tensor xLogS, Tensor xLogQ, Sequential vNet, Tensor vLogS,
                             Tensor vLogQ, Tensor logEps) {
        public List<Tensor> list() {
            List<Tensor> l = new ArrayList<>(xNet.parameters());
            l.add(xLogS);
            l.add(xLogQ);
            l.addAll(vNet.parameters());
            l.add(vLogS);
            l.add(vLogQ);
            l.add(logEps);
            return l;
        }

        /** Parameters on {@code engine} holding the model's weights. */
        public static Parameters of(Engine engine, L2hmcModel model) {
            int d = model.dimension();
            int h = model.hidden();
            Parameters p = new Parameters(net(engine, "x", d, h), engine.parameter("x.logS", 1, d),
                    engine.parameter("x.logQ", 1, d), net(engine, "v", d, h), engine.parameter("v.logS", 1, d),
                    engine.parameter("v.logQ", 1, d), engine.parameter("logEps", 1, 1));
            Networks.unpack(model.weights(), 0, p.list());
            return p;
        }

        /** The current values as a model (a host copy). */
        public L2hmcModel toModel(L2hmcModel shape) {
            return shape.withWeights(Networks.pack(list()));
        }

        /**
         * Parameters whose networks also read a conditioning input of {@code conditionWidth} columns, appended
         * to each network's input ({@link #proposeConditioned}). The weights on the usual 2D + 2 inputs and all
         * later layers are the model's; those on the condition are Glorot-uniform from {@code seed} times
         * {@code conditionScale} (small, so training starts near the unconditioned transition).
         */
        public static Parameters conditioned(Engine engine, L2hmcModel model, int conditionWidth, double conditionScale,
                                             long seed) {
            if (conditionWidth < 1) {
                throw new IllegalArgumentException("condition width: " + conditionWidth + "; allowed: 1 or more");
            }
            Parameters plain = of(engine, model);
            int d = model.dimension();
            int h = model.hidden();
            Parameters p = new Parameters(net(engine, "x", d, h, conditionWidth), engine.parameter("x.logS", 1, d),
                    engine.parameter("x.logQ", 1, d), net(engine, "v", d, h, conditionWidth),
                    engine.parameter("v.logS", 1, d), engine.parameter("v.logQ", 1, d), engine.parameter("logEps", 1, 1));
            List<Tensor> from = plain.list();
            List<Tensor> to = p.list();
            SplittableRandom rng = new SplittableRandom(seed);
            double limit = conditionScale * Math.sqrt(6.0 / (conditionWidth + h));
            for (int k = 0; k < from.size(); k++) {
                Tensor a = from.get(k);
                Tensor b = to.get(k);
                for (int r = 0; r < b.rows(); r++) {
                    for (int c = 0; c < b.cols(); c++) {
                        b.set(r, c, r < a.rows() ? a.get(r, c) : limit * (2 * rng.nextDouble() - 1));
                    }
                }
            }
            return p;
        }

        private static Sequential net(Engine engine, String name, int d, int h, int conditionWidth) {
            VarianceScaling init = VarianceScaling.glorotUniform();
            SplittableRandom rng = new SplittableRandom(0);
            List<Module> layers = List.of(
                    new Dense(engine, name + ".0", 2 * d + 2 + conditionWidth, h, Activation.RELU, init, rng),
                    new Dense(engine, name + ".1", h, h, Activation.RELU, init, rng),
                    new Dense(engine, name + ".2", h, 3 * d, Activation.IDENTITY, init, rng));
            return new Sequential(layers);
        }

        private static Sequential net(Engine engine, String name, int d, int h) {
            // Initial values are overwritten by the model's weights; the init here only fills the tensors.
            VarianceScaling init = VarianceScaling.glorotUniform();
            SplittableRandom rng = new SplittableRandom(0);
            List<Module> layers = List.of(
                    new Dense(engine, name + ".0", 2 * d + 2, h, Activation.RELU, init, rng),
                    new Dense(engine, name + ".1", h, h, Activation.RELU, init, rng),
                    new Dense(engine, name + ".2", h, 3 * d, Activation.IDENTITY, init, rng));
            return new Sequential(layers);
        }
    }

    /**
     * Per-chain constants of one proposal: the direction indicators ({@code n x 1}: d = +-1, fw = [d = +1],
     * bk = 1 - fw) and the model's per-step constants; the fused ops pick each chain's mask and time embedding
     * from them.
     */
    public static final class Plan {
        final Tensor dir;
        final Tensor fw;
        final Tensor bk;
        final Constants constants;

        private Plan(Tensor dir, Tensor fw, Constants constants) {
            this.dir = dir;
            this.fw = fw;
            this.bk = fw.rsub(1.0);
            this.constants = constants;
        }

        /**
         * The plan from direction tensors on the engine ({@code n x 1}: d = +-1 and fw = [d = +1]): nothing is
         * copied to the device.
         */
        public static Plan of(Constants constants, Tensor dir, Tensor fw) {
            return new Plan(dir, fw, constants);
        }

        /** @param direction +1 or -1 per chain */
        public Plan(Engine engine, L2hmcModel model, double[] direction) {
            this(directions(engine, direction, false), directions(engine, direction, true),
                    new Constants(engine, model));
        }

        private static Tensor directions(Engine engine, double[] direction, boolean indicator) {
            int n = direction.length;
            double[] d = new double[n];
            for (int c = 0; c < n; c++) {
                if (direction[c] != 1.0 && direction[c] != -1.0) {
                    throw new IllegalArgumentException("direction[" + c + "]: " + direction[c] + "; allowed: +1 or -1");
                }
                d[c] = indicator ? (direction[c] > 0 ? 1.0 : 0.0) : direction[c];
            }
            return engine.wrap(n, 1, d);
        }

        /** The first x half's kept mask of pass step k per chain ({@code n x D}; the unfused reference). */
        Tensor keep(int k) {
            return fw.mul(constants.maskForward[k]).add(bk.mul(constants.maskBackward[k]));
        }

        /** The time embedding of pass step k per chain ({@code n x 2}; the unfused reference). */
        Tensor tau(int k) {
            return fw.mul(constants.tauForward[k]).add(bk.mul(constants.tauBackward[k]));
        }
    }

    /**
     * A model's per-step plan constants on an engine, uploaded once: for pass step k the first x half's kept
     * mask of a forward chain (mask k) and of a backward chain (1 - mask(M-1-k)), each {@code 1 x D}, and the
     * time embeddings tau(k) and tau(M-1-k) ({@code 1 x 2}).
     */
    public static final class Constants {
        final Tensor[] maskForward;
        final Tensor[] maskBackward;
        final Tensor[] tauForward;
        final Tensor[] tauBackward;

        public Constants(Engine engine, L2hmcModel model) {
            int steps = model.steps();
            int dim = model.dimension();
            double[] tauData = model.tauData();
            maskForward = new Tensor[steps];
            maskBackward = new Tensor[steps];
            tauForward = new Tensor[steps];
            tauBackward = new Tensor[steps];
            for (int k = 0; k < steps; k++) {
                int[] mf = model.mask(k);
                int[] mb = model.mask(steps - 1 - k);
                double[] f = new double[dim];
                double[] b = new double[dim];
                for (int i = 0; i < dim; i++) {
                    f[i] = mf[i];
                    b[i] = 1 - mb[i];
                }
                int tb = steps - 1 - k;
                maskForward[k] = engine.wrap(1, dim, f);
                maskBackward[k] = engine.wrap(1, dim, b);
                tauForward[k] = engine.wrap(1, 2, new double[] {tauData[2 * k], tauData[2 * k + 1]});
                tauBackward[k] = engine.wrap(1, 2, new double[] {tauData[2 * tb], tauData[2 * tb + 1]});
            }
        }
    }

    /**
     * A proposal: new position and momentum, log |det J| of the map, the log density at the new position and
     * the log acceptance ratio {@code H(x, v) - H(x', v') + log|det J|} with H = -beta log p + |v|^2 / 2.
     */
    public record Proposal(Tensor position, Tensor momentum, Tensor logJacobian, Tensor logDensity,
                           Tensor logAcceptance) {
    }

    /**
     * Proposes from (x, v) for every chain (rows), at inverse temperature {@code beta} (1 for sampling;
     * training may anneal). {@code logDensity0} is log p(x) per chain ({@code n x 1}). Each of the four updates
     * of a step is one fused op of {@link L2hmcOps} on the state [x | v | log-det] (and one for each network
     * input), instead of the dozens of element-wise ops of {@link #proposeReference}, which it equals.
     */
    public static Proposal propose(Parameters p, L2hmcModel model, BatchedDensity target, double beta, Plan plan,
                                   Tensor x, Tensor v, Tensor logDensity0) {
        int dim = model.dimension();
        Constants k0 = plan.constants;
        Tensor eps = p.logEps().exp();
        Tensor gU = TargetOps.gradLogDensity(target, x).mul(-beta);
        Tensor z = Tensor.concatCols(x, v, plan.fw.mul(0.0)); // log-det starts at 0 (fw is 0 or 1: exact zeros)
        Tensor lp = logDensity0;
        for (int k = 0; k < model.steps(); k++) {
            z = L2hmcOps.vUpdate(z, gU, p.vNet().forward(L2hmcOps.inputV(z, gU, plan.fw, k0, k)), p.vLogS(),
                    p.vLogQ(), eps, plan.fw);
            for (int half = 0; half < 2; half++) {
                Tensor raw = p.xNet().forward(L2hmcOps.inputX(z, plan.fw, k0, k, half));
                z = L2hmcOps.xUpdate(z, raw, p.xLogS(), p.xLogQ(), eps, plan.fw, k0, k, half);
            }
            x = z.sliceCols(0, dim);
            lp = TargetOps.logDensity(target, x);
            gU = TargetOps.gradLogDensity(target, x).mul(-beta);
            z = L2hmcOps.vUpdate(z, gU, p.vNet().forward(L2hmcOps.inputV(z, gU, plan.fw, k0, k)), p.vLogS(),
                    p.vLogQ(), eps, plan.fw);
        }
        return new Proposal(z.sliceCols(0, dim), z.sliceCols(dim, 2 * dim), z.sliceCols(2 * dim, 2 * dim + 1), lp,
                null);
    }

    /** The same proposal as element-wise tensor ops (the form before {@link L2hmcOps}; tests compare the two). */
    static Proposal proposeReference(Parameters p, L2hmcModel model, BatchedDensity target, double beta, Plan plan,
                                     Tensor x, Tensor v, Tensor logDensity0) {
        return proposeIn(p, model, new TargetField(target), null, beta, plan, x, v, logDensity0);
    }

    /**
     * The element-wise transition for any density ({@link Field}); {@code condition} (or null) joins every network
     * input. Serves {@link #proposeReference} and the conditioned transition of {@link #proposeConditioned}.
     */
    private static Proposal proposeIn(Parameters p, L2hmcModel model, Field target, Tensor condition, double beta,
                                      Plan plan, Tensor x, Tensor v, Tensor logDensity0) {
        int dim = model.dimension();
        Tensor eps = p.logEps().exp();
        Tensor halfEps = eps.mul(0.5);
        Tensor gU = target.gradient(x).mul(-beta);
        Tensor ld = null;
        Tensor lp = logDensity0;
        for (int k = 0; k < model.steps(); k++) {
            Tensor tau = plan.tau(k);
            // v half-step at x
            Tensor[] sv = heads(p.vNet(), p.vLogS(), p.vLogQ(), input(x, gU, tau, condition), dim);
            Tensor a = sv[0].mul(halfEps);
            Tensor c = gU.mul(sv[2].mul(eps).exp()).add(sv[1]).mul(halfEps);
            Tensor ad = a.mul(plan.dir);
            v = v.add(c.mul(plan.bk)).mul(ad.exp()).sub(c.mul(plan.fw));
            ld = ld == null ? ad.sumCols() : ld.add(ad.sumCols());
            // the two x halves: first the coordinates the mask leaves out, then the others
            Tensor keep = plan.keep(k);
            for (int half = 0; half < 2; half++) {
                Tensor kept = half == 0 ? keep : keep.rsub(1.0);
                Tensor upd = kept.rsub(1.0);
                Tensor[] sx = heads(p.xNet(), p.xLogS(), p.xLogQ(), input(kept.mul(x), v, tau, condition), dim);
                Tensor s = sx[0].mul(eps);
                Tensor cx = v.mul(sx[2].mul(eps).exp()).add(sx[1]).mul(eps);
                Tensor sd = s.mul(plan.dir);
                Tensor moved = x.sub(cx.mul(plan.bk)).mul(sd.exp()).add(cx.mul(plan.fw));
                x = kept.mul(x).add(upd.mul(moved));
                ld = ld.add(upd.mul(s).mul(plan.dir).sumCols());
            }
            // v half-step at the new x
            Tensor[] lg = target.valueAndGradient(x);
            lp = lg[0];
            gU = lg[1].mul(-beta);
            Tensor[] sv2 = heads(p.vNet(), p.vLogS(), p.vLogQ(), input(x, gU, tau, condition), dim);
            Tensor a2 = sv2[0].mul(halfEps);
            Tensor c2 = gU.mul(sv2[2].mul(eps).exp()).add(sv2[1]).mul(halfEps);
            Tensor ad2 = a2.mul(plan.dir);
            v = v.add(c2.mul(plan.bk)).mul(ad2.exp()).sub(c2.mul(plan.fw));
            ld = ld.add(ad2.sumCols());
        }
        return new Proposal(x, v, ld, lp, null);
    }

    private static Tensor input(Tensor a, Tensor b, Tensor tau, Tensor condition) {
        return condition == null ? Tensor.concatCols(a, b, tau) : Tensor.concatCols(a, b, tau, condition);
    }

    /** The proposal with its log acceptance ratio, given the starting momentum {@code v0}. */
    public static Proposal proposeWithAcceptance(Parameters p, L2hmcModel model, BatchedDensity target, double beta,
                                                 Plan plan, Tensor x, Tensor v0, Tensor logDensity0) {
        Proposal q = propose(p, model, target, beta, plan, x, v0, logDensity0);
        Tensor h0 = v0.square().sumCols().mul(0.5).sub(logDensity0.mul(beta));
        Tensor h1 = q.momentum().square().sumCols().mul(0.5).sub(q.logDensity().mul(beta));
        Tensor logA = h0.sub(h1).add(q.logJacobian());
        return new Proposal(q.position(), q.momentum(), q.logJacobian(), q.logDensity(), logA);
    }

    /** S, T, Q of a network on its input. */
    static Tensor[] heads(Sequential net, Tensor logS, Tensor logQ, Tensor in, int dim) {
        Tensor raw = net.forward(in);
        Tensor s = raw.sliceCols(0, dim).tanh().mul(logS.exp());
        Tensor t = raw.sliceCols(dim, 2 * dim);
        Tensor q = raw.sliceCols(2 * dim, 3 * dim).tanh().mul(logQ.exp());
        return new Tensor[] {s, t, q};
    }

    /**
     * The L2HMC loss per chain, weighted and summed: with delta = |x - x'|^2 A + 1e-4 (the released code's
     * guard against 0), l = scale / delta - delta / scale (scale = lambda^2 = 0.1 there).
     *
     * @param weights per-chain weights ({@code n x 1}): 1/n for chains from p, lambda_b / n for chains from q
     */
    public static Tensor loss(Tensor x, Proposal q, Tensor weights, double scale) {
        Tensor accept = q.logAcceptance().clamp(-Double.MAX_VALUE, 0.0).exp();
        Tensor delta = x.sub(q.position()).square().sumCols().mul(accept).add(1e-4);
        Tensor l = delta.reciprocal().mul(scale).sub(delta.mul(1.0 / scale));
        return l.mul(weights).sum();
    }

    /**
     * {@link #loss} on a standardised squared jump: delta = sum_d (x_d - x'_d)^2 w_d A + 1e-4 with per-coordinate
     * weights {@code w_d} ({@code 1 x D}, e.g. 1 / s_d^2 for a scale s_d of coordinate d), so that narrow
     * coordinates count as much as wide ones. With every w_d = 1 it equals {@link #loss} bit for bit. The weights
     * are used as given: pass a tensor that records no gradient to keep them constant.
     */
    public static Tensor loss(Tensor x, Proposal q, Tensor weights, double scale, Tensor jumpWeights) {
        if (jumpWeights.rows() != 1 || jumpWeights.cols() != x.cols()) {
            throw new IllegalArgumentException("jump weights: " + jumpWeights.rows() + " x " + jumpWeights.cols()
                    + "; allowed: 1 x " + x.cols() + " (one per coordinate)");
        }
        Tensor accept = q.logAcceptance().clamp(-Double.MAX_VALUE, 0.0).exp();
        Tensor delta = x.sub(q.position()).square().mul(jumpWeights).sumCols().mul(accept).add(1e-4);
        Tensor l = delta.reciprocal().mul(scale).sub(delta.mul(1.0 / scale));
        return l.mul(weights).sum();
    }

    // ---- a density given as tensor operations, and a conditioning input (the L2HMC-DGLM's seam) ----

    /** What the transition needs of its density: the gradient of log p, and log p with its gradient. */
    private interface Field {
        Tensor gradient(Tensor x);

        Tensor[] valueAndGradient(Tensor x);
    }

    /** A {@link BatchedDensity} through {@link TargetOps} (the same ops, in the same order, as before the seam). */
    private record TargetField(BatchedDensity target) implements Field {
        @Override
        public Tensor gradient(Tensor x) {
            return TargetOps.gradLogDensity(target, x);
        }

        @Override
        public Tensor[] valueAndGradient(Tensor x) {
            return new Tensor[] {TargetOps.logDensity(target, x), TargetOps.gradLogDensity(target, x)};
        }
    }

    /**
     * A log density written with tensor operations, {@code rows x dimension -> rows x 1} (one density per row,
     * e.g. {@code log p(x_i, z)} through a decoder for row i's datapoint). Its gradient comes from
     * {@link Graph#grad} with a recorded graph while the engine records, so training differentiates through it
     * (second order through the decoder); under {@code noGrad} the gradient is a constant.
     */
    public static final class FunctionTarget implements Field {
        private final Function<Tensor, Tensor> logDensity;
        private final Tensor zeroLeaf;

        public FunctionTarget(Engine engine, Function<Tensor, Tensor> logDensity) {
            this.logDensity = logDensity;
            // added to a start position that records nothing, so that the gradient has a leaf to reach
            this.zeroLeaf = engine.variable(1, 1, new double[] {0.0});
        }

        /** log p per row ({@code rows x 1}). */
        public Tensor logDensity(Tensor x) {
            return checked(logDensity.apply(x), x);
        }

        @Override
        public Tensor gradient(Tensor x) {
            return valueAndGradient(x)[1];
        }

        @Override
        public Tensor[] valueAndGradient(Tensor x) {
            Engine e = x.engine();
            boolean outer = e.isGradEnabled();
            try (Engine.GradRegion r = e.enableGrad()) {
                Tensor xx = outer && x.requiresGrad() ? x : x.add(zeroLeaf);
                Tensor lp = checked(logDensity.apply(xx), x);
                Tensor g = Graph.grad(lp.sum(), xx, outer);
                return new Tensor[] {outer ? lp : lp.detach(), g};
            }
        }

        private static Tensor checked(Tensor lp, Tensor x) {
            if (lp.rows() != x.rows() || lp.cols() != 1) {
                throw new IllegalArgumentException("log density: returned shape " + lp.rows() + " x " + lp.cols()
                        + "; allowed: " + x.rows() + " x 1 (one value per row of the position)");
            }
            return lp;
        }
    }

    /**
     * {@link #propose} for a density given as tensor operations, with a conditioning input ({@code rows x C},
     * e.g. an encoding of each row's datapoint) appended to every network input; {@code p} must come from
     * {@link Parameters#conditioned} with width C.
     */
    public static Proposal proposeConditioned(Parameters p, L2hmcModel model, FunctionTarget target, Tensor condition,
                                              double beta, Plan plan, Tensor x, Tensor v, Tensor logDensity0) {
        if (condition.rows() != x.rows()) {
            throw new IllegalArgumentException("condition: " + condition.rows() + " rows; allowed: one per chain ("
                    + x.rows() + ")");
        }
        return proposeIn(p, model, target, condition, beta, plan, x, v, logDensity0);
    }

    /** {@link #proposeConditioned} with its log acceptance ratio, given the starting momentum {@code v0}. */
    public static Proposal proposeConditionedWithAcceptance(Parameters p, L2hmcModel model, FunctionTarget target,
                                                            Tensor condition, double beta, Plan plan, Tensor x,
                                                            Tensor v0, Tensor logDensity0) {
        Proposal q = proposeConditioned(p, model, target, condition, beta, plan, x, v0, logDensity0);
        Tensor h0 = v0.square().sumCols().mul(0.5).sub(logDensity0.mul(beta));
        Tensor h1 = q.momentum().square().sumCols().mul(0.5).sub(q.logDensity().mul(beta));
        return new Proposal(q.position(), q.momentum(), q.logJacobian(), q.logDensity(), h0.sub(h1).add(q.logJacobian()));
    }
}
