package org.leapfrog.samplers.neural;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.TargetOps;
import org.leapfrog.runtime.tensor.nn.Activation;
import org.leapfrog.runtime.tensor.nn.Dense;
import org.leapfrog.runtime.tensor.nn.Networks;
import org.leapfrog.runtime.tensor.nn.VarianceScaling;
import org.leapfrog.samplers.target.Target;

/**
 * The coupling flow, the proposal and the training loss as tensor operations (what training differentiates):
 * the same transition as {@link NeuralKernels}, with the networks as {@link Dense} layers whose parameters, in
 * order, pack into exactly {@link NeuralFlow}'s flat layout. The target's gradient at x + R is
 * {@link TargetOps#gradLogDensity}, whose backward rule is the target's Hessian-vector product, so the loss's
 * gradient flows through R. Positions and noise are {@code chains x D} tensors.
 */
public final class NeuralGraph {
    private final Engine engine;
    private final NeuralFlow flow;
    private final Target target;
    private final List<Dense> layers = new ArrayList<>();
    private final List<Tensor> parameters = new ArrayList<>();
    private final Tensor logEps;
    private final Tensor[] keepMask;
    private final Tensor[] keepRest;

    public NeuralGraph(Engine engine, NeuralFlow flow, Target target, double[] weights) {
        if (target.dimension() != flow.dimension()) {
            throw new IllegalArgumentException("target '" + target.name() + "': dimension " + target.dimension()
                    + "; allowed: the flow's dimension " + flow.dimension());
        }
        flow.checkWeights(weights);
        this.engine = engine;
        this.flow = flow;
        this.target = target;
        VarianceScaling init = VarianceScaling.glorotUniform();
        SplittableRandom rng = new SplittableRandom(0);
        for (NeuralFlow.LayerSlot s : flow.layers()) {
            Dense d = new Dense(engine, s.name(), s.in(), s.out(), activation(s.activation()), init, rng);
            layers.add(d);
            parameters.addAll(d.parameters());
        }
        logEps = engine.parameter("logEps", 1, 1);
        parameters.add(logEps);
        setWeights(weights);
        int dim = flow.dimension();
        keepMask = new Tensor[flow.steps()];
        keepRest = new Tensor[flow.steps()];
        double[] m = flow.maskValues();
        for (int k = 0; k < flow.steps(); k++) {
            double[] a = new double[dim];
            double[] b = new double[dim];
            for (int d = 0; d < dim; d++) {
                a[d] = m[k * dim + d];
                b[d] = 1.0 - a[d];
            }
            keepMask[k] = engine.wrap(1, dim, a);
            keepRest[k] = engine.wrap(1, dim, b);
        }
    }

    public Engine engine() {
        return engine;
    }

    public NeuralFlow flow() {
        return flow;
    }

    /** The trainable tensors in layout order (layer weights and biases, then log eps). */
    public List<Tensor> parameters() {
        return parameters;
    }

    public Tensor logEps() {
        return logEps;
    }

    /** The current weights in the flat layout (a host copy). */
    public double[] weights() {
        return Networks.pack(parameters);
    }

    public void setWeights(double[] weights) {
        flow.checkWeights(weights);
        Networks.unpack(weights, 0, parameters);
    }

    /** The flow's output and log |det|: z (or v, reversed) {@code chains x D} and {@code chains x 1}. */
    public record FlowResult(Tensor v, Tensor logDet) {
    }

    /** The flow f(v; x) (reverse: its inverse applied to v). */
    public FlowResult flow(Tensor x, Tensor v, boolean reverse) {
        Tensor et = logEps.exp().mul(1.0 / (2.0 * flow.steps()));
        Tensor logDet = null;
        int steps = flow.steps();
        for (int s = 0; s < steps; s++) {
            int k = reverse ? steps - 1 - s : s;
            for (int h = 0; h < 2; h++) {
                boolean keepM = reverse ? h == 1 : h == 0;
                Tensor keep = keepM ? keepMask[k] : keepRest[k];
                Tensor upd = keepM ? keepRest[k] : keepMask[k];
                Tensor kept = v.mul(keep);
                Tensor r = net(1, k, Tensor.concatCols(x, kept));
                Tensor gE = TargetOps.gradLogDensity(target, x.add(r)).neg();
                Tensor out = net(0, k, Tensor.concatCols(x, kept, gE));
                int dim = flow.dimension();
                Tensor sc = out.sliceCols(0, dim);
                Tensor q = out.sliceCols(dim, 2 * dim);
                Tensor t = out.sliceCols(2 * dim, 3 * dim);
                Tensor drift = gE.mul(q.exp()).add(t);
                Tensor moved = reverse ? v.add(drift.mul(et)).mul(sc.neg().exp()) : v.mul(sc.exp()).sub(drift.mul(et));
                v = kept.add(moved.mul(upd));
                Tensor ld = (reverse ? sc.neg() : sc).mul(upd).sumCols();
                logDet = logDet == null ? ld : logDet.add(ld);
            }
        }
        return new FlowResult(v, logDet);
    }

