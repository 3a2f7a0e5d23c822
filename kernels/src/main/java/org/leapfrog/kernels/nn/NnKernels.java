package org.leapfrog.kernels.nn;

import java.util.List;
import java.util.Map;
import org.leapfrog.kernels.ElementType;
import org.leapfrog.kernels.JavaKernel;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Arg;

/**
 * The autodiff engine's kernels ({@code org/leapfrog/kernels/nn/*.cl}), one program built with
 * {@code -DREAL=double}. Each kernel's parameters are declared once in its nested class (OpenCL order); its twin
 * reads them through those constants and runs the Java loop of {@link Elementwise} or
 * {@link Sums} over work-items {@code [from, to)}. {@link Float32} holds the same kernels built with
 * {@code -DREAL=float}: float buffers at the same positions, the double scalars unchanged (the kernels round
 * them to float once), float twins.
 */
public final class NnKernels {
    /** The program's sources; every nn kernel names all of them, so the program is built once. */
    public static final List<String> SOURCES = List.of(
            "org/leapfrog/kernels/nn/elementwise.cl",
            "org/leapfrog/kernels/nn/reduce.cl");

    /** {@code y = f(x; p, q)}; n work-items. */
    public static final class Unary {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg OP = B.intScalar("op");
        public static final Arg P = B.doubleScalar("p");
        public static final Arg Q = B.doubleScalar("q");
        public static final Arg X = B.doubles("x", Access.READ);
        public static final Arg Y = B.doubles("y", Access.WRITE);
        public static final Arg N = B.intScalar("n");
        public static final KernelSignature SIGNATURE = B.build();

        private Unary() {
        }
    }

    /** {@code y = a op b} with broadcasting; rows * cols work-items. */
    public static final class Binary {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg OP = B.intScalar("op");
        public static final Arg A = B.doubles("a", Access.READ);
        public static final Arg AR = B.intScalar("ar");
        public static final Arg AC = B.intScalar("ac");
        public static final Arg BV = B.doubles("b", Access.READ);
        public static final Arg BR = B.intScalar("br");
        public static final Arg BC = B.intScalar("bc");
        public static final Arg Y = B.doubles("y", Access.WRITE);
        public static final Arg ROWS = B.intScalar("rows");
        public static final Arg COLS = B.intScalar("cols");
        public static final KernelSignature SIGNATURE = B.build();

        private Binary() {
        }
    }

    /** {@code y = broadcast(a)}; rows * cols work-items. */
    public static final class Expand {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg A = B.doubles("a", Access.READ);
        public static final Arg AR = B.intScalar("ar");
        public static final Arg AC = B.intScalar("ac");
        public static final Arg Y = B.doubles("y", Access.WRITE);
        public static final Arg ROWS = B.intScalar("rows");
        public static final Arg COLS = B.intScalar("cols");
        public static final KernelSignature SIGNATURE = B.build();

        private Expand() {
        }
    }

    /** {@code y = mask != 0 ? a : b}; rows * cols work-items. */
    public static final class Select {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg MASK = B.doubles("mask", Access.READ);
        public static final Arg MC = B.intScalar("mc");
        public static final Arg A = B.doubles("a", Access.READ);
        public static final Arg BV = B.doubles("b", Access.READ);
        public static final Arg Y = B.doubles("y", Access.WRITE);
        public static final Arg ROWS = B.intScalar("rows");
        public static final Arg COLS = B.intScalar("cols");
        public static final KernelSignature SIGNATURE = B.build();

        private Select() {
        }
    }

    /** {@code y[off + i] = v}; n work-items (the rest of y is kept, hence read-write). */
    public static final class Fill {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg Y = B.doubles("y", Access.READ_WRITE);
        public static final Arg OFF = B.intScalar("off");
        public static final Arg V = B.doubleScalar("v");
        public static final Arg N = B.intScalar("n");
        public static final KernelSignature SIGNATURE = B.build();

        private Fill() {
        }
    }

    /** {@code dst[dstOff + i] = src[srcOff + i]}; n work-items. */
    public static final class Copy {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg SRC = B.doubles("src", Access.READ);
        public static final Arg SRC_OFF = B.intScalar("srcOff");
        public static final Arg DST = B.doubles("dst", Access.READ_WRITE);
        public static final Arg DST_OFF = B.intScalar("dstOff");
        public static final Arg N = B.intScalar("n");
        public static final KernelSignature SIGNATURE = B.build();

        private Copy() {
        }
    }

    /** {@code (x, y, int rows, int cols)}: the two sums. */
    public static final class Sum {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg X = B.doubles("x", Access.READ);
        public static final Arg Y = B.doubles("y", Access.WRITE);
        public static final Arg ROWS = B.intScalar("rows");
        public static final Arg COLS = B.intScalar("cols");
        public static final KernelSignature SIGNATURE = B.build();

