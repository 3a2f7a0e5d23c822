package org.leapfrog.vae.model;

import java.util.List;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * The generative network with independent Bernoulli pixels: {@code p(x|z) = prod_j Bernoulli(x_j; sigmoid(l_j(z)))}.
 * Everything is a tensor function of {@code z}, so a flow can differentiate {@code log p(x|z)} with respect to z
 * ({@code Graph.grad(..., createGraph = true)}) and then differentiate through that gradient.
 */
public interface Decoder {
    /** The logits {@code l(z)}: batch x 784. */
    Tensor logits(Tensor z);

    int latent();

    List<Tensor> parameters();

    /** {@code log p(x|z) = sum_j x_j l_j - softplus(l_j)}: batch x 1 (x holds 0/1 values, batch x 784). */
    default Tensor logLikelihood(Tensor x, Tensor z) {
        return bernoulliLogLikelihood(x, logits(z));
    }

    /** {@code sum_j x_j l_j - softplus(l_j)} per row: batch x 1. */
    static Tensor bernoulliLogLikelihood(Tensor x, Tensor logits) {
        return x.mul(logits).sub(org.leapfrog.runtime.tensor.Activations.softplus(logits)).sumCols();
    }
}
