package org.leapfrog.vae.model;

import java.util.List;
import org.leapfrog.runtime.tensor.Tensor;

/** The inference network: {@code q(z|x) = N(mu(x), diag sigma(x)^2)} for a batch {@code x} (batch x 784). */
public interface Encoder {
    Gaussian encode(Tensor x);

    /** Latent dimension l. */
    int latent();

    /** Trainable parameters, in a fixed order with unique names. */
    List<Tensor> parameters();
}
