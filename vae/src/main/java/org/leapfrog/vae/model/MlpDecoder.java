package org.leapfrog.vae.model;

import java.util.List;
import java.util.random.RandomGenerator;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.nn.Dense;
import org.leapfrog.runtime.tensor.nn.Sequential;
import org.leapfrog.vae.data.Mnist;

/** l - h - h (softplus) - 784 logits; the last layer's bias is the per-pixel output bias. */
final class MlpDecoder implements Decoder, Architecture.OutputBias {
    private final Sequential net;
    private final int latent;

    MlpDecoder(Engine engine, int latent, int hidden, RandomGenerator rng) {
        this.latent = latent;
        this.net = Heads.mlp(engine, "dec", new int[] {latent, hidden, hidden, Mnist.PIXELS}, rng);
    }

    @Override
    public Tensor logits(Tensor z) {
        return net.forward(z);
    }

    @Override
    public int latent() {
        return latent;
    }

    @Override
    public List<Tensor> parameters() {
        return net.parameters();
    }

    @Override
    public Tensor outputBias() {
        return ((Dense) net.modules().get(net.modules().size() - 1)).bias();
    }
}