        private Sum() {
        }
    }

    /** {@code (x, prev, y, int rows, int cols)}: {@code y = prev + the sum over rows}. */
    public static final class SumAcc {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg X = B.doubles("x", Access.READ);
        public static final Arg PREV = B.doubles("prev", Access.READ);
        public static final Arg Y = B.doubles("y", Access.WRITE);
        public static final Arg ROWS = B.intScalar("rows");
        public static final Arg COLS = B.intScalar("cols");
        public static final KernelSignature SIGNATURE = B.build();

        private SumAcc() {
        }
    }

    public static final KernelDef UNARY = def("nn_unary", Unary.SIGNATURE, (a, from, to) -> Elementwise.unary(
            a.intValue(Unary.OP), a.doubleValue(Unary.P), a.doubleValue(Unary.Q), a.doubles(Unary.X),
            a.doubles(Unary.Y), from, to));

    public static final KernelDef BINARY = def("nn_binary", Binary.SIGNATURE, (a, from, to) -> Elementwise.binary(
            a.intValue(Binary.OP), a.doubles(Binary.A), a.intValue(Binary.AR), a.intValue(Binary.AC),
            a.doubles(Binary.BV), a.intValue(Binary.BR), a.intValue(Binary.BC), a.doubles(Binary.Y),
            a.intValue(Binary.ROWS), a.intValue(Binary.COLS), from, to));

    public static final KernelDef EXPAND = def("nn_expand", Expand.SIGNATURE, (a, from, to) -> Elementwise.expand(
            a.doubles(Expand.A), a.intValue(Expand.AR), a.intValue(Expand.AC), a.doubles(Expand.Y),
            a.intValue(Expand.ROWS), a.intValue(Expand.COLS), from, to));

    public static final KernelDef SELECT = def("nn_select", Select.SIGNATURE, (a, from, to) -> Elementwise.select(
            a.doubles(Select.MASK), a.intValue(Select.MC), a.doubles(Select.A), a.doubles(Select.BV),
            a.doubles(Select.Y), a.intValue(Select.ROWS), a.intValue(Select.COLS), from, to));

    public static final KernelDef FILL = def("nn_fill", Fill.SIGNATURE, (a, from, to) -> Elementwise.fill(
            a.doubles(Fill.Y), a.intValue(Fill.OFF), a.doubleValue(Fill.V), from, to));

    public static final KernelDef COPY = def("nn_copy", Copy.SIGNATURE, (a, from, to) -> Elementwise.copy(
            a.doubles(Copy.SRC), a.intValue(Copy.SRC_OFF), a.doubles(Copy.DST), a.intValue(Copy.DST_OFF), from, to));

    /** Sums over rows: cols work-items. */
    public static final KernelDef SUM_ROWS = def("nn_sum_rows", Sum.SIGNATURE, (a, from, to) -> Sums.sumRows(
            a.doubles(Sum.X), a.doubles(Sum.Y), a.intValue(Sum.ROWS), a.intValue(Sum.COLS), from, to));

    /** Sums over columns: rows work-items. */
    public static final KernelDef SUM_COLS = def("nn_sum_cols", Sum.SIGNATURE, (a, from, to) -> Sums.sumCols(
            a.doubles(Sum.X), a.doubles(Sum.Y), a.intValue(Sum.ROWS), a.intValue(Sum.COLS), from, to));

    /** {@code prev + } sums over rows (a gradient added to the one accumulated so far): cols work-items. */
    public static final KernelDef SUM_ROWS_ACC = def("nn_sum_rows_acc", SumAcc.SIGNATURE, (a, from, to) ->
            Sums.sumRowsAcc(a.doubles(SumAcc.X), a.doubles(SumAcc.PREV), a.doubles(SumAcc.Y), a.intValue(SumAcc.ROWS),
                    a.intValue(SumAcc.COLS), from, to));

    /** Every kernel above. */
    public static final List<KernelDef> ALL = List.of(UNARY, BINARY, EXPAND, SELECT, FILL, COPY, SUM_ROWS,
            SUM_COLS, SUM_ROWS_ACC);

    private NnKernels() {
    }

    private static KernelDef def(String entryPoint, KernelSignature signature, JavaKernel twin) {
        return KernelDef.of(entryPoint, entryPoint, signature, twin, SOURCES.toArray(new String[0]));
    }

