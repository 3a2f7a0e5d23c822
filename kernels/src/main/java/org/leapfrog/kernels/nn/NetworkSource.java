package org.leapfrog.kernels.nn;

import java.util.List;

/**
 * Emits a network as an OpenCL C function that a fused kernel calls per work-item:
 * <pre>{@code void lf_net_<name>(const RV *in, RV *out, __global const REAL *w, int w0)}</pre>
 * {@code in} holds the {@code inputWidth} inputs and {@code out} receives the {@code outputWidth} outputs, one
 * {@code RV} (VW chains) per feature, both private arrays that must not overlap; the weights are read from
 * {@code w[w0 ...]} in the {@link NetworkSpec} layout, so a kernel can take them from the very buffer a trainer
 * updates, and several networks can share one buffer at different bases. It needs {@code lanes.cl} (RV, VW,
 * REAL) before it and builds for every lane width and for REAL = double or float.
 *
 * <p>Scheme: loops with the widths as constants (nothing unrolled per unit, so a 1024-wide layer stays a few
 * lines), hidden activations in two private ping-pong arrays sized by the widest hidden layer that uses each
 * ({@link #scratchBytes}). A unit's sum runs over its inputs in order, starting from 0, then adds the bias
 * (as {@code x W + b}), exactly as {@link NetworkTwin} does, under lanes.cl's {@code FP_CONTRACT OFF}; four
 * units are summed together so each activation load serves four products, which changes no unit's order.
 */
public final class NetworkSource {
    /** Units summed together per pass over a layer's inputs. */
    private static final int UNITS = 4;

    private NetworkSource() {
    }

    /**
     * The function's OpenCL C text, preceded by the helpers all network functions share; both are guarded, so
     * emitting a network (or several) more than once into one program defines each once. Names must therefore
     * differ between different networks of one program.
     */
    public static String emit(NetworkSpec spec) {
        StringBuilder sb = new StringBuilder();
        common(sb);
        List<NetworkSpec.Layer> layers = spec.layers();
        int[] sizes = scratchWidths(spec);
        String guard = "LF_NET_DEFINED_" + spec.name();
        sb.append("// ").append(describe(spec)).append('\n');
        sb.append("#ifndef ").append(guard).append("\n#define ").append(guard).append('\n');
        sb.append("void ").append(spec.functionName())
                .append("(const RV *in, RV *out, __global const REAL *w, int w0) {\n");
        for (int a = 0; a < 2; a++) {
            if (sizes[a] > 0) {
                sb.append("    RV h").append(a).append('[').append(sizes[a]).append("];\n");
            }
        }
        for (int k = 0; k < layers.size(); k++) {
            String src = k == 0 ? "in" : "h" + ((k - 1) % 2);
            String dst = k == layers.size() - 1 ? "out" : "h" + (k % 2);
            layer(sb, k, layers.get(k), src, dst);
        }
        sb.append("}\n#endif\n");
        return sb.toString();
    }

    /**
     * Private memory the function's activation arrays take per work-item, in bytes: what a CPU runtime such as
     * PoCL keeps on a worker thread's stack for each work-item of a group (so a group of G work-items needs
     * G times this, plus the calling kernel's own arrays).
     */
    public static long scratchBytes(NetworkSpec spec, int lanes, int realBytes) {
        int[] s = scratchWidths(spec);
        return (long) (s[0] + s[1]) * lanes * realBytes;
    }

    /** Widths of the two ping-pong arrays: h0 holds the outputs of layers 0, 2, 4, ..., h1 of 1, 3, ... (the last excluded). */
    private static int[] scratchWidths(NetworkSpec spec) {
        int[] s = new int[2];
        List<NetworkSpec.Layer> layers = spec.layers();
        for (int k = 0; k + 1 < layers.size(); k++) {
            s[k % 2] = Math.max(s[k % 2], layers.get(k).out());
        }
        return s;
    }

    /** A one-line summary, e.g. {@code lf_net_x: 3 -> 10 relu -> 2 identity+scaled tanh; 72 parameters}. */
    public static String describe(NetworkSpec spec) {
        StringBuilder sb = new StringBuilder(spec.functionName()).append(": ").append(spec.inputWidth());
        for (NetworkSpec.Layer l : spec.layers()) {
            sb.append(" -> ").append(l.out()).append(' ').append(l.activation().name().toLowerCase());
            if (l.scaledTanh()) {
                sb.append("+scaled tanh");
            }
        }
        return sb.append("; ").append(spec.parameterCount()).append(" parameters").toString();
    }

