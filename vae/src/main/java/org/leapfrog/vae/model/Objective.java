package org.leapfrog.vae.model;

import java.util.List;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * What a (H)VAE maximises, per example. The trainer minimises {@code -mean(elbo(...))} over a minibatch and the
 * evaluator estimates {@code log p(x)} as {@code logmeanexp_s logWeight(...)} over draws s (importance
 * sampling). The VAE's is {@link VaeElbo}; the Hamiltonian VAE replaces it with its flow's ELBO (eq. 12 of
 * Caterini et al. 2018) and adds its own parameters (step sizes, tempering) through {@link #parameters()}.
 *
 * <p>Randomness: draws are keyed by {@code (seed, row, iteration, purpose)} (Philox; {@code engine.normal(rows,
 * cols, seed, purpose, iteration)}), so an objective is a deterministic function of its arguments: exact resume and
 * backend-independent results follow. Each objective uses its own purpose codes ({@link VaeStreams}).
 */
public interface Objective {
    /** A short name for reports ("vae", "hvae-k10-free-varied", ...). */
    String name();

    /**
     * One draw of {@code log p_hat(x)}, an estimator whose exponential is unbiased for {@code p(x)}: for the VAE
     * {@code log p(x, z) - log q(z|x)} with {@code z ~ q(z|x)}. batch x 1, differentiable in the model's and
     * this objective's parameters (reparameterised).
     */
    Tensor logWeight(Vae model, Tensor x, long seed, int iteration);

    /** The per-example training objective (batch x 1); by default {@link #logWeight}. */
    default Tensor elbo(Vae model, Tensor x, long seed, int iteration) {
        return logWeight(model, x, seed, iteration);
    }

    /** Trainable parameters of the objective itself (none for the VAE). */
    default List<Tensor> parameters() {
        return List.of();
    }
}
