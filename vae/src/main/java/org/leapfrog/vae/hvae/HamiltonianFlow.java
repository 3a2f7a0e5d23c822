package org.leapfrog.vae.hvae;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.samplers.his.FlowOps;

/**
 * The HVAE's differentiable tempered Hamiltonian flow (Caterini et al. 2018, Algorithm 1) over a batch:
 * from (z0, rho0 = gamma / sqrt(beta0)) it runs K steps, each one leapfrog step on log p(x, z) followed by the
 * momentum scaling alpha_k, with the updates of {@link FlowOps} (the element updates {@code HisFlow} runs). The
 * gradients of log p(x, z) in z are taken by the tensor engine with {@code createGraph}, so the returned z_K and
 * rho_K are differentiable in the model's parameters (theta, through log p), in the encoder's (phi, through z0)
 * and in the flow's own: the step sizes eps = xi sigmoid(logit) (shared or per step) and the tempering
 * (beta0 = 1 / (1 + e^tau)^2 for FIXED, alpha_k = sigmoid(a_k) for FREE). Parameters are leaves on the engine
 * given at construction; hand {@link #parameters()} to an optimizer.
 */
public final class HamiltonianFlow {
    private final Engine engine;
    private final int dim;
    private final FlowSettings settings;
    private final List<Tensor> stepLogits = new ArrayList<>();
    private final Tensor temperParam;
    /** Added to a position that is a constant, so that the engine can differentiate log p in it. */
    private final Tensor zeroLeaf;

    public HamiltonianFlow(Engine engine, int dim, FlowSettings settings) {
        if (dim < 1) {
            throw new IllegalArgumentException("dim: " + dim + "; allowed: 1 or more");
        }
        this.engine = engine;
        this.dim = dim;
        this.settings = settings;
        int k = settings.steps();
        int n = k == 0 ? 0 : settings.stepSizes() == StepSizeMode.SHARED ? 1 : k;
        double logit = Math.log(settings.initialStepSize() / (settings.maxStepSize() - settings.initialStepSize()));
        for (int i = 0; i < n; i++) {
            Tensor t = engine.parameter(n == 1 ? "hvae.eps" : "hvae.eps" + (i + 1), 1, dim);
            t.assign(filled(dim, logit));
            stepLogits.add(t);
        }
        double b0 = settings.initialBeta0();
        if (k > 0 && settings.tempering() == TemperingMode.FIXED) {
            temperParam = engine.parameter("hvae.tau", 1, 1);
            temperParam.assign(new double[] {Math.log(1.0 / Math.sqrt(b0) - 1.0)});
        } else if (k > 0 && settings.tempering() == TemperingMode.FREE) {
            temperParam = engine.parameter("hvae.alphaLogits", 1, k);
            double a = Math.pow(b0, 1.0 / (2.0 * k));
            temperParam.assign(filled(k, Math.log(a / (1.0 - a))));
        } else {
            temperParam = null;
        }
        zeroLeaf = engine.variable(1, 1, new double[] {0.0});
    }

    public FlowSettings settings() {
        return settings;
    }

    public int dimension() {
        return dim;
    }

    /** The flow's trainable leaves: step-size logits, then tau (FIXED) or the alpha logits (FREE). */
    public List<Tensor> parameters() {
        List<Tensor> p = new ArrayList<>(stepLogits);
        if (temperParam != null) {
            p.add(temperParam);
        }
        return p;
    }

    /** The step sizes of step k (1-based), {@code 1 x dim}. */
    public Tensor stepSize(int k) {
        if (k < 1 || k > settings.steps()) {
            throw new IllegalArgumentException("k: " + k + "; allowed: 1 to " + settings.steps());
        }
        Tensor logit = stepLogits.get(stepLogits.size() == 1 ? 0 : k - 1);
        return logit.sigmoid().mul(settings.maxStepSize());
    }

    /** The initial inverse temperature beta0 ({@code 1 x 1}; 1 without tempering or steps). */
    public Tensor beta0() {
        if (temperParam == null) {
            return engine.scalar(1.0);
        }
        if (settings.tempering() == TemperingMode.FIXED) {
            return temperParam.exp().add(1.0).square().reciprocal();
        }
        return temperParam.logSigmoid().sum().mul(2.0).exp();
    }

    /** alpha_1..alpha_K ({@code 1 x K}), or null without tempering. */
    public Tensor alphas() {
        if (temperParam == null) {
            return null;
        }
        if (settings.tempering() == TemperingMode.FIXED) {
            return FlowOps.fixedSchedule(beta0(), settings.steps());
        }
        return temperParam.sigmoid();
    }

