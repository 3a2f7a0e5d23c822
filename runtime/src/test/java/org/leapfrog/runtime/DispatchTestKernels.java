package org.leapfrog.runtime;

import java.util.List;
import java.util.Map;
import org.leapfrog.kernels.JavaKernel2d;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Arg;
import org.leapfrog.runtime.graph.TestKernels;

/** Small kernels with signatures (OpenCL C plus Java twin) for buffers, dispatchers and 2-D ranges. */
final class DispatchTestKernels {
    private DispatchTestKernels() {
    }

    /** {@code x[i] += delta} for i < n. */
    static final class AddArgs {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        static final Arg N = B.intScalar("n");
        static final Arg X = B.doubles("x", Access.READ_WRITE);
        static final Arg DELTA = B.doubleScalar("delta");
        static final KernelSignature SIGNATURE = B.build();
    }

    /** The task-graph tests' unsigned {@code add} kernel with its parameters declared. */
    static final KernelDef ADD = TestKernels.ADD.withSignature(AddArgs.SIGNATURE);

    /** {@code y[i] = 2 x[i] + i} for i < n, with seed (long) added to y[0]: every scalar kind in one kernel. */
    static final class AffineArgs {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        static final Arg N = B.intScalar("n");
        static final Arg X = B.doubles("x", Access.READ);
        static final Arg Y = B.doubles("y", Access.WRITE);
        static final Arg SEED = B.longScalar("seed");
        static final KernelSignature SIGNATURE = B.build();
    }

    static final KernelDef AFFINE = new KernelDef("affine", "lf_test_affine", List.of(),
            "__kernel void lf_test_affine(int n, __global const double *x, __global double *y, ulong seed) {\n"
                    + "    int i = get_global_id(0);\n"
                    + "    if (i < n) y[i] = 2.0 * x[i] + i + (i == 0 ? (double) seed : 0.0);\n"
                    + "}\n",
            Map.of("REAL", "double"), (a, from, to) -> {
                double[] x = a.doubles(AffineArgs.X), y = a.doubles(AffineArgs.Y);
                long seed = a.longValue(AffineArgs.SEED);
                for (int i = from; i < Math.min(to, a.intValue(AffineArgs.N)); i++) {
                    y[i] = 2.0 * x[i] + i + (i == 0 ? (double) seed : 0.0);
                }
            }, AffineArgs.SIGNATURE);

    /** The 2-D kernels' parameters: a w x h row-major input and its output. */
    static final class GridArgs {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        static final Arg IN = B.doubles("in", Access.READ);
        static final Arg OUT = B.doubles("out", Access.WRITE);
        static final Arg W = B.intScalar("w");
        static final Arg H = B.intScalar("h");
        static final KernelSignature SIGNATURE = B.build();
    }

    /**
     * The transpose {@code out[x * h + y] = in[y * w + x]} through a local-memory tile: needs square work-groups
     * of at most 16 x 16 (it reads the tile back transposed, so the local size decides which item writes what).
     */
    static final KernelDef TRANSPOSE = new KernelDef("transpose", "lf_test_transpose", List.of(),
            "#define TILE 16\n"
                    + "__kernel void lf_test_transpose(__global const double *in, __global double *out, int w, int h) {\n"
                    + "    __local double tile[TILE][TILE + 1];\n"
                    + "    int lx = get_local_id(0), ly = get_local_id(1);\n"
                    + "    int x = get_global_id(0), y = get_global_id(1);\n"
                    + "    if (x < w && y < h) tile[ly][lx] = in[y * w + x];\n"
                    + "    barrier(CLK_LOCAL_MEM_FENCE);\n"
                    + "    int oy = get_group_id(0) * get_local_size(0) + ly;\n"
                    + "    int ox = get_group_id(1) * get_local_size(1) + lx;\n"
                    + "    if (oy < w && ox < h) out[oy * h + ox] = tile[lx][ly];\n"
                    + "}\n",
            Map.of("REAL", "double"), (JavaKernel2d) (a, x0, x1, y0, y1) -> {
                double[] in = a.doubles(GridArgs.IN), out = a.doubles(GridArgs.OUT);
                int w = a.intValue(GridArgs.W), h = a.intValue(GridArgs.H);
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        out[x * h + y] = in[y * w + x];
                    }
                }
            }, GridArgs.SIGNATURE);

    /** {@code out[y * w + x] = in[y * w + x] * 3 + x - 2 y} over a w x h range, any work-group shape. */
    static final KernelDef GRID_AFFINE = new KernelDef("grid-affine", "lf_test_grid_affine", List.of(),
            "__kernel void lf_test_grid_affine(__global const double *in, __global double *out, int w, int h) {\n"
                    + "    int x = get_global_id(0), y = get_global_id(1);\n"
                    + "    if (x < w && y < h) out[y * w + x] = in[y * w + x] * 4.0 + x - 2.0 * y;\n"
                    + "}\n",
            Map.of("REAL", "double"), (JavaKernel2d) (a, x0, x1, y0, y1) -> {
                double[] in = a.doubles(GridArgs.IN), out = a.doubles(GridArgs.OUT);
                int w = a.intValue(GridArgs.W);
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        out[y * w + x] = in[y * w + x] * 4.0 + x - 2.0 * y;
                    }
                }
            }, GridArgs.SIGNATURE);
}
