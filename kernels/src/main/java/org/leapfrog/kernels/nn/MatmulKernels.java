package org.leapfrog.kernels.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leapfrog.kernels.ElementType;
import org.leapfrog.kernels.JavaKernel;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Arg;

/**
 * The engine's fast matrix products ({@code org/leapfrog/kernels/nn/gemm.cl}, twins in {@link Gemm}) per precision
 * and device form: {@link Form#LANES} for CPUs (vector lanes along the batch, register blocking) and
 * {@link Form#TILED} for GPUs (local-memory tiles), same sums either way. They are 2-D launches; the twins take
 * the following ranges of work: {@code gemm} output rows, {@code gemmTransA} output columns, {@code actGrad}
 * elements. Arguments are declared once per precision in {@link GemmArgs}, {@link GemmTransAArgs} and
 * {@link ActGradArgs} (OpenCL order); the twins read them through those constants. Activation codes are
 * {@link Gemm}'s, reaching the C side as {@code MM_*} of the generated header.
 * Launch geometry: {@link #gemmGlobal}, {@link #gemmLocal}, {@link #gemmTransAGlobalRows} and its sibling,
 * {@link #localSize}.
 */
public final class MatmulKernels {
    public static final String SOURCE = "org/leapfrog/kernels/nn/gemm.cl";

    /** CPU register block of {@code gemm}: vectors of rows and columns per work-item (MM_RB, MM_CB). */
    public static final int ROW_VECTORS = 4;
    public static final int COLUMNS = 5;
    /** CPU block of {@code gemmTransA}: output rows and columns per work-item (MM_TI, MM_TJ). */
    public static final int TA_ROWS = 4;
    public static final int TA_COLUMNS = 4;
    /** CPU tile of {@code gemmTransA}: blocks of rows and of columns per work-item (MM_TBI, MM_TBJ). */
    public static final int TA_ROW_BLOCKS = 5;
    public static final int TA_COLUMN_BLOCKS = 5;
    /** GPU tile edge and work-group edge (MM_TS). */
    public static final int TILE = 16;

    /** Element type: the {@code REAL} build option and the CPU lane count. */
    public enum Precision {
        FLOAT64("double", Gemm.LANES_DOUBLE), FLOAT32("float", Gemm.LANES_FLOAT);

        final String real;
        /** Lanes of the CPU vectors, also the transposed product's partial sums. */
        public final int lanes;

        Precision(String real, int lanes) {
            this.real = real;
            this.lanes = lanes;
        }
    }

    /** Which kernels: CPU vector lanes or GPU local-memory tiles. */
    public enum Form { LANES, TILED }

    private MatmulKernels() {
    }

    /**
     * The parameters of {@code nn_gemm_lanes} and {@code nn_gemm_tiled} in one precision (the element type of
     * the buffers is the only difference): {@code y (n x C) = act(a (n x P) @ B + bias)}, bias read only when
     * hasBias is 1.
     */
    public static final class GemmArgs {
        public static final GemmArgs FLOAT64 = new GemmArgs(ElementType.FLOAT64);
        public static final GemmArgs FLOAT32 = new GemmArgs(ElementType.FLOAT32);

        public final Arg a;
        public final Arg b;
        public final Arg bias;
        public final Arg y;
        public final Arg n;
        public final Arg p;
        public final Arg c;
        public final Arg bp;
        public final Arg bc;
        public final Arg act;
        public final Arg hasBias;
        public final KernelSignature signature;

        private GemmArgs(ElementType t) {
            KernelSignature.Builder s = KernelSignature.builder();
            a = s.buffer("a", t, Access.READ);
            b = s.buffer("b", t, Access.READ);
            bias = s.buffer("bias", t, Access.READ);
            y = s.buffer("y", t, Access.WRITE);
            n = s.intScalar("n");
            p = s.intScalar("P");
            c = s.intScalar("C");
            bp = s.intScalar("bp");
            bc = s.intScalar("bc");
            act = s.intScalar("act");
            hasBias = s.intScalar("hasBias");
            signature = s.build();
        }

        public static GemmArgs of(Precision precision) {
            return precision == Precision.FLOAT64 ? FLOAT64 : FLOAT32;
        }
    }

    /**
     * The parameters of {@code nn_gemm_ta_lanes} and {@code nn_gemm_ta_tiled}: {@code y (k x m) = x^T @ g}, or with
     * hasPrev 1 {@code y = prev + x^T @ g} (prev {@code k x m}, read only then; a gradient added to the one
     * accumulated so far in the same pass).
     */
    public static final class GemmTransAArgs {
        public static final GemmTransAArgs FLOAT64 = new GemmTransAArgs(ElementType.FLOAT64);
        public static final GemmTransAArgs FLOAT32 = new GemmTransAArgs(ElementType.FLOAT32);

        public final Arg x;
        public final Arg g;
        public final Arg y;
        public final Arg n;
        public final Arg k;
        public final Arg m;
        public final Arg prev;
        public final Arg hasPrev;
        public final KernelSignature signature;

