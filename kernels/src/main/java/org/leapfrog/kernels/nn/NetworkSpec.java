package org.leapfrog.kernels.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A multilayer perceptron described independently of any backend: dense layers, each followed by an activation
 * and optionally by a learnably scaled tanh, and where each parameter sits in the flat weight layout. From it
 * come the OpenCL C function ({@link NetworkSource}) and the Java twin ({@link NetworkTwin}); the tensor
 * engine's {@code Networks.spec(Sequential)} derives one from a module.
 *
 * <p>The flat weight layout (shared with the trainer, whose optimizers update the same buffer): parameters in
 * module order (per dense layer its weight, then its bias, then the log-scale of a scaled tanh that follows it),
 * each in its tensor storage order, concatenated. The weight of a layer from {@code in} to {@code out} units is an
 * {@code in x out} feature-major tensor, so weight (input i, unit o) is at {@code weightOffset + o * in + i}:
 * each unit's weights are contiguous. Bias of unit o at {@code biasOffset + o}; log-scale at {@code scaleOffset + o}.
 * Offsets are relative to the network's base offset in a buffer, so one buffer can hold several networks.
 *
 * @param name       a C identifier suffix: the OpenCL function is {@code lf_net_<name>}
 * @param inputWidth number of inputs, 1 or more
 * @param layers     the dense layers in order; each one's {@code in} equals the previous one's {@code out}
 */
public record NetworkSpec(String name, int inputWidth, List<Layer> layers) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** Widest layer accepted: an activation array of this many lanes lives in each work-item's private memory. */
    public static final int MAX_WIDTH = 4096;

    /**
     * One dense layer: {@code y = activation(x W + b)}, then, when {@code scaledTanh}, {@code y = exp(s) * tanh(y)}
     * per unit with trainable log-scale s (the tensor engine's {@code ScaledTanh}).
     *
     * @param scaleOffset the log-scale's offset, or -1 without a scaled tanh
     */
    public record Layer(int in, int out, NetworkActivation activation, boolean scaledTanh,
                        int weightOffset, int biasOffset, int scaleOffset) {
        public Layer {
            Objects.requireNonNull(activation, "activation");
            checkWidth("in", in);
            checkWidth("out", out);
            if (scaledTanh != scaleOffset >= 0) {
                throw new IllegalArgumentException("scaleOffset: " + scaleOffset + "; allowed: >= 0 with a scaled tanh, "
                        + "-1 without (scaledTanh = " + scaledTanh + ")");
            }
        }

        /** Parameters this layer holds: weights, biases and log-scales. */
        public int parameterCount() {
            return in * out + out + (scaledTanh ? out : 0);
        }
    }

    public NetworkSpec {
        Objects.requireNonNull(name, "name");
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("name: '" + name + "'; allowed: a C identifier ([A-Za-z_][A-Za-z0-9_]*)");
        }
        checkWidth("inputWidth", inputWidth);
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("layers: empty; allowed: one or more dense layers");
        }
        int width = inputWidth;
        long offset = 0;
        for (int k = 0; k < layers.size(); k++) {
            Layer l = layers.get(k);
            if (l.in() != width) {
                throw new IllegalArgumentException("layers[" + k + "].in: " + l.in() + "; allowed: " + width
                        + " (the width before it)");
            }
            checkOffset(k, "weightOffset", l.weightOffset(), offset);
            offset += (long) l.in() * l.out();
            checkOffset(k, "biasOffset", l.biasOffset(), offset);
            offset += l.out();
            if (l.scaledTanh()) {
                checkOffset(k, "scaleOffset", l.scaleOffset(), offset);
                offset += l.out();
            }
            if (offset > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("layers: " + offset + " parameters after layer " + k
                        + "; allowed: at most " + Integer.MAX_VALUE);
            }
            width = l.out();
        }
    }

    private static void checkWidth(String what, int w) {
        if (w < 1 || w > MAX_WIDTH) {
            throw new IllegalArgumentException(what + ": " + w + "; allowed: 1 to " + MAX_WIDTH);
        }
    }

    private static void checkOffset(int k, String what, int actual, long expected) {
        if (actual != expected) {
            throw new IllegalArgumentException("layers[" + k + "]." + what + ": " + actual + "; allowed: " + expected
                    + " (parameters are packed in module order: weight, bias, log-scale)");
        }
    }

    /** A builder of a network with {@code inputWidth} inputs whose offsets follow the packed layout. */
    public static Builder builder(String name, int inputWidth) {
        return new Builder(name, inputWidth);
    }

    public int outputWidth() {
        return layers.get(layers.size() - 1).out();
    }

    /** Total parameter count: the length of the network's slice of a weight buffer. */
    public int parameterCount() {
        int n = 0;
        for (Layer l : layers) {
            n += l.parameterCount();
        }
        return n;
    }

    /** The widest layer output before the last one (0 for one layer): the size of the twin's scratch per chain. */
    public int maxHiddenWidth() {
        int m = 0;
        for (int k = 0; k + 1 < layers.size(); k++) {
            m = Math.max(m, layers.get(k).out());
        }
        return m;
    }

    /** The OpenCL function's name, {@code lf_net_<name>}. */
    public String functionName() {
        return "lf_net_" + name;
    }

    /** Builds a spec layer by layer, computing the packed offsets. */
    public static final class Builder {
        private final String name;
        private final int inputWidth;
        private final List<Layer> layers = new ArrayList<>();
        private int width;
        private int offset;

        private Builder(String name, int inputWidth) {
            checkWidth("inputWidth", inputWidth);
            this.name = name;
            this.inputWidth = inputWidth;
            this.width = inputWidth;
        }

        /** A dense layer to {@code out} units with {@code activation}. */
        public Builder dense(int out, NetworkActivation activation) {
            checkWidth("out", out);
            long w = offset;
            long b = w + (long) width * out;
            long end = b + out;
            if (end > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("out: " + out + " makes " + end + " parameters; allowed: at most "
                        + Integer.MAX_VALUE);
            }
            layers.add(new Layer(width, out, activation, false, (int) w, (int) b, -1));
            width = out;
            offset = (int) end;
            return this;
        }

        /** A scaled tanh {@code exp(s) * tanh(y)} after the last dense layer, with its log-scale s next in the layout. */
        public Builder scaledTanh() {
            if (layers.isEmpty()) {
                throw new IllegalStateException("scaledTanh: no dense layer before it; allowed only after a dense layer");
            }
            Layer l = layers.remove(layers.size() - 1);
            if (l.scaledTanh()) {
                layers.add(l);
                throw new IllegalStateException("scaledTanh: layer " + layers.size() + " already has one; allowed once per dense layer");
            }
            layers.add(new Layer(l.in(), l.out(), l.activation(), true, l.weightOffset(), l.biasOffset(), offset));
            offset += l.out();
            return this;
        }

        public NetworkSpec build() {
            return new NetworkSpec(name, inputWidth, layers);
        }
    }
}
