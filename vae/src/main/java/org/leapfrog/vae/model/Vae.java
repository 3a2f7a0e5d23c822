package org.leapfrog.vae.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.optim.ParameterStore;

/**
 * A VAE: an {@link Encoder} q(z|x), a Bernoulli {@link Decoder} p(x|z) and the prior {@code N(0, I)} on z.
 * {@link #logJoint} is the unnormalised log posterior {@code log p(x, z)} that a Hamiltonian flow moves z on.
 */
public final class Vae {
    private final Architecture architecture;
    private final Encoder encoder;
    private final Decoder decoder;

    public Vae(Architecture architecture, Encoder encoder, Decoder decoder) {
        if (encoder.latent() != decoder.latent()) {
            throw new IllegalArgumentException("decoder: latent " + decoder.latent() + "; allowed: the encoder's "
                    + encoder.latent());
        }
        this.architecture = architecture;
        this.encoder = encoder;
        this.decoder = decoder;
    }

    public Architecture architecture() {
        return architecture;
    }

    public Encoder encoder() {
        return encoder;
    }

    public Decoder decoder() {
        return decoder;
    }

    public int latent() {
        return encoder.latent();
    }

    /** {@code log p(z) = log N(z; 0, I)}: batch x 1. */
    public Tensor logPrior(Tensor z) {
        return Gaussian.standardNormalLogDensity(z);
    }

    /** {@code log p(x, z) = log p(x|z) + log p(z)}: batch x 1, differentiable in z and the decoder's parameters. */
    public Tensor logJoint(Tensor x, Tensor z) {
        return decoder.logLikelihood(x, z).add(logPrior(z));
    }

    /** Encoder parameters, then decoder parameters. */
    public List<Tensor> parameters() {
        List<Tensor> ps = new ArrayList<>(encoder.parameters());
        ps.addAll(decoder.parameters());
        return ps;
    }

    public void save(Path file) throws IOException {
        ParameterStore.save(file, parameters());
    }

    public void load(Path file) throws IOException {
        ParameterStore.load(file, parameters());
    }
}