    /**
     * Runs the flow from z0 ({@code n x dim}) with standard normal gamma ({@code n x dim}, rho0 = gamma / sqrt(beta0)).
     *
     * @param logJoint z ({@code n x dim}) to log p(x, z) per row ({@code n x 1}), written with tensor operations
     */
    public Trajectory run(Tensor z0, Tensor gamma, Function<Tensor, Tensor> logJoint) {
        int k = settings.steps();
        Tensor beta0 = beta0();
        List<Tensor> eps = new ArrayList<>();
        for (int i = 1; i <= k; i++) {
            eps.add(stepSize(i));
        }
        return integrate(z0, gamma, beta0, alphas(), eps, logJoint, zeroLeaf);
    }

    /**
     * The flow for given tensors (constants or functions of parameters): K = eps.size() steps with step sizes
     * eps.get(k - 1) ({@code 1 x dim}) and scalings {@code alphas} ({@code 1 x K}, or null for none), from z0 and
     * rho0 = gamma / sqrt(beta0). Used by {@link #run} and, with constants, to compare with {@code HisFlow}.
     */
    public static Trajectory integrate(Tensor z0, Tensor gamma, Tensor beta0, Tensor alphas, List<Tensor> eps,
                                       Function<Tensor, Tensor> logJoint) {
        return integrate(z0, gamma, beta0, alphas, eps, logJoint, z0.engine().variable(1, 1, new double[] {0.0}));
    }

    private static Trajectory integrate(Tensor z0, Tensor gamma, Tensor beta0, Tensor alphas, List<Tensor> eps,
                                        Function<Tensor, Tensor> logJoint, Tensor zeroLeaf) {
        if (gamma.rows() != z0.rows() || gamma.cols() != z0.cols()) {
            throw new IllegalArgumentException("gamma: shape " + gamma.rows() + " x " + gamma.cols()
                    + "; allowed: z0's shape " + z0.rows() + " x " + z0.cols());
        }
        if (alphas != null && (alphas.rows() != 1 || alphas.cols() != eps.size())) {
            throw new IllegalArgumentException("alphas: shape " + alphas.rows() + " x " + alphas.cols()
                    + "; allowed: 1 x " + eps.size() + " (one per step)");
        }
        Tensor rho0 = gamma.mul(beta0.sqrt().reciprocal());
        Tensor z = z0;
        Tensor p = rho0;
        Tensor[] lg = logJointAndGradient(z, logJoint, zeroLeaf);
        for (int k = 0; k < eps.size(); k++) {
            Tensor e = eps.get(k);
            p = FlowOps.kick(p, lg[1], e, 0.5);
            z = FlowOps.drift(z, p, e);
            lg = logJointAndGradient(z, logJoint, zeroLeaf);
            p = FlowOps.kick(p, lg[1], e, 0.5);
            if (alphas != null) {
                p = FlowOps.temper(p, alphas.sliceCols(k, k + 1));
            }
        }
        return new Trajectory(z0, rho0, beta0, z, p, lg[0]);
    }

    /**
     * log p(x, z) per row and its gradient in z. The gradient is recorded (differentiable in z and the
     * parameters, to any order) when the engine records; under {@code noGrad} it is a constant, computed with
     * recording on. Taking it traverses the graph behind z, so K steps cost O(K^2) graph bookkeeping (node
     * visits, not launches: small next to the K launches of log p and its gradient for the K of the paper).
     */
    private static Tensor[] logJointAndGradient(Tensor z, Function<Tensor, Tensor> logJoint, Tensor zeroLeaf) {
        Engine e = z.engine();
        boolean outer = e.isGradEnabled();
        try (Engine.GradRegion r = e.enableGrad()) {
            Tensor zz = outer && z.requiresGrad() ? z : z.add(zeroLeaf);
            Tensor lp = logJoint.apply(zz);
            if (lp.rows() != z.rows() || lp.cols() != 1) {
                throw new IllegalArgumentException("logJoint: returned shape " + lp.rows() + " x " + lp.cols()
                        + "; allowed: " + z.rows() + " x 1 (one log density per row of z)");
            }
            Tensor g = Graph.grad(lp.sum(), zz, outer);
            return new Tensor[] {outer ? lp : lp.detach(), g};
        }
    }

    /**
     * The flow's path ends: z0, rho0, beta0 (1 x 1), z_K, rho_K, and log p(x, z_K) per row ({@code n x 1}).
     */
    public record Trajectory(Tensor z0, Tensor rho0, Tensor beta0, Tensor zK, Tensor rhoK, Tensor logJointK) {
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
