package org.leapfrog.vae.model;

import org.leapfrog.runtime.tensor.Tensor;

/**
 * The VAE's ELBO with one reparameterised draw: {@code z = mu + sigma eps},
 * {@code log w = log p(x|z) + log N(z; 0, I) - log q(z|x)}. With {@code analyticKl} the training objective uses
 * the closed-form KL instead ({@code log p(x|z) - KL(q || p)}, same expectation, lower variance); the importance
 * weight for log-likelihood estimates is always the Monte Carlo form.
 */
public final class VaeElbo implements Objective {
    private final boolean analyticKl;

    public VaeElbo(boolean analyticKl) {
        this.analyticKl = analyticKl;
    }

    /** The Monte Carlo form in training too (what an HVAE with K = 0 reproduces). */
    public static VaeElbo monteCarlo() {
        return new VaeElbo(false);
    }

    @Override
    public String name() {
        return "vae";
    }

    @Override
    public Tensor logWeight(Vae model, Tensor x, long seed, int iteration) {
        Gaussian q = model.encoder().encode(x);
        Tensor eps = x.engine().normal(x.rows(), q.latent(), seed, VaeStreams.PURPOSE_LATENT, iteration);
        Tensor z = q.sample(eps);
        return model.logJoint(x, z).sub(q.logDensityOfSample(eps));
    }

    @Override
    public Tensor elbo(Vae model, Tensor x, long seed, int iteration) {
        if (!analyticKl) {
            return logWeight(model, x, seed, iteration);
        }
        Gaussian q = model.encoder().encode(x);
        Tensor eps = x.engine().normal(x.rows(), q.latent(), seed, VaeStreams.PURPOSE_LATENT, iteration);
        return model.decoder().logLikelihood(x, q.sample(eps)).sub(q.klToStandardNormal());
    }
}
