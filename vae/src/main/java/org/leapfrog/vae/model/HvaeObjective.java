package org.leapfrog.vae.model;

import java.util.List;
import java.util.Locale;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.vae.hvae.FlowSettings;
import org.leapfrog.vae.hvae.HamiltonianFlow;
import org.leapfrog.vae.hvae.HvaeElbo;
import org.leapfrog.vae.hvae.StepSizeMode;
import org.leapfrog.vae.hvae.TemperingMode;

/**
 * The Hamiltonian VAE's objective (Caterini et al. 2018, eq. 12) as an {@link Objective}: z0 from the encoder by
 * reparameterisation with the VAE's own noise ({@link VaeStreams#PURPOSE_LATENT}, so K = 0 reproduces
 * {@link VaeElbo}), momenta from {@link VaeStreams#PURPOSE_OBJECTIVE_BASE} + 1, then the flow's K leapfrog and
 * tempering steps on {@code log p(x, z)} ({@link HvaeElbo}, {@link HamiltonianFlow}). Trains on the
 * Rao-Blackwellised ELBO; {@link #logWeight} is {@code log p_hat(x)} for importance sampling. The flow's step
 * sizes and tempering are the objective's parameters.
 */
public final class HvaeObjective implements Objective {
    public static final int PURPOSE_MOMENTUM = VaeStreams.PURPOSE_OBJECTIVE_BASE + 1;
    private final HamiltonianFlow flow;

    public HvaeObjective(Engine engine, int latent, FlowSettings settings) {
        this.flow = new HamiltonianFlow(engine, latent, settings);
    }

    /** The paper's MNIST code's start ({@link FlowSettings#mnist}) with K, tempering and step-size mode. */
    public static FlowSettings settings(int steps, TemperingMode tempering, StepSizeMode stepSizes) {
        return FlowSettings.mnist(steps, tempering, stepSizes);
    }

    /** A row name such as {@code hvae-k10-free-varied}. */
    public static String name(FlowSettings s) {
        return "hvae-k" + s.steps() + "-" + s.tempering().name().toLowerCase(Locale.ROOT) + "-"
                + (s.stepSizes() == StepSizeMode.PER_STEP ? "varied" : "shared");
    }

    public HamiltonianFlow flow() {
        return flow;
    }

    @Override
    public String name() {
        return name(flow.settings());
    }

    private HvaeElbo.Estimate estimate(Vae model, Tensor x, long seed, int iteration) {
        Gaussian q = model.encoder().encode(x);
        HvaeElbo.Noise noise = HvaeElbo.Noise.draw(x.engine(), x.rows(), q.latent(), seed, iteration,
                VaeStreams.PURPOSE_LATENT, PURPOSE_MOMENTUM);
        return HvaeElbo.estimate(q.mu(), q.logSigma(), noise, z -> model.logJoint(x, z), flow);
    }

    @Override
    public Tensor logWeight(Vae model, Tensor x, long seed, int iteration) {
        return estimate(model, x, seed, iteration).logWeight();
    }

    @Override
    public Tensor elbo(Vae model, Tensor x, long seed, int iteration) {
        return estimate(model, x, seed, iteration).elbo();
    }

    @Override
    public List<Tensor> parameters() {
        return flow.parameters();
    }
}
