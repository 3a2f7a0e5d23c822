package org.leapfrog.runtime.tensor.nn;

import java.util.List;
import java.util.random.RandomGenerator;
import org.leapfrog.runtime.tensor.Conv;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * A 2-D convolution layer, {@code activation(conv2d(x) + b)}, on images of a fixed shape (c, h, w) flattened as
 * in {@link Conv}: input {@code n x (c*h*w)}, output {@code n x (cOut*oh*ow)}. Weight {@code (c*k*k) x cOut}
 * (Glorot uniform with fans {@code c*k*k} and {@code cOut*k*k}, as PyTorch and TensorFlow count them), bias
 * {@code 1 x cOut} zero.
 */
public final class Conv2d implements Module {
    private final int c;
    private final int h;
    private final int w;
    private final int k;
    private final int stride;
    private final int pad;
    private final int cOut;
    private final Tensor weight;
    private final Tensor bias;
    private final Activation activation;

    public Conv2d(Engine engine, String name, int c, int h, int w, int cOut, int k, int stride, int pad,
                  Activation activation, RandomGenerator rng) {
        this.c = c;
        this.h = h;
        this.w = w;
        this.k = k;
        this.stride = stride;
        this.pad = pad;
        this.cOut = cOut;
        this.activation = activation;
        if (cOut < 1) {
            throw new IllegalArgumentException("cOut: " + cOut + "; allowed: 1 or more");
        }
        if (outHeight() < 1 || outWidth() < 1) {
            throw new IllegalArgumentException("kernel: " + k + " with padding " + pad + " on a " + h + " x " + w
                    + " image; allowed: kernel at most the padded image size");
        }
        this.weight = engine.parameter(name + ".w", c * k * k, cOut);
        this.bias = engine.parameter(name + ".b", 1, cOut);
        glorotUniform(weight, c * k * k, cOut * k * k, rng);
    }

    static void glorotUniform(Tensor t, int fanIn, int fanOut, RandomGenerator rng) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        double[] d = new double[t.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextDouble(-limit, limit);
        }
        t.assign(d);
    }

    public int outHeight() {
        return Conv.outSize(h, k, stride, pad);
    }

    public int outWidth() {
        return Conv.outSize(w, k, stride, pad);
    }

    public int outChannels() {
        return cOut;
    }

    /** Output features per image: {@code cOut * oh * ow}. */
    public int outFeatures() {
        return cOut * outHeight() * outWidth();
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Layers.activate(activation, Conv.conv2d(x, c, h, w, weight, bias, k, stride, pad));
    }

    @Override
    public List<Tensor> parameters() {
        return List.of(weight, bias);
    }
}
