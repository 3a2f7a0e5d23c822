package org.leapfrog.kernels;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.leapfrog.kernels.nn.Elementwise;
import org.leapfrog.kernels.nn.Gemm;
import org.leapfrog.kernels.nn.RandomOpKernels;

/**
 * The numbers that Java and OpenCL C must agree on, defined once in Java: Philox purpose codes
 * ({@link RandomStream}), metric kinds, the nn op codes ({@link Elementwise}), the fused activations of the
 * matrix products ({@link Gemm}, {@code MM_*}) and the random tensor kinds ({@link RandomOpKernels},
 * {@code NN_RANDOM_*}). {@link #header()} generates
 * the C definitions ({@value #HEADER_NAME}), which {@link KernelSources#programText} puts in front of every
 * program, so {@code .cl} files use the names and never repeat the numbers.
 *
 * <p>Purposes and metric kinds are listed here; every {@code public static final int} of {@link Elementwise}
 * becomes {@code NN_<NAME>}, so an op code added there reaches the C side without another edit.
 */
public final class KernelConstants {
    /** The name the generated text goes by in messages and program listings. */
    public static final String HEADER_NAME = "lf_constants.h";

    /** Metric kinds (the {@code METRIC} build definition of the sampler kernels). */
    public static final int METRIC_UNIT = 0;
    public static final int METRIC_DIAGONAL = 1;
    public static final int METRIC_DENSE = 2;

    /** The tempered flow's tensor-op updates ({@code his_ops.cl}'s {@code op}: kick, drift, temper). */
    public static final int HIS_OP_KICK = 0;
    public static final int HIS_OP_DRIFT = 1;
    public static final int HIS_OP_TEMPER = 2;

    /**
     * One C definition.
     *
     * @param name    the C macro name
     * @param value   its value
     * @param cSuffix the C literal suffix ({@code u} for unsigned, else empty)
     * @param origin  the Java constant it comes from, for messages
     */
    public record Constant(String name, long value, String cSuffix, String origin) {
        String define() {
            // A negative value in parentheses, so that "x - MM_IDENTITY" cannot turn into "x --1".
            String v = value + cSuffix;
            return "#define " + name + " " + (value < 0 ? "(" + v + ")" : v);
        }
    }

    private static final List<Constant> ALL = collect();
    private static final String HEADER = render(ALL);

    private KernelConstants() {
    }

    /** Every shared constant, in header order. */
    public static List<Constant> all() {
        return ALL;
    }

    /** The C text of {@value #HEADER_NAME}: one {@code #define} per constant, guarded against double inclusion. */
    public static String header() {
        return HEADER;
    }

    private static List<Constant> collect() {
        List<Constant> out = new ArrayList<>();
        // Purposes are uint arguments of the Philox functions, hence the suffix.
        out.add(new Constant("LF_PURPOSE_MOMENTUM", RandomStream.PURPOSE_MOMENTUM, "u", "RandomStream.PURPOSE_MOMENTUM"));
        out.add(new Constant("LF_PURPOSE_ACCEPT", RandomStream.PURPOSE_ACCEPT, "u", "RandomStream.PURPOSE_ACCEPT"));
        out.add(new Constant("LF_PURPOSE_JITTER", RandomStream.PURPOSE_JITTER, "u", "RandomStream.PURPOSE_JITTER"));
        out.add(new Constant("LF_PURPOSE_INIT", RandomStream.PURPOSE_INIT, "u", "RandomStream.PURPOSE_INIT"));
        out.add(new Constant("LF_PURPOSE_USER", RandomStream.PURPOSE_USER, "u", "RandomStream.PURPOSE_USER"));
        out.add(new Constant("LF_METRIC_UNIT", METRIC_UNIT, "", "KernelConstants.METRIC_UNIT"));
        out.add(new Constant("LF_METRIC_DIAGONAL", METRIC_DIAGONAL, "", "KernelConstants.METRIC_DIAGONAL"));
        out.add(new Constant("LF_METRIC_DENSE", METRIC_DENSE, "", "KernelConstants.METRIC_DENSE"));
        out.addAll(intFields(Elementwise.class, "NN_"));
        out.add(new Constant("MM_IDENTITY", Gemm.IDENTITY, "", "Gemm.IDENTITY"));
        out.add(new Constant("MM_TANH", Gemm.TANH, "", "Gemm.TANH"));
        out.add(new Constant("MM_SIGMOID", Gemm.SIGMOID, "", "Gemm.SIGMOID"));
        out.add(new Constant("MM_RELU", Gemm.RELU, "", "Gemm.RELU"));
        out.add(new Constant("NN_RANDOM_NORMAL", RandomOpKernels.NORMAL, "", "RandomOpKernels.NORMAL"));
        out.add(new Constant("NN_RANDOM_UNIFORM", RandomOpKernels.UNIFORM, "", "RandomOpKernels.UNIFORM"));
        out.add(new Constant("NN_RANDOM_RADEMACHER", RandomOpKernels.RADEMACHER, "", "RandomOpKernels.RADEMACHER"));
        out.add(new Constant("NN_RANDOM_BERNOULLI", RandomOpKernels.BERNOULLI, "", "RandomOpKernels.BERNOULLI"));
        out.add(new Constant("LF_HIS_OP_KICK", HIS_OP_KICK, "", "KernelConstants.HIS_OP_KICK"));
        out.add(new Constant("LF_HIS_OP_DRIFT", HIS_OP_DRIFT, "", "KernelConstants.HIS_OP_DRIFT"));
        out.add(new Constant("LF_HIS_OP_TEMPER", HIS_OP_TEMPER, "", "KernelConstants.HIS_OP_TEMPER"));
        return Collections.unmodifiableList(out);
    }

    /** Every public static final int of {@code type} as {@code prefix + NAME}, sorted by name (field order is unspecified). */
    private static List<Constant> intFields(Class<?> type, String prefix) {
        List<Constant> out = new ArrayList<>();
        for (Field f : type.getFields()) {
            int m = f.getModifiers();
            if (Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == int.class) {
                try {
                    out.add(new Constant(prefix + f.getName(), f.getInt(null), "",
                            type.getSimpleName() + "." + f.getName()));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read " + type.getName() + "." + f.getName(), e);
                }
            }
        }
        out.sort(Comparator.comparing(Constant::name));
        return out;
    }

    private static String render(List<Constant> constants) {
        StringBuilder sb = new StringBuilder();
        sb.append("// ").append(HEADER_NAME).append(": generated from ").append(KernelConstants.class.getName())
                .append("; do not edit.\n#ifndef LF_CONSTANTS_H\n#define LF_CONSTANTS_H\n");
        for (Constant c : constants) {
            sb.append(c.define()).append('\n');
        }
        return sb.append("#endif\n").toString();
    }
}
