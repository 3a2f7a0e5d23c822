package org.leapfrog.vae.model;

import java.util.List;
import java.util.random.RandomGenerator;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.nn.Activation;
import org.leapfrog.runtime.tensor.nn.ConvTranspose2d;
import org.leapfrog.runtime.tensor.nn.Dense;
import org.leapfrog.runtime.tensor.nn.Module;
import org.leapfrog.runtime.tensor.nn.Sequential;
import org.leapfrog.runtime.tensor.nn.VarianceScaling;
import org.leapfrog.vae.data.Mnist;

/**
 * The mirror of {@link ConvEncoder}: l -> hidden -> 32 x 4 x 4 (dense, softplus), then 5 x 5 transposed
 * convolutions with stride 2 (32 -> 32 -> 16 -> 1 channels, 4 -> 7 -> 14 -> 28 pixels; softplus between), and a
 * per-pixel output bias (1 x 784) instead of the last layer's channel bias.
 */
final class ConvDecoder implements Decoder, Architecture.OutputBias {
    private final Sequential net;
    private final Tensor outputBias;
    private final int latent;

    ConvDecoder(Engine engine, int latent, int hidden, RandomGenerator rng) {
        this.latent = latent;
        int[] ch = ConvEncoder.CHANNELS;
        int k = ConvEncoder.KERNEL;
        int s = ConvEncoder.STRIDE;
        int p = ConvEncoder.PAD;
        Dense d1 = new Dense(engine, "dec.dense0", latent, hidden, Activation.IDENTITY,
                VarianceScaling.glorotUniform(), rng);
        Dense d2 = new Dense(engine, "dec.dense1", hidden, ch[2] * 4 * 4, Activation.IDENTITY,
                VarianceScaling.glorotUniform(), rng);
        ConvTranspose2d t1 = new ConvTranspose2d(engine, "dec.deconv0", ch[2], 4, 4, ch[1], k, s, p, 0, true,
                Activation.SOFTPLUS, rng);
        ConvTranspose2d t2 = new ConvTranspose2d(engine, "dec.deconv1", ch[1], t1.outHeight(), t1.outWidth(), ch[0],
                k, s, p, 1, true, Activation.SOFTPLUS, rng);
        ConvTranspose2d t3 = new ConvTranspose2d(engine, "dec.deconv2", ch[0], t2.outHeight(), t2.outWidth(), 1,
                k, s, p, 1, false, Activation.IDENTITY, rng);
        if (t3.outFeatures() != Mnist.PIXELS) {
            throw new IllegalStateException("decoder output " + t3.outFeatures() + " features; expected 784");
        }
        this.net = new Sequential(List.<Module>of(Heads.softplus(d1), Heads.softplus(d2), t1, t2, t3));
        this.outputBias = engine.parameter("dec.out.b", 1, Mnist.PIXELS);
    }

    @Override
    public Tensor logits(Tensor z) {
        return net.forward(z).add(outputBias);
    }

    @Override
    public int latent() {
        return latent;
    }

    @Override
    public List<Tensor> parameters() {
        List<Tensor> ps = new java.util.ArrayList<>(net.parameters());
        ps.add(outputBias);
        return ps;
    }

    @Override
    public Tensor outputBias() {
        return outputBias;
    }
}
