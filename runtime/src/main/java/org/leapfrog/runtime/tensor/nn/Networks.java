package org.leapfrog.runtime.tensor.nn;

import java.util.ArrayList;
import java.util.List;
import org.leapfrog.kernels.nn.NetworkActivation;
import org.leapfrog.kernels.nn.NetworkSpec;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * Bridges modules and network functions: the {@link NetworkSpec} of a {@link Sequential} of {@link Dense} layers
 * (each optionally followed by a {@link ScaledTanh}), and the flat weight layout both read. The layout is the
 * module's {@link Module#parameters()} in order, each tensor's values in storage order (feature-major),
 * concatenated; {@link #pack} builds it and {@link #offsets} says where each tensor starts, so a fused kernel
 * given "this buffer, from this base" reads the same numbers a trainer updates.
 */
public final class Networks {
    private Networks() {
    }

    /**
     * The spec of {@code module}: a {@link Dense}, or a {@link Sequential} (nested ones are flattened) of Dense
     * layers, each optionally followed by one {@link ScaledTanh} of its width. Offsets are those of {@link #pack}
     * applied to {@code module.parameters()}.
     */
    public static NetworkSpec spec(String name, Module module) {
        List<Module> flat = new ArrayList<>();
        flatten(module, flat);
        if (!(flat.get(0) instanceof Dense first)) {
            throw new IllegalArgumentException("module 0: " + flat.get(0).getClass().getSimpleName()
                    + "; allowed: a network that starts with a Dense layer");
        }
        NetworkSpec.Builder b = NetworkSpec.builder(name, first.weight().rows());
        int width = -1;
        for (int k = 0; k < flat.size(); k++) {
            Module m = flat.get(k);
            if (m instanceof Dense d) {
                if (width >= 0 && d.weight().rows() != width) {
                    throw new IllegalArgumentException("module " + k + ": Dense with " + d.weight().rows()
                            + " inputs; allowed: " + width + " (the width before it)");
                }
                b.dense(d.weight().cols(), activation(d.activation()));
                width = d.weight().cols();
            } else if (m instanceof ScaledTanh s) {
                if (!(flat.get(k - 1) instanceof Dense) || s.logLambda().cols() != width || s.logLambda().rows() != 1) {
                    throw new IllegalArgumentException("module " + k + ": ScaledTanh of shape " + s.logLambda().rows()
                            + " x " + s.logLambda().cols() + "; allowed: directly after a Dense layer, of shape 1 x "
                            + width);
                }
                b.scaledTanh();
            } else {
                throw new IllegalArgumentException("module " + k + ": " + m.getClass().getSimpleName()
                        + "; allowed: Dense, ScaledTanh (after a Dense) or a Sequential of them");
            }
        }
        return b.build();
    }

    private static void flatten(Module m, List<Module> out) {
        if (m instanceof Sequential s) {
            for (Module c : s.modules()) {
                flatten(c, out);
            }
        } else {
            out.add(m);
        }
    }

    /** The kernel-side activation of a tensor-engine activation (same formula). */
    public static NetworkActivation activation(Activation a) {
        return switch (a) {
            case IDENTITY -> NetworkActivation.IDENTITY;
            case RELU -> NetworkActivation.RELU;
            case ELU -> NetworkActivation.ELU;
            case TANH -> NetworkActivation.TANH;
            case SIGMOID -> NetworkActivation.SIGMOID;
            case SOFTPLUS -> NetworkActivation.SOFTPLUS;
            case LOG_SIGMOID -> NetworkActivation.LOG_SIGMOID;
        };
    }

    /** Where each tensor starts in the packed layout; element {@code size} is the total length. */
    public static int[] offsets(List<Tensor> params) {
        int[] off = new int[params.size() + 1];
        for (int i = 0; i < params.size(); i++) {
            off[i + 1] = Math.addExact(off[i], params.get(i).size());
        }
        return off;
    }

    /** The values of {@code params}, concatenated in order, each feature-major (host copies on OpenCL). */
    public static double[] pack(List<Tensor> params) {
        int[] off = offsets(params);
        double[] flat = new double[off[params.size()]];
        for (int i = 0; i < params.size(); i++) {
            Tensor t = params.get(i);
            System.arraycopy(t.toArray(), 0, flat, off[i], t.size());
        }
        return flat;
    }

    /** Sets {@code params} from {@code flat[base ...]} in the packed layout (the inverse of {@link #pack}). */
    public static void unpack(double[] flat, int base, List<Tensor> params) {
        int[] off = offsets(params);
        if (base < 0 || (long) base + off[params.size()] > flat.length) {
            throw new IllegalArgumentException("base: " + base + "; allowed: 0 to " + ((long) flat.length - off[params.size()])
                    + " (flat length " + flat.length + ", " + off[params.size()] + " values)");
        }
        for (int i = 0; i < params.size(); i++) {
            Tensor t = params.get(i);
            t.assign(java.util.Arrays.copyOfRange(flat, base + off[i], base + off[i + 1]));
        }
    }
}
