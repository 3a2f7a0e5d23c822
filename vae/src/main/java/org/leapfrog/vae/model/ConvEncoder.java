package org.leapfrog.vae.model;

import java.util.List;
import java.util.random.RandomGenerator;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.nn.Activation;
import org.leapfrog.runtime.tensor.nn.Conv2d;
import org.leapfrog.runtime.tensor.nn.Dense;
import org.leapfrog.runtime.tensor.nn.Module;
import org.leapfrog.runtime.tensor.nn.Sequential;
import org.leapfrog.runtime.tensor.nn.VarianceScaling;

/**
 * Three 5 x 5 convolutions with stride 2 and padding 2 (1 -> 16 -> 32 -> 32 channels, 28 -> 14 -> 7 -> 4 pixels,
 * softplus), a dense layer of {@code hidden} units (softplus), then 2 l outputs: mu and softplus for sigma.
 */
final class ConvEncoder implements Encoder {
    static final int[] CHANNELS = {16, 32, 32};
    static final int KERNEL = 5;
    static final int STRIDE = 2;
    static final int PAD = 2;
    private final Sequential net;
    private final int latent;

    ConvEncoder(Engine engine, int latent, int hidden, RandomGenerator rng) {
        this.latent = latent;
        Conv2d c1 = new Conv2d(engine, "enc.conv0", 1, 28, 28, CHANNELS[0], KERNEL, STRIDE, PAD, Activation.SOFTPLUS, rng);
        Conv2d c2 = new Conv2d(engine, "enc.conv1", CHANNELS[0], c1.outHeight(), c1.outWidth(), CHANNELS[1], KERNEL,
                STRIDE, PAD, Activation.SOFTPLUS, rng);
        Conv2d c3 = new Conv2d(engine, "enc.conv2", CHANNELS[1], c2.outHeight(), c2.outWidth(), CHANNELS[2], KERNEL,
                STRIDE, PAD, Activation.SOFTPLUS, rng);
        Dense d1 = new Dense(engine, "enc.dense0", c3.outFeatures(), hidden, Activation.IDENTITY,
                VarianceScaling.glorotUniform(), rng);
        Dense d2 = new Dense(engine, "enc.dense1", hidden, 2 * latent, Activation.IDENTITY,
                VarianceScaling.glorotUniform(), rng);
        this.net = new Sequential(List.<Module>of(c1, c2, c3, Heads.softplus(d1), d2));
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
