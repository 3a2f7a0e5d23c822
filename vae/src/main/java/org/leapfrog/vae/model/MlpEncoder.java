package org.leapfrog.vae.model;

import java.util.List;
import java.util.random.RandomGenerator;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.nn.Sequential;
import org.leapfrog.vae.data.Mnist;

/** 784 - h - h (softplus) - 2 l: the first l outputs are mu, the last l give sigma = softplus(.). */
final class MlpEncoder implements Encoder {
    private final Sequential net;
    private final int latent;

    MlpEncoder(Engine engine, int latent, int hidden, RandomGenerator rng) {
        this.latent = latent;
        this.net = Heads.mlp(engine, "enc", new int[] {Mnist.PIXELS, hidden, hidden, 2 * latent}, rng);
    }

    @Override
    public Gaussian encode(Tensor x) {
        return Heads.gaussian(net.forward(x), latent);
    }

    @Override
    public int latent() {
        return latent;
    }

    @Override
    public List<Tensor> parameters() {
        return net.parameters();
    }
}