    /** Network {@code which} (0: V, 1: R) of step k: input layer k, the shared middle layers, output layer k. */
    private Tensor net(int which, int k, Tensor in) {
        int steps = flow.steps();
        int base = which == 0 ? 0 : 2 * steps + 3;
        Tensor h = layers.get(base + k).forward(in);
        for (int j = 0; j < 3; j++) {
            h = layers.get(base + steps + j).forward(h);
        }
        return layers.get(base + steps + 3 + k).forward(h);
    }

    /**
     * One proposal from x with noise v0 and its MH terms.
     *
     * @param xPrime        the proposal x + eps z
     * @param logAccept     log a per chain
     * @param logDetForward log |det| of the forward flow
     * @param logDetReverse log |det| of the reverse flow from x' on -z
     * @param vPrime        the reverse flow's output
     * @param logDensityPrime log p(x')
     */
    public record Proposal(Tensor xPrime, Tensor logAccept, Tensor logDetForward, Tensor logDetReverse,
                           Tensor vPrime, Tensor logDensityPrime) {
    }

    /** The proposal from positions x (log densities {@code logDensity}, {@code chains x 1}) and noise v0. */
    public Proposal propose(Tensor x, Tensor logDensity, Tensor v0) {
        Tensor e0 = v0.square().sumCols().mul(0.5);
        FlowResult fwd = flow(x, v0, false);
        Tensor xp = x.add(fwd.v().mul(logEps.exp()));
        FlowResult rev = flow(xp, fwd.v().neg(), true);
        Tensor e1 = rev.v().square().sumCols().mul(0.5);
        Tensor lp1 = TargetOps.logDensity(target, xp);
        Tensor logA = e0.sub(e1).add(lp1.sub(logDensity)).add(fwd.logDet().add(rev.logDet()));
        return new Proposal(xp, logA, fwd.logDet(), rev.logDet(), rev.v(), lp1);
    }

    /**
     * The paper's loss, averaged over chains: {@code -min(log a, 0) - beta (log|det| forward + D log eps)}.
     */
    public Tensor loss(Proposal p, double beta) {
        Tensor clipped = p.logAccept().clamp(Double.NEGATIVE_INFINITY, 0.0);
        Tensor entropy = p.logDetForward().add(logEps.mul((double) flow.dimension()));
        return clipped.neg().sub(entropy.mul(beta)).mean();
    }

    /** The same loss with beta a {@code 1 x 1} tensor on the engine (device-resident training steers it there). */
    public Tensor loss(Proposal p, Tensor beta) {
        Tensor clipped = p.logAccept().clamp(Double.NEGATIVE_INFINITY, 0.0);
        Tensor entropy = p.logDetForward().add(logEps.mul((double) flow.dimension()));
        return clipped.neg().sub(entropy.mul(beta)).mean();
    }

    /** Standard normals keyed as the kernel's noise (chain r of iteration {@code iteration}). */
    public Tensor noise(int chains, long seed, int iteration) {
        return engine.normal(chains, flow.dimension(), seed, org.leapfrog.kernels.RandomStream.PURPOSE_MOMENTUM,
                iteration);
    }

    private static Activation activation(org.leapfrog.kernels.nn.NetworkActivation a) {
        return switch (a) {
            case ELU -> Activation.ELU;
            case TANH -> Activation.TANH;
            case IDENTITY -> Activation.IDENTITY;
            default -> throw new IllegalArgumentException("activation: " + a + "; allowed: ELU, TANH or IDENTITY");
        };
    }
}
