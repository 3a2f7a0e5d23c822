package org.leapfrog.vae.dglm;

import java.util.ArrayList;
import java.util.List;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.samplers.l2hmc.L2hmcGraph;
import org.leapfrog.vae.data.Mnist;
import org.leapfrog.vae.model.Gaussian;
import org.leapfrog.vae.model.Vae;

/**
 * The L2HMC-DGLM: a {@link Vae} whose posterior draws {@code z0 ~ q(z|x)} are refined by K Metropolis-Hastings
 * transitions of a {@link ConditionedL2hmc} kernel targeting {@code p(z|x)}, i.e. {@code log p(x, z)} for each
 * row's x. With no kernel ({@code mhSteps = 0}) it is the plain VAE.
 */
public final class Dglm {
    private final DglmSettings settings;
    private final Vae vae;
    private final ConditionedL2hmc kernel;

    public Dglm(DglmSettings settings, Vae vae, ConditionedL2hmc kernel) {
        if ((kernel == null) != (settings.mhSteps() == 0)) {
            throw new IllegalArgumentException("kernel: " + (kernel == null ? "none" : "present") + " with mhSteps "
                    + settings.mhSteps() + "; allowed: a kernel exactly when mhSteps > 0");
        }
        this.settings = settings;
        this.vae = vae;
        this.kernel = kernel;
    }

    /** A fresh model from the settings' seed; the decoder's output bias at the logit of {@code meanIntensity}. */
    public static Dglm build(Engine engine, DglmSettings s, double[] meanIntensity) {
        Vae vae = s.architecture().build(engine, meanIntensity, s.seed());
        ConditionedL2hmc k = s.mhSteps() == 0 ? null : new ConditionedL2hmc(engine, s.latent(), Mnist.PIXELS,
                s.leapfrogSteps(), s.samplerHidden(), s.conditionWidth(), s.conditionHidden(), s.initialStepSize(),
                s.seed() + 17);
        return new Dglm(s, vae, k);
    }

    public DglmSettings settings() {
        return settings;
    }

    public Vae vae() {
        return vae;
    }

    /** The kernel, or null for the plain VAE. */
    public ConditionedL2hmc kernel() {
        return kernel;
    }

    public boolean refines() {
        return kernel != null;
    }

    /** The target of the kernel for a batch x: {@code z -> log p(x_i, z_i)} per row. */
    public L2hmcGraph.FunctionTarget target(Tensor x) {
        return new L2hmcGraph.FunctionTarget(x.engine(), z -> vae.logJoint(x, z));
    }

    /** Encoder, decoder, then (for the DGLM) sampler parameters. */
    public List<Tensor> parameters() {
        List<Tensor> l = new ArrayList<>(vae.parameters());
        if (kernel != null) {
            l.addAll(kernel.parameters());
        }
        return l;
    }

    /**
     * The encoder's objective, the ELBO with the closed-form KL and one reparameterised draw
     * {@code z0 = mu + sigma eps} from {@code q = encoder(x)}: {@code mean_i log p(x_i|z0_i) - KL(q(z|x_i) || N(0, I))} (1 x 1).
     */
    public Tensor elbo(Tensor x, Gaussian q, Tensor eps) {
        return vae.decoder().logLikelihood(x, q.sample(eps)).sub(q.klToStandardNormal()).mean();
    }

    /** The decoder's objective on refined draws: {@code mean_i log p(x_i, z_i)} with {@code z} a constant (1 x 1). */
    public Tensor decoderObjective(Tensor x, Tensor z) {
        return vae.logJoint(x, z.detach()).mean();
    }

    /**
     * K transitions from {@code z0} for the rows of {@code x}: the final state, its log density, the mean
     * acceptance probability over rows and steps, and (when {@code scaleSq} is given) the sampler's loss.
     */
    public record Chain(Tensor z, Tensor logDensity, double acceptance, Tensor samplerLoss) {
    }

    /**
     * Runs {@code steps} transitions of the kernel from {@code z0} (a constant). Transition t uses iteration
     * {@code iterationBase + t} of the random streams. With {@code scaleSq} ({@code rows x latent}, the squared
     * scale per coordinate) the loss {@link DglmLoss#sampler} of each transition is averaged into
     * {@link Chain#samplerLoss}.
     */
    public Chain refine(Tensor x, Tensor z0, int steps, long seed, int iterationBase, Tensor scaleSq) {
        if (kernel == null) {
            throw new IllegalStateException("refine: this model has no kernel (mhSteps = 0)");
        }
        L2hmcGraph.FunctionTarget target = target(x);
        Tensor cond = kernel.condition(x);
        Tensor z = z0.detach();
        Tensor lp;
        try (Engine.GradRegion g = x.engine().noGrad()) {
            lp = target.logDensity(z);
        }
        Tensor loss = null;
        double acc = 0;
        for (int t = 0; t < steps; t++) {
            ConditionedL2hmc.Step s = kernel.step(target, cond, z, lp, seed, iterationBase + t);
            if (scaleSq != null) {
                Tensor term = DglmLoss.sampler(z, s.proposal(), scaleSq).mul(1.0 / steps);
                loss = loss == null ? term : loss.add(term);
            }
            acc += s.meanAcceptance() / steps;
            z = s.next();
            lp = s.nextLogDensity();
        }
        return new Chain(z, lp, acc, loss);
    }
}
