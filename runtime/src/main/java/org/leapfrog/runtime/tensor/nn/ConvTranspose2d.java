package org.leapfrog.runtime.tensor.nn;

import java.util.List;
import java.util.random.RandomGenerator;
import org.leapfrog.runtime.tensor.Conv;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * A 2-D transposed convolution layer, {@code activation(convTranspose2d(x) + b)}, on images (c, h, w) flattened
 * as in {@link Conv}: output {@code n x (cOut*oh*ow)}, {@code oh = (h - 1) stride - 2 pad + k + outputPadding}.
 * Weight {@code c x (cOut*k*k)} (Glorot uniform, fans {@code cOut*k*k} and {@code c*k*k}); bias {@code 1 x cOut}
 * zero, or none ({@code withBias} false, for a layer followed by a per-pixel bias).
 */
public final class ConvTranspose2d implements Module {
    private final int c;
    private final int h;
    private final int w;
    private final int k;
    private final int stride;
    private final int pad;
    private final int outputPadding;
    private final int cOut;
    private final Tensor weight;
    private final Tensor bias;
    private final Activation activation;

    public ConvTranspose2d(Engine engine, String name, int c, int h, int w, int cOut, int k, int stride, int pad,
                           int outputPadding, boolean withBias, Activation activation, RandomGenerator rng) {
        this.c = c;
        this.h = h;
        this.w = w;
        this.k = k;
        this.stride = stride;
        this.pad = pad;
        this.outputPadding = outputPadding;
        this.cOut = cOut;
        this.activation = activation;
        if (cOut < 1 || c < 1) {
            throw new IllegalArgumentException("channels: " + c + " -> " + cOut + "; allowed: 1 or more each");
        }
        this.weight = engine.parameter(name + ".w", c, cOut * k * k);
        this.bias = withBias ? engine.parameter(name + ".b", 1, cOut) : null;
        Conv2d.glorotUniform(weight, cOut * k * k, c * k * k, rng);
    }

    public int outHeight() {
        return Conv.transposedOutSize(h, k, stride, pad, outputPadding);
    }

    public int outWidth() {
        return Conv.transposedOutSize(w, k, stride, pad, outputPadding);
    }

    public int outFeatures() {
        return cOut * outHeight() * outWidth();
    }

    public Tensor weight() {
        return weight;
    }

    /** The bias, or null without one. */
    public Tensor bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Layers.activate(activation, Conv.convTranspose2d(x, c, h, w, weight, bias, k, stride, pad, outputPadding));
    }

    @Override
    public List<Tensor> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }
}
