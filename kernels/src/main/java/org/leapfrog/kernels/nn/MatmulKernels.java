package org.leapfrog.kernels.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leapfrog.kernels.JavaKernel;
import org.leapfrog.kernels.KernelDef;

/**
 * The engine's fast matrix products ({@code org/leapfrog/kernels/nn/gemm.cl}, twins in {@link Gemm}) per precision
 * and device form: {@link Form#LANES} for CPUs (vector lanes along the batch, register blocking) and
 * {@link Form#TILED} for GPUs (local-memory tiles), same sums either way. They are 2-D launches; the twins take
 * the following ranges of work: {@code gemm} output rows, {@code gemmTransA} output columns, {@code actGrad}
 * elements. Arguments (OpenCL order):
 * <ul>
 *   <li>{@code gemm}: {@code (a, b, bias, y, int n, int P, int C, int bp, int bc, int act, int hasBias)};</li>
 *   <li>{@code gemmTransA}: {@code (x, g, y, int n, int k, int m)};</li>
 *   <li>{@code actGrad}: {@code (g, y, dz, int n, int act)}, one work-item per element.</li>
 * </ul>
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

    public static KernelDef gemm(Precision precision, Form form) {
        JavaKernel twin = precision == Precision.FLOAT64
                ? (a, from, to) -> Gemm.gemm(a.doubles(0), a.doubles(1), a.intValue(10) != 0 ? a.doubles(2) : null,
                        a.doubles(3), a.intValue(4), a.intValue(5), a.intValue(6), a.intValue(7), a.intValue(8),
                        a.intValue(9), from, to)
                : (a, from, to) -> Gemm.gemm(a.floats(0), a.floats(1), a.intValue(10) != 0 ? a.floats(2) : null,
                        a.floats(3), a.intValue(4), a.intValue(5), a.intValue(6), a.intValue(7), a.intValue(8),
                        a.intValue(9), from, to);
        return def("gemm", form == Form.LANES ? "nn_gemm_lanes" : "nn_gemm_tiled", precision, twin);
    }

    public static KernelDef gemmTransA(Precision precision, Form form) {
        JavaKernel twin = precision == Precision.FLOAT64
                ? (a, from, to) -> Gemm.gemmTransA(a.doubles(0), a.doubles(1), a.doubles(2), a.intValue(3),
                        a.intValue(4), a.intValue(5), from, to)
                : (a, from, to) -> Gemm.gemmTransA(a.floats(0), a.floats(1), a.floats(2), a.intValue(3),
                        a.intValue(4), a.intValue(5), from, to);
        return def("gemm-ta", form == Form.LANES ? "nn_gemm_ta_lanes" : "nn_gemm_ta_tiled", precision, twin);
    }

    public static KernelDef actGrad(Precision precision) {
        JavaKernel twin = precision == Precision.FLOAT64
                ? (a, from, to) -> Gemm.actGrad(a.doubles(0), a.doubles(1), a.doubles(2), a.intValue(4), from, to)
                : (a, from, to) -> Gemm.actGrad(a.floats(0), a.floats(1), a.floats(2), a.intValue(4), from, to);
        return def("act-grad", "nn_act_grad", precision, twin);
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
        return form == Form.TILED ? roundUp(k, TILE) : ceilDiv(k, TA_ROWS);
    }

    /** Global size along dimension 1 of a {@code gemmTransA} launch over {@code m} output columns. */
    public static long gemmTransAGlobalColumns(Form form, int m) {
        return form == Form.TILED ? roundUp(m, TILE) : ceilDiv(m, TA_COLUMNS);
    }

    /** The work-group edge of a {@code gemmTransA} launch: {@link #TILE} for TILED, 0 (the device's choice) for LANES. */
    public static int localSize(Form form) {
        return form == Form.TILED ? TILE : 0;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static long roundUp(long a, long b) {
        return ceilDiv(a, b) * b;
    }

    private static KernelDef def(String name, String entry, Precision precision, JavaKernel twin) {
        Map<String, String> defines = new LinkedHashMap<>();
        defines.put("REAL", precision.real);
        defines.put("MM_W", Integer.toString(precision.lanes));
        defines.put("MM_RB", Integer.toString(ROW_VECTORS));
        defines.put("MM_CB", Integer.toString(COLUMNS));
        defines.put("MM_TI", Integer.toString(TA_ROWS));
        defines.put("MM_TJ", Integer.toString(TA_COLUMNS));
        defines.put("MM_TS", Integer.toString(TILE));
        return new KernelDef(name + "-" + precision.real, entry, List.of(SOURCE), "", defines, twin);
    }
}
