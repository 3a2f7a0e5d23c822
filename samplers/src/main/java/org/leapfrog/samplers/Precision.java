package org.leapfrog.samplers;

import java.util.Locale;
import java.util.Map;
import org.leapfrog.kernels.ElementType;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Arg;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.graph.FloatArray;
import org.leapfrog.runtime.graph.HostArray;

/**
 * The floating-point precision of a sampler's kernels and chain state: {@code REAL} in the fused kernels
 * (double, or float with {@code LF_F32} defined), and the element type of the state, gradient, step-size, metric
 * and target-data buffers. FLOAT64 is the default and is bit for bit what the samplers did before precisions
 * existed. FLOAT32 halves the memory traffic and doubles the SIMD lanes per register on CPUs (8 floats per AVX2
 * register) and is GPUs' natural precision; the Java twins then store float and compute in double, rounding at
 * each store to a buffer (the twin of the float kernel up to rounding), and draw the kernel's float momenta and
 * uniforms ({@link org.leapfrog.kernels.LfMathF}).
 */
public enum Precision {
    FLOAT64("float64", "double", ElementType.FLOAT64),
    FLOAT32("float32", "float", ElementType.FLOAT32);

    private final String label;
    private final String cType;
    private final ElementType elementType;

    Precision(String label, String cType, ElementType elementType) {
        this.label = label;
        this.cType = cType;
        this.elementType = elementType;
    }

    /** {@code float64} or {@code float32}, as the CLI and reports write it. */
    public String label() {
        return label;
    }

    /** The OpenCL C type of REAL. */
    public String cType() {
        return cType;
    }

    public ElementType elementType() {
        return elementType;
    }

    /** Parses {@code float64|float32} (also {@code double|float}, any case); anything else names what is allowed. */
    public static Precision parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "float64":
            case "double":
            case "f64":
                return FLOAT64;
            case "float32":
            case "float":
            case "f32":
                return FLOAT32;
            default:
                throw new IllegalArgumentException("precision: '" + text + "'; allowed: float64 or float32");
        }
    }

    /** Adds this precision's build definitions: REAL, and LF_F32 for float32. */
    public void define(Map<String, String> defines) {
        defines.put("REAL", cType);
        if (this == FLOAT32) {
            defines.put("LF_F32", "1");
        }
    }

    /** The signature with every float64 buffer (REAL in the kernel) declared in this precision's element type. */
    public KernelSignature signature(KernelSignature s) {
        if (this == FLOAT64) {
            return s;
        }
        KernelSignature.Builder b = KernelSignature.builder();
        for (Arg a : s.args()) {
            switch (a.kind()) {
                case BUFFER:
                    b.buffer(a.name(), a.elementType() == ElementType.FLOAT64 ? elementType : a.elementType(), a.access());
                    break;
                case INT:
                    b.intScalar(a.name());
                    break;
                case LONG:
                    b.longScalar(a.name());
                    break;
                default:
                    b.doubleScalar(a.name());
            }
        }
        return b.build();
    }

    /** A zeroed buffer of this precision. */
    public HostArray allocate(String name, int length) {
        return this == FLOAT64 ? new DoubleArray(name, length) : new FloatArray(name, length);
    }

    /** A buffer holding {@code values} (copied; rounded to nearest in float32). */
    public HostArray of(String name, double[] values) {
        if (this == FLOAT64) {
            return new DoubleArray(name, values.clone());
        }
        FloatArray f = new FloatArray(name, values.length);
        copy(values, 0, f, 0, values.length);
        return f;
    }

    /** Copies n values of a real buffer (double or float) into a double array. */
    public static void copy(HostArray src, int srcOffset, double[] dst, int dstOffset, int n) {
        if (src instanceof DoubleArray d) {
            System.arraycopy(d.data(), srcOffset, dst, dstOffset, n);
        } else {
            float[] f = ((FloatArray) src).data();
            for (int i = 0; i < n; i++) {
                dst[dstOffset + i] = f[srcOffset + i];
            }
        }
    }

    /** Copies n doubles into a real buffer (rounded to nearest in a float buffer). */
    public static void copy(double[] src, int srcOffset, HostArray dst, int dstOffset, int n) {
        if (dst instanceof DoubleArray d) {
            System.arraycopy(src, srcOffset, d.data(), dstOffset, n);
        } else {
            float[] f = ((FloatArray) dst).data();
            for (int i = 0; i < n; i++) {
                f[dstOffset + i] = (float) src[srcOffset + i];
            }
        }
    }

    /** Element i of a real buffer. */
    public static double get(HostArray a, int i) {
        return a instanceof DoubleArray d ? d.data()[i] : ((FloatArray) a).data()[i];
    }

    /** Sets element i of a real buffer (rounded to nearest in a float buffer). */
    public static void set(HostArray a, int i, double v) {
        if (a instanceof DoubleArray d) {
            d.data()[i] = v;
        } else {
            ((FloatArray) a).data()[i] = (float) v;
        }
    }
}
