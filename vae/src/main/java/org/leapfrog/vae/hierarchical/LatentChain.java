package org.leapfrog.vae.hierarchical;

import java.util.function.UnaryOperator;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * The MCMC part of Algorithm 1 for one minibatch, as the linear hierarchical VAE's trainer uses it: K
 * Metropolis-Hastings steps from z0 toward p_theta(z | x), which also adapt the chain's own parameters (step size,
 * preconditioner C, beta). The trainer updates theta from the returned z_K and phi0 from the ELBO.
 */
public interface LatentChain {
    /**
     * Runs the steps for the minibatch {@code x} ({@code n x dx}) from {@code z0} ({@code n x d}, no gradient),
     * with target log p(x, z) per row given by {@code logJoint}; returns z_K, a constant.
     */
    Tensor run(Tensor x, Tensor z0, UnaryOperator<Tensor> logJoint, int iteration);

    /** Mean acceptance rate over the steps run so far. */
    double acceptance();

    /** The preconditioner C ({@code d x d}, row-major; the identity where only a step size is adapted). */
    double[] preconditioner();

    /** The current step size h. */
    double stepSize();
}