    /**
     * The same kernels in float32 ({@code REAL=float}): each signature is its float64 one with every float64
     * buffer declared float32, so the argument constants of the nested classes above address both; the twins
     * are the float overloads of {@link Elementwise} and {@link Sums}.
     */
    public static final class Float32 {
        public static final KernelDef UNARY = def32(NnKernels.UNARY, (a, from, to) -> Elementwise.unary(
                a.intValue(Unary.OP), a.doubleValue(Unary.P), a.doubleValue(Unary.Q), a.floats(Unary.X),
                a.floats(Unary.Y), from, to));

        public static final KernelDef BINARY = def32(NnKernels.BINARY, (a, from, to) -> Elementwise.binary(
                a.intValue(Binary.OP), a.floats(Binary.A), a.intValue(Binary.AR), a.intValue(Binary.AC),
                a.floats(Binary.BV), a.intValue(Binary.BR), a.intValue(Binary.BC), a.floats(Binary.Y),
                a.intValue(Binary.ROWS), a.intValue(Binary.COLS), from, to));

        public static final KernelDef EXPAND = def32(NnKernels.EXPAND, (a, from, to) -> Elementwise.expand(
                a.floats(Expand.A), a.intValue(Expand.AR), a.intValue(Expand.AC), a.floats(Expand.Y),
                a.intValue(Expand.ROWS), a.intValue(Expand.COLS), from, to));

        public static final KernelDef SELECT = def32(NnKernels.SELECT, (a, from, to) -> Elementwise.select(
                a.floats(Select.MASK), a.intValue(Select.MC), a.floats(Select.A), a.floats(Select.BV),
                a.floats(Select.Y), a.intValue(Select.ROWS), a.intValue(Select.COLS), from, to));

        public static final KernelDef FILL = def32(NnKernels.FILL, (a, from, to) -> Elementwise.fill(
                a.floats(Fill.Y), a.intValue(Fill.OFF), a.doubleValue(Fill.V), from, to));

        public static final KernelDef COPY = def32(NnKernels.COPY, (a, from, to) -> Elementwise.copy(
                a.floats(Copy.SRC), a.intValue(Copy.SRC_OFF), a.floats(Copy.DST), a.intValue(Copy.DST_OFF),
                from, to));

        public static final KernelDef SUM_ROWS = def32(NnKernels.SUM_ROWS, (a, from, to) -> Sums.sumRows(
                a.floats(Sum.X), a.floats(Sum.Y), a.intValue(Sum.ROWS), a.intValue(Sum.COLS), from, to));

        public static final KernelDef SUM_COLS = def32(NnKernels.SUM_COLS, (a, from, to) -> Sums.sumCols(
                a.floats(Sum.X), a.floats(Sum.Y), a.intValue(Sum.ROWS), a.intValue(Sum.COLS), from, to));

        public static final KernelDef SUM_ROWS_ACC = def32(NnKernels.SUM_ROWS_ACC, (a, from, to) -> Sums.sumRowsAcc(
                a.floats(SumAcc.X), a.floats(SumAcc.PREV), a.floats(SumAcc.Y), a.intValue(SumAcc.ROWS),
                a.intValue(SumAcc.COLS), from, to));

        /** Every kernel above, in the order of {@link NnKernels#ALL}. */
        public static final List<KernelDef> ALL = List.of(UNARY, BINARY, EXPAND, SELECT, FILL, COPY, SUM_ROWS,
                SUM_COLS, SUM_ROWS_ACC);

        private Float32() {
        }
    }

    /** The kernels of one precision, in the order of {@link #ALL}: FLOAT64 or FLOAT32. */
    public static List<KernelDef> all(ElementType precision) {
        return switch (precision) {
            case FLOAT64 -> ALL;
            case FLOAT32 -> Float32.ALL;
            default -> throw new IllegalArgumentException("precision: " + precision + "; allowed: FLOAT64, FLOAT32");
        };
    }

    /** {@code def} rebuilt with {@code REAL=float}, its float64 buffers declared float32, and a float twin. */
    private static KernelDef def32(KernelDef def, JavaKernel twin) {
        return new KernelDef(def.name() + "-float", def.entryPoint(), SOURCES, "", Map.of("REAL", "float"), twin,
                float32Signature(def.signature()));
    }

    /** {@code s} with every float64 buffer declared float32 (same names, positions and access). */
    static KernelSignature float32Signature(KernelSignature s) {
        KernelSignature.Builder b = KernelSignature.builder();
        for (Arg a : s.args()) {
            switch (a.kind()) {
                case BUFFER -> b.buffer(a.name(), a.elementType() == ElementType.FLOAT64 ? ElementType.FLOAT32
                        : a.elementType(), a.access());
                case INT -> b.intScalar(a.name());
                case LONG -> b.longScalar(a.name());
                case DOUBLE -> b.doubleScalar(a.name());
                default -> throw new IllegalStateException("argument kind: " + a.kind());
            }
        }
        return b.build();
    }
}
