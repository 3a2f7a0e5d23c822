package org.leapfrog.vae.model;

import org.leapfrog.runtime.tensor.Tensor;

/** Shared output heads. */
final class Heads {
    private Heads() {
    }

    /** Splits {@code out} (batch x 2 l) into mu (first l) and sigma = softplus(last l). */
    static Gaussian gaussian(Tensor out, int latent) {
        Tensor mu = out.sliceCols(0, latent);
        Tensor sigma = out.sliceCols(latent, 2 * latent).softplus();
        return new Gaussian(mu, sigma, sigma.log());
    }
}
