package org.leapfrog.vae.model;

import java.util.SplittableRandom;
import org.leapfrog.runtime.tensor.Engine;

/**
 * The network shapes of a VAE on 28 x 28 images. {@link #mlp} is 784-300-300 -> 2 l with a mirrored decoder;
 * {@link #conv} is the architecture of Caterini et al. (2018) after Salimans et al. (2015): three 5 x 5
 * convolutions with stride 2 and {16, 32, 32} channels (28 -> 14 -> 7 -> 4), a 450-unit dense layer, then mu and
 * sigma; the decoder mirrors it with transposed convolutions (4 -> 7 -> 14 -> 28). Softplus everywhere except
 * before mu and the output logits; sigma = softplus(.). The decoder's output bias starts at the data's mean
 * logit per pixel.
 */
public record Architecture(Kind kind, int latent, int hidden) {
    public enum Kind { MLP, CONV }

    public Architecture {
        if (kind == null) {
            throw new IllegalArgumentException("kind: null; allowed: MLP, CONV");
        }
        if (latent < 1) {
            throw new IllegalArgumentException("latent: " + latent + "; allowed: 1 or more");
        }
        if (hidden < 1) {
            throw new IllegalArgumentException("hidden: " + hidden + "; allowed: 1 or more");
        }
    }

    /** 784-300-300 -> 2 l (softplus), mirrored decoder. */
    public static Architecture mlp(int latent) {
        return new Architecture(Kind.MLP, latent, 300);
    }

    /** The paper's convolutional VAE with a 450-unit dense layer. */
    public static Architecture conv(int latent) {
        return new Architecture(Kind.CONV, latent, 450);
    }

    /** "mlp" or "conv" with the paper's sizes. */
    public static Architecture byName(String name, int latent) {
        return switch (name) {
            case "mlp" -> mlp(latent);
            case "conv" -> conv(latent);
            default -> throw new IllegalArgumentException("arch: '" + name + "'; allowed: mlp, conv");
        };
    }

    public String label() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * A freshly initialised VAE on {@code engine}: weights from {@code seed}, the decoder's output bias the
     * logit of {@code meanIntensity} (784 values; null leaves it 0), clipped to [1e-3, 1 - 1e-3].
     */
    public Vae build(Engine engine, double[] meanIntensity, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Encoder enc;
        Decoder dec;
        if (kind == Kind.MLP) {
            enc = new MlpEncoder(engine, latent, hidden, rng);
            dec = new MlpDecoder(engine, latent, hidden, rng);
        } else {
            enc = new ConvEncoder(engine, latent, hidden, rng);
            dec = new ConvDecoder(engine, latent, hidden, rng);
        }
        if (meanIntensity != null) {
            ((OutputBias) dec).outputBias().assign(meanLogits(meanIntensity));
        }
        return new Vae(this, enc, dec);
    }

    static double[] meanLogits(double[] mean) {
        double[] l = new double[mean.length];
        for (int i = 0; i < l.length; i++) {
            double m = Math.min(1 - 1e-3, Math.max(1e-3, mean[i]));
            l[i] = Math.log(m / (1 - m));
        }
        return l;
    }

    /** A decoder whose per-pixel output bias (1 x 784) can be initialised. */
    interface OutputBias {
        org.leapfrog.runtime.tensor.Tensor outputBias();
    }
}
