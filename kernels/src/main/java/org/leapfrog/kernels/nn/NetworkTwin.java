package org.leapfrog.kernels.nn;

import java.util.Arrays;
import java.util.List;

/**
 * The Java twin of a {@link NetworkSource} function: evaluates the network for a block of chains, chain-minor
 * (feature i of chain c at {@code offset + i * stride + c}), reading weights from {@code w[w0 ...]} in the
 * {@link NetworkSpec} layout. Each unit's sum runs in the OpenCL function's order (inputs in order from 0, then
 * the bias), so the two forms differ only by their libraries' rounding of exp, tanh, expm1 and log1p.
 *
 * <p>Holds the hidden activations of up to {@code capacity} chains, so {@link #forward} allocates nothing; an
 * instance is therefore for one thread at a time (a fused kernel's twin keeps one in its per-thread scratch).
 */
public final class NetworkTwin {
    private final NetworkSpec spec;
    private final NetworkSpec.Layer[] layers;
    private final int capacity;
    private final int parameterCount;
    private final double[][] hidden = new double[2][];

    /** A twin with scratch for blocks of up to {@code capacity} chains. */
    public NetworkTwin(NetworkSpec spec, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + "; allowed: 1 or more");
        }
        this.spec = spec;
        List<NetworkSpec.Layer> ls = spec.layers();
        this.layers = ls.toArray(new NetworkSpec.Layer[0]);
        this.capacity = capacity;
        this.parameterCount = spec.parameterCount();
        for (int a = 0; a < 2; a++) {
            int width = 0;
            for (int k = a; k + 1 < layers.length; k += 2) {
                width = Math.max(width, layers[k].out());
            }
            hidden[a] = new double[Math.multiplyExact(width, capacity)];
        }
    }

    public NetworkSpec spec() {
        return spec;
    }

    public int capacity() {
        return capacity;
    }

    /**
     * {@code out = network(in)} for {@code chains} chains (at most the capacity). Input feature i of chain c is
     * {@code in[inOffset + i * inStride + c]}, output unit o goes to {@code out[outOffset + o * outStride + c]};
     * the two must not overlap. Weights are {@code w[w0, w0 + parameterCount)}.
     */
    public void forward(double[] in, int inOffset, int inStride, double[] out, int outOffset, int outStride,
                        double[] w, int w0, int chains) {
        if (chains < 0 || chains > capacity) {
            throw new IllegalArgumentException("chains: " + chains + "; allowed: 0 to the capacity " + capacity);
        }
        if (w0 < 0 || (long) w0 + parameterCount > w.length) {
            throw new IllegalArgumentException("w0: " + w0 + "; allowed: 0 to " + ((long) w.length - parameterCount)
                    + " (weights of length " + w.length + ", " + parameterCount + " parameters)");
        }
        checkStride("inStride", inStride, chains);
        checkStride("outStride", outStride, chains);
        if (chains == 0) {
            return;
        }
        double[] src = in;
        int so = inOffset;
        int ss = inStride;
        for (int k = 0; k < layers.length; k++) {
            boolean last = k == layers.length - 1;
            double[] dst = last ? out : hidden[k % 2];
            int dOff = last ? outOffset : 0;
            int ds = last ? outStride : capacity;
            dense(layers[k], src, so, ss, dst, dOff, ds, w, w0, chains);
            src = dst;
            so = dOff;
            ss = ds;
        }
    }

    private static void checkStride(String what, int stride, int chains) {
        if (stride < chains) {
            throw new IllegalArgumentException(what + ": " + stride + "; allowed: at least chains (" + chains + ")");
        }
    }

    /** One layer; units in groups of four share each input load, as in the OpenCL function. */
    private static void dense(NetworkSpec.Layer l, double[] src, int so, int ss, double[] dst, int dOff, int ds,
                              double[] w, int w0, int n) {
        int in = l.in();
        int out = l.out();
        int wl = w0 + l.weightOffset();
        int o = 0;
        for (; o + 3 < out; o += 4) {
            int d0 = dOff + o * ds;
            int d1 = d0 + ds;
            int d2 = d1 + ds;
            int d3 = d2 + ds;
            Arrays.fill(dst, d0, d0 + n, 0.0);
            Arrays.fill(dst, d1, d1 + n, 0.0);
            Arrays.fill(dst, d2, d2 + n, 0.0);
            Arrays.fill(dst, d3, d3 + n, 0.0);
            int wo = wl + o * in;
            for (int i = 0; i < in; i++) {
                double a0 = w[wo + i];
                double a1 = w[wo + in + i];
                double a2 = w[wo + 2 * in + i];
                double a3 = w[wo + 3 * in + i];
                int s = so + i * ss;
                for (int c = 0; c < n; c++) {
                    double x = src[s + c];
                    dst[d0 + c] += a0 * x;
                    dst[d1 + c] += a1 * x;
                    dst[d2 + c] += a2 * x;
                    dst[d3 + c] += a3 * x;
                }
            }
            for (int u = 0; u < 4; u++) {
                finish(l, o + u, dst, dOff + (o + u) * ds, w, w0, n);
            }
        }
        for (; o < out; o++) {
            int d = dOff + o * ds;
            Arrays.fill(dst, d, d + n, 0.0);
            int wo = wl + o * in;
            for (int i = 0; i < in; i++) {
                double a = w[wo + i];
                int s = so + i * ss;
                for (int c = 0; c < n; c++) {
                    dst[d + c] += a * src[s + c];
                }
            }
            finish(l, o, dst, d, w, w0, n);
        }
    }

    /** Adds unit o's bias, applies the activation (switch outside the loops) and the scaled tanh if any. */
    private static void finish(NetworkSpec.Layer l, int o, double[] y, int d, double[] w, int w0, int n) {
        double b = w[w0 + l.biasOffset() + o];
        int end = d + n;
        switch (l.activation()) {
            case IDENTITY -> { for (int i = d; i < end; i++) y[i] = y[i] + b; }
            case RELU -> {
                for (int i = d; i < end; i++) {
                    double z = y[i] + b;
                    y[i] = z > 0.0 ? z : 0.0;
                }
            }
            case TANH -> { for (int i = d; i < end; i++) y[i] = Math.tanh(y[i] + b); }
            default -> {
                NetworkActivation act = l.activation();
                for (int i = d; i < end; i++) y[i] = act.apply(y[i] + b);
            }
        }
        if (l.scaledTanh()) {
            double scale = Math.exp(w[w0 + l.scaleOffset() + o]);
            for (int i = d; i < end; i++) {
                y[i] = Math.tanh(y[i]) * scale;
            }
        }
    }
}