    private static void common(StringBuilder sb) {
        sb.append("""
                #ifndef LF_NET_COMMON
                #define LF_NET_COMMON
                // c ? a : b per lane (select takes the false value first and tests each lane's sign bit).
                #if VW == 1
                #define LF_NET_IF(c, a, b) ((c) ? (a) : (b))
                #else
                #define LF_NET_IF(c, a, b) select((b), (a), (c))
                #endif
                // The tensor engine's formulas (nn/elementwise.cl), so both round alike.
                inline RV lf_net_sigmoid(RV z) {
                    RV e = exp(-fabs(z));
                    return LF_NET_IF(z >= (RV)0, (RV)1 / ((RV)1 + e), e / ((RV)1 + e));
                }
                inline RV lf_net_softplus(RV z) {
                    return fmax(z, (RV)0) + log1p(exp(-fabs(z)));
                }
                #endif
                """);
    }

    private static void layer(StringBuilder sb, int k, NetworkSpec.Layer l, String src, String dst) {
        int in = l.in();
        int out = l.out();
        sb.append("    {   // layer ").append(k).append(": ").append(in).append(" -> ").append(out).append(' ')
                .append(l.activation().name().toLowerCase()).append(l.scaledTanh() ? ", scaled tanh" : "").append('\n');
        sb.append("        __global const REAL *wl = w + (w0 + ").append(l.weightOffset()).append(");\n");
        sb.append("        __global const REAL *bl = w + (w0 + ").append(l.biasOffset()).append(");\n");
        if (l.scaledTanh()) {
            sb.append("        __global const REAL *sl = w + (w0 + ").append(l.scaleOffset()).append(");\n");
        }
        sb.append("        int o = 0;\n");
        if (out >= UNITS) {
            sb.append("        for (; o + ").append(UNITS - 1).append(" < ").append(out).append("; o += ").append(UNITS)
                    .append(") {\n");
            sb.append("            __global const REAL *wo = wl + o * ").append(in).append(";\n");
            sb.append("            RV s0 = (RV)0");
            for (int u = 1; u < UNITS; u++) {
                sb.append(", s").append(u).append(" = (RV)0");
            }
            sb.append(";\n");
            sb.append("            for (int i = 0; i < ").append(in).append("; i++) {\n");
            sb.append("                RV x = ").append(src).append("[i];\n");
            for (int u = 0; u < UNITS; u++) {
                sb.append("                s").append(u).append(" += wo[").append(u == 0 ? "" : u + " * " + in + " + ")
                        .append("i] * x;\n");
            }
            sb.append("            }\n");
            for (int u = 0; u < UNITS; u++) {
                store(sb, l, dst, "o + " + u, "s" + u);
            }
            sb.append("        }\n");
        }
        if (out % UNITS != 0) {
            sb.append("        for (; o < ").append(out).append("; o++) {\n");
            sb.append("            __global const REAL *wo = wl + o * ").append(in).append(";\n");
            sb.append("            RV s0 = (RV)0;\n");
            sb.append("            for (int i = 0; i < ").append(in).append("; i++) s0 += wo[i] * ").append(src)
                    .append("[i];\n");
            store(sb, l, dst, "o", "s0");
            sb.append("        }\n");
        }
        sb.append("    }\n");
    }

    /** {@code dst[unit] = f(sum + bias)}, with the scaled tanh after the activation when the layer has one. */
    private static void store(StringBuilder sb, NetworkSpec.Layer l, String dst, String unit, String sum) {
        sb.append("            {\n");
        sb.append("                RV z = ").append(sum).append(" + bl[").append(unit).append("];\n");
        String y = l.activation().openCl("z");
        if (l.scaledTanh()) {
            sb.append("                RV y = ").append(y).append(";\n");
            y = "tanh(y) * exp(sl[" + unit + "])";
        }
        sb.append("                ").append(dst).append('[').append(unit).append("] = ").append(y).append(";\n");
        sb.append("            }\n");
    }
}