        private GemmTransAArgs(ElementType t) {
            KernelSignature.Builder s = KernelSignature.builder();
            x = s.buffer("x", t, Access.READ);
            g = s.buffer("g", t, Access.READ);
            y = s.buffer("y", t, Access.WRITE);
            n = s.intScalar("n");
            k = s.intScalar("k");
            m = s.intScalar("m");
            prev = s.buffer("prev", t, Access.READ);
            hasPrev = s.intScalar("hasPrev");
            signature = s.build();
        }

        public static GemmTransAArgs of(Precision precision) {
            return precision == Precision.FLOAT64 ? FLOAT64 : FLOAT32;
        }
    }

    /** The parameters of {@code nn_act_grad}: {@code dz = g * act'(y)}, n elements. */
    public static final class ActGradArgs {
        public static final ActGradArgs FLOAT64 = new ActGradArgs(ElementType.FLOAT64);
        public static final ActGradArgs FLOAT32 = new ActGradArgs(ElementType.FLOAT32);

        public final Arg g;
        public final Arg y;
        public final Arg dz;
        public final Arg n;
        public final Arg act;
        public final KernelSignature signature;

        private ActGradArgs(ElementType t) {
            KernelSignature.Builder s = KernelSignature.builder();
            g = s.buffer("g", t, Access.READ);
            y = s.buffer("y", t, Access.READ);
            dz = s.buffer("dz", t, Access.WRITE);
            n = s.intScalar("n");
            act = s.intScalar("act");
            signature = s.build();
        }

        public static ActGradArgs of(Precision precision) {
            return precision == Precision.FLOAT64 ? FLOAT64 : FLOAT32;
        }
    }

    /**
     * The parameters of {@code nn_act_grad_sum}: {@code dz = g * act'(y)} ({@code n x C}) and the bias's gradient
     * {@code db = [prev +] sumRows(dz)} ({@code 1 x C}; prev read only when hasPrev is 1); C work-items.
     */
    public static final class ActGradSumArgs {
        public static final ActGradSumArgs FLOAT64 = new ActGradSumArgs(ElementType.FLOAT64);
        public static final ActGradSumArgs FLOAT32 = new ActGradSumArgs(ElementType.FLOAT32);

        public final Arg g;
        public final Arg y;
        public final Arg dz;
        public final Arg db;
        public final Arg prev;
        public final Arg n;
        public final Arg c;
        public final Arg act;
        public final Arg hasPrev;
        public final KernelSignature signature;

        private ActGradSumArgs(ElementType t) {
            KernelSignature.Builder s = KernelSignature.builder();
            g = s.buffer("g", t, Access.READ);
            y = s.buffer("y", t, Access.READ);
            dz = s.buffer("dz", t, Access.WRITE);
            db = s.buffer("db", t, Access.WRITE);
            prev = s.buffer("prev", t, Access.READ);
            n = s.intScalar("n");
            c = s.intScalar("C");
            act = s.intScalar("act");
            hasPrev = s.intScalar("hasPrev");
            signature = s.build();
        }

        public static ActGradSumArgs of(Precision precision) {
            return precision == Precision.FLOAT64 ? FLOAT64 : FLOAT32;
        }
    }

    public static KernelDef gemm(Precision precision, Form form) {
        GemmArgs s = GemmArgs.of(precision);
        JavaKernel twin = precision == Precision.FLOAT64
                ? (a, from, to) -> Gemm.gemm(a.doubles(s.a), a.doubles(s.b),
                        a.intValue(s.hasBias) != 0 ? a.doubles(s.bias) : null, a.doubles(s.y), a.intValue(s.n),
                        a.intValue(s.p), a.intValue(s.c), a.intValue(s.bp), a.intValue(s.bc), a.intValue(s.act),
                        from, to)
                : (a, from, to) -> Gemm.gemm(a.floats(s.a), a.floats(s.b),
                        a.intValue(s.hasBias) != 0 ? a.floats(s.bias) : null, a.floats(s.y), a.intValue(s.n),
                        a.intValue(s.p), a.intValue(s.c), a.intValue(s.bp), a.intValue(s.bc), a.intValue(s.act),
                        from, to);
        return def("gemm", form == Form.LANES ? "nn_gemm_lanes" : "nn_gemm_tiled", precision, twin, s.signature);
    }

    public static KernelDef gemmTransA(Precision precision, Form form) {
        GemmTransAArgs s = GemmTransAArgs.of(precision);
        JavaKernel twin = precision == Precision.FLOAT64
                ? (a, from, to) -> Gemm.gemmTransA(a.doubles(s.x), a.doubles(s.g),
                        a.intValue(s.hasPrev) != 0 ? a.doubles(s.prev) : null, a.doubles(s.y), a.intValue(s.n),
                        a.intValue(s.k), a.intValue(s.m), from, to)
                : (a, from, to) -> Gemm.gemmTransA(a.floats(s.x), a.floats(s.g),
                        a.intValue(s.hasPrev) != 0 ? a.floats(s.prev) : null, a.floats(s.y), a.intValue(s.n),
                        a.intValue(s.k), a.intValue(s.m), from, to);
        return def("gemm-ta", form == Form.LANES ? "nn_gemm_ta_lanes" : "nn_gemm_ta_tiled", precision, twin,
                s.signature);
    }

