package org.leapfrog.kernels.nn;

import java.util.List;
import org.leapfrog.kernels.KernelDef;

/**
 * The autodiff engine's kernels ({@code org/leapfrog/kernels/nn/*.cl}), one program built with
 * {@code -DREAL=double}. Each definition's twin takes the OpenCL kernel's arguments by position and runs the
 * Java loop of {@link Elementwise}, {@link Products} or {@link Sums} over work-items {@code [from, to)}.
 * Parameter lists (OpenCL order) are given per kernel.
 */
public final class NnKernels {
    /** The program's sources; every nn kernel names all of them, so the program is built once. */
    public static final List<String> SOURCES = List.of(
            "org/leapfrog/kernels/nn/elementwise.cl",
            "org/leapfrog/kernels/nn/matmul.cl",
            "org/leapfrog/kernels/nn/reduce.cl");

    /** {@code (int op, double p, double q, x, y, int n)}; n work-items. */
    public static final KernelDef UNARY = def("nn_unary", (a, from, to) -> Elementwise.unary(
            a.intValue(0), a.doubleValue(1), a.doubleValue(2), a.doubles(3), a.doubles(4), from, to));

    /** {@code (int op, a, int ar, int ac, b, int br, int bc, y, int rows, int cols)}; rows * cols work-items. */
    public static final KernelDef BINARY = def("nn_binary", (a, from, to) -> Elementwise.binary(
            a.intValue(0), a.doubles(1), a.intValue(2), a.intValue(3), a.doubles(4), a.intValue(5), a.intValue(6),
            a.doubles(7), a.intValue(8), a.intValue(9), from, to));

    /** {@code (a, int ar, int ac, y, int rows, int cols)}; rows * cols work-items. */
    public static final KernelDef EXPAND = def("nn_expand", (a, from, to) -> Elementwise.expand(
            a.doubles(0), a.intValue(1), a.intValue(2), a.doubles(3), a.intValue(4), a.intValue(5), from, to));

    /** {@code (mask, int mc, a, b, y, int rows, int cols)}; rows * cols work-items. */
    public static final KernelDef SELECT = def("nn_select", (a, from, to) -> Elementwise.select(
            a.doubles(0), a.intValue(1), a.doubles(2), a.doubles(3), a.doubles(4), a.intValue(5), a.intValue(6),
            from, to));

    /** {@code (y, int off, double v, int n)}; n work-items. */
    public static final KernelDef FILL = def("nn_fill", (a, from, to) -> Elementwise.fill(
            a.doubles(0), a.intValue(1), a.doubleValue(2), from, to));

    /** {@code (src, int srcOff, dst, int dstOff, int n)}; n work-items. */
    public static final KernelDef COPY = def("nn_copy", (a, from, to) -> Elementwise.copy(
            a.doubles(0), a.intValue(1), a.doubles(2), a.intValue(3), from, to));

    /** {@code (x, w, y, int n, int k, int m)}; n * m work-items. */
    public static final KernelDef MATMUL = def("nn_matmul", (a, from, to) -> Products.matmul(
            a.doubles(0), a.doubles(1), a.doubles(2), a.intValue(3), a.intValue(4), a.intValue(5), from, to));

    /** {@code (g, w, y, int n, int k, int m)}; n * k work-items. */
    public static final KernelDef MATMUL_TRANS_B = def("nn_matmul_tb", (a, from, to) -> Products.matmulTransB(
            a.doubles(0), a.doubles(1), a.doubles(2), a.intValue(3), a.intValue(4), a.intValue(5), from, to));

    /** {@code (x, g, y, int n, int k, int m)}; k * m work-items. */
    public static final KernelDef MATMUL_TRANS_A = def("nn_matmul_ta", (a, from, to) -> Products.matmulTransA(
            a.doubles(0), a.doubles(1), a.doubles(2), a.intValue(3), a.intValue(4), a.intValue(5), from, to));

    /** {@code (x, y, int rows, int cols)}; cols work-items. */
    public static final KernelDef SUM_ROWS = def("nn_sum_rows", (a, from, to) -> Sums.sumRows(
            a.doubles(0), a.doubles(1), a.intValue(2), a.intValue(3), from, to));

    /** {@code (x, y, int rows, int cols)}; rows work-items. */
    public static final KernelDef SUM_COLS = def("nn_sum_cols", (a, from, to) -> Sums.sumCols(
            a.doubles(0), a.doubles(1), a.intValue(2), a.intValue(3), from, to));

    /** Every kernel above. */
    public static final List<KernelDef> ALL = List.of(UNARY, BINARY, EXPAND, SELECT, FILL, COPY, MATMUL,
            MATMUL_TRANS_B, MATMUL_TRANS_A, SUM_ROWS, SUM_COLS);

    private NnKernels() {
    }

    private static KernelDef def(String entryPoint, org.leapfrog.kernels.JavaKernel twin) {
        return KernelDef.of(entryPoint, entryPoint, twin, SOURCES.toArray(new String[0]));
    }
}
