package org.leapfrog.kernels.nn;

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

    /**
     * One layer. Sums are blocked four units by four chains (16 running sums in registers, each input load
     * serving four products), which changes no sum's order: each still runs over the inputs in order from 0.
     */
    private static void dense(NetworkSpec.Layer l, double[] src, int so, int ss, double[] dst, int dOff, int ds,
                              double[] w, int w0, int n) {
        int in = l.in();
        int out = l.out();
        int wl = w0 + l.weightOffset();
        int o = 0;
        for (; o + 3 < out; o += 4) {
            int c = 0;
            for (; c + 3 < n; c += 4) {
                sums4x4(src, so + c, ss, w, wl + o * in, in, dst, dOff + o * ds + c, ds);
            }
            for (; c < n; c++) {
                sums4x1(src, so + c, ss, w, wl + o * in, in, dst, dOff + o * ds + c, ds);
            }
        }
        for (; o < out; o++) {
            int wo = wl + o * in;
            int d = dOff + o * ds;
            int c = 0;
            for (; c + 3 < n; c += 4) {
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int i = 0, x = so + c; i < in; i++, x += ss) {
                    double a = w[wo + i];
                    s0 += a * src[x];
                    s1 += a * src[x + 1];
                    s2 += a * src[x + 2];
                    s3 += a * src[x + 3];
                }
                dst[d + c] = s0;
                dst[d + c + 1] = s1;
                dst[d + c + 2] = s2;
                dst[d + c + 3] = s3;
            }
            for (; c < n; c++) {
                double s0 = 0;
                for (int i = 0, x = so + c; i < in; i++, x += ss) {
                    s0 += w[wo + i] * src[x];
                }
                dst[d + c] = s0;
            }
        }
        for (o = 0; o < out; o++) {
            finish(l, o, dst, dOff + o * ds, w, w0, n);
        }
    }

    /** The sums of units {@code [0, 4)} (weights from {@code wo}, {@code in} apart) for chains {@code x .. x + 3}. */
    private static void sums4x4(double[] src, int x, int ss, double[] w, int wo, int in, double[] dst, int d, int ds) {
        double s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        double s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
        for (int i = 0; i < in; i++, x += ss) {
            double x0 = src[x], x1 = src[x + 1], x2 = src[x + 2], x3 = src[x + 3];
            double a0 = w[wo + i], a1 = w[wo + in + i], a2 = w[wo + 2 * in + i], a3 = w[wo + 3 * in + i];
            s00 += a0 * x0; s01 += a0 * x1; s02 += a0 * x2; s03 += a0 * x3;
            s10 += a1 * x0; s11 += a1 * x1; s12 += a1 * x2; s13 += a1 * x3;
            s20 += a2 * x0; s21 += a2 * x1; s22 += a2 * x2; s23 += a2 * x3;
            s30 += a3 * x0; s31 += a3 * x1; s32 += a3 * x2; s33 += a3 * x3;
        }
        dst[d] = s00; dst[d + 1] = s01; dst[d + 2] = s02; dst[d + 3] = s03;
        d += ds;
        dst[d] = s10; dst[d + 1] = s11; dst[d + 2] = s12; dst[d + 3] = s13;
        d += ds;
        dst[d] = s20; dst[d + 1] = s21; dst[d + 2] = s22; dst[d + 3] = s23;
        d += ds;
        dst[d] = s30; dst[d + 1] = s31; dst[d + 2] = s32; dst[d + 3] = s33;
    }

    /** The sums of units {@code [0, 4)} for the one chain at {@code x}. */
    private static void sums4x1(double[] src, int x, int ss, double[] w, int wo, int in, double[] dst, int d, int ds) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int i = 0; i < in; i++, x += ss) {
            double v = src[x];
            s0 += w[wo + i] * v;
            s1 += w[wo + in + i] * v;
            s2 += w[wo + 2 * in + i] * v;
            s3 += w[wo + 3 * in + i] * v;
        }
        dst[d] = s0;
        dst[d + ds] = s1;
        dst[d + 2 * ds] = s2;
        dst[d + 3 * ds] = s3;
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