    public static KernelDef actGrad(Precision precision) {
        ActGradArgs s = ActGradArgs.of(precision);
        JavaKernel twin = precision == Precision.FLOAT64
                ? (a, from, to) -> Gemm.actGrad(a.doubles(s.g), a.doubles(s.y), a.doubles(s.dz), a.intValue(s.act),
                        from, to)
                : (a, from, to) -> Gemm.actGrad(a.floats(s.g), a.floats(s.y), a.floats(s.dz), a.intValue(s.act),
                        from, to);
        return def("act-grad", "nn_act_grad", precision, twin, s.signature);
    }

    /** {@code nn_act_grad_sum}; its twin's work-items are the C columns. */
    public static KernelDef actGradSum(Precision precision) {
        ActGradSumArgs s = ActGradSumArgs.of(precision);
        JavaKernel twin = precision == Precision.FLOAT64
                ? (a, from, to) -> Gemm.actGradSum(a.doubles(s.g), a.doubles(s.y), a.doubles(s.dz), a.doubles(s.db),
                        a.intValue(s.hasPrev) != 0 ? a.doubles(s.prev) : null, a.intValue(s.n), a.intValue(s.act),
                        from, Math.min(to, a.intValue(s.c)))
                : (a, from, to) -> Gemm.actGradSum(a.floats(s.g), a.floats(s.y), a.floats(s.dz), a.floats(s.db),
                        a.intValue(s.hasPrev) != 0 ? a.floats(s.prev) : null, a.intValue(s.n), a.intValue(s.act),
                        from, Math.min(to, a.intValue(s.c)));
        return def("act-grad-sum", "nn_act_grad_sum", precision, twin, s.signature);
    }

    /** Most column blocks in one CPU work-group of {@code gemm} (they share a panel of rows). */
    public static final int MAX_GROUP_COLUMN_BLOCKS = 64;

    /**
     * The global size of a {@code gemm} launch over {@code n x c} outputs along {@code dim}: for TILED (rows, columns)
     * rounded up to tiles; for LANES (column blocks, row panels).
     */
    public static long gemmGlobal(Precision precision, Form form, int n, int c, int dim) {
        if (form == Form.TILED) {
            return dim == 0 ? roundUp(n, TILE) : roundUp(c, TILE);
        }
        return dim == 0 ? ceilDiv(c, COLUMNS) : ceilDiv(n, (long) ROW_VECTORS * precision.lanes);
    }

    /** The work-group size of a {@code gemm} launch along {@code dim}: tiles, or column blocks by one row panel. */
    public static long gemmLocal(Form form, int c, int dim) {
        if (form == Form.TILED) {
            return TILE;
        }
        return dim == 0 ? Math.min(MAX_GROUP_COLUMN_BLOCKS, ceilDiv(c, COLUMNS)) : 1;
    }

    /** Global size along dimension 0 of a {@code gemmTransA} launch over {@code k} output rows. */
    public static long gemmTransAGlobalRows(Form form, int k) {
        return form == Form.TILED ? roundUp(k, TILE) : ceilDiv(k, (long) TA_ROWS * TA_ROW_BLOCKS);
    }

    /** Global size along dimension 1 of a {@code gemmTransA} launch over {@code m} output columns. */
    public static long gemmTransAGlobalColumns(Form form, int m) {
        return form == Form.TILED ? roundUp(m, TILE) : ceilDiv(m, (long) TA_COLUMNS * TA_COLUMN_BLOCKS);
    }

    /**
     * The work-group edge of a {@code gemmTransA} launch: {@link #TILE} for TILED; 1 for LANES, whose few large
     * work-items (one tile each) must spread over all cores (the device's own choice put them in too few groups).
     */
    public static int localSize(Form form) {
        return form == Form.TILED ? TILE : 1;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static long roundUp(long a, long b) {
        return ceilDiv(a, b) * b;
    }

    private static KernelDef def(String name, String entry, Precision precision, JavaKernel twin,
                                 KernelSignature signature) {
        Map<String, String> defines = new LinkedHashMap<>();
        defines.put("REAL", precision.real);
        defines.put("MM_W", Integer.toString(precision.lanes));
        defines.put("MM_RB", Integer.toString(ROW_VECTORS));
        defines.put("MM_CB", Integer.toString(COLUMNS));
        defines.put("MM_TI", Integer.toString(TA_ROWS));
        defines.put("MM_TJ", Integer.toString(TA_COLUMNS));
        defines.put("MM_TBI", Integer.toString(TA_ROW_BLOCKS));
        defines.put("MM_TBJ", Integer.toString(TA_COLUMN_BLOCKS));
        defines.put("MM_TS", Integer.toString(TILE));
        return new KernelDef(name + "-" + precision.real, entry, List.of(SOURCE), "", defines, twin, signature);
    }
}
