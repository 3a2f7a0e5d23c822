package org.leapfrog.runtime.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.nn.Elementwise;
import org.leapfrog.kernels.nn.NnKernels;

/**
 * Every autodiff kernel ({@link NnKernels}) launched through {@link KernelLauncher} against its Java twin on
 * random inputs. Sizes are not multiples of the global-size rounding, and outputs are larger than the
 * work, so writes past the element count would show. Tolerances: +, -, *, /, sqrt, copies and plain sums
 * are correctly rounded on both sides and must agree exactly; transcendental functions may differ by the
 * few ulps OpenCL allows (exp 3, tanh 5, log1p 2) against Java's 1 ulp, hence 16 ulps; products may be
 * contracted to fused multiply-adds by the OpenCL compiler (allowed by default), which changes each
 * product's rounding by at most 1 ulp of the running sum: with at most 70 terms of size 1, 1e-13 bounds it.
 */
class NnKernelsConformanceTest extends OpenClLauncherTest {
    private static final int SENTINEL_PAD = 37;

    private enum Tolerance { EXACT, ULPS, PRODUCT }

    /**
     * Runs {@code def} on both sides with the given arguments (arrays are copied for each side) and compares
     * argument {@code out}, which both sides start filled with a sentinel.
     */
    private static void check(String what, KernelDef def, int workItems, int out, Tolerance tol, Object... args) {
        Object[] javaArgs = args.clone();
        Object[] clArgs = args.clone();
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof double[] a) {
                double[] v = i == out ? filled(a.length) : a;
                javaArgs[i] = v.clone();
                clArgs[i] = v.clone();
            }
        }
        def.twin().run(new TwinArgs(javaArgs), 0, workItems);

        List<ClBuffer> buffers = new ArrayList<>();
        try {
            KernelLauncher.Launch l = launcher.kernel(def);
            ClBuffer outBuffer = bind(l, clArgs, buffers)[out];
            l.run(workItems);
            launcher.read(outBuffer, (double[]) clArgs[out], ((double[]) clArgs[out]).length);
        } finally {
            buffers.forEach(ClBuffer::close);
        }
        compare(what, (double[]) javaArgs[out], (double[]) clArgs[out], tol);
    }

    private static double[] filled(int n) {
        double[] d = new double[n];
        Arrays.fill(d, SENTINEL);
        return d;
    }

    private static void compare(String what, double[] java, double[] cl, Tolerance tol) {
        for (int i = 0; i < java.length; i++) {
            double a = java[i];
            double b = cl[i];
            boolean ok = switch (tol) {
                case EXACT -> Double.compare(a, b) == 0;
                case ULPS -> Double.compare(a, b) == 0 || Math.abs(a - b) <= 16 * Math.ulp(Math.abs(a));
                case PRODUCT -> Math.abs(a - b) <= 1e-13 * Math.max(1.0, Math.abs(a));
            };
            if (!ok) {
                fail(what + ": element " + i + ": java " + a + ", opencl " + b);
            }
        }
    }

    private static double[] random(SplittableRandom rng, int n, double lo, double hi) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = lo + (hi - lo) * rng.nextDouble();
        }
        return d;
    }

    @Test
    void unaryOps() {
        SplittableRandom rng = new SplittableRandom(1);
        int n = 203;
        for (int op = 0; op < Elementwise.UNARY_OPS; op++) {
            boolean positive = op == Elementwise.LOG || op == Elementwise.SQRT || op == Elementwise.RECIPROCAL;
            double[] x = positive ? random(rng, n + SENTINEL_PAD, 0.01, 5) : random(rng, n + SENTINEL_PAD, -30, 30);
            x[3] = 0.0;
            x[4] = -0.5;
            x[5] = 0.8;
            if (op == Elementwise.LOG1P) {
                x = random(rng, n + SENTINEL_PAD, -0.99, 30);
            }
            double p = switch (op) {
                case Elementwise.ADD_SCALAR -> 0.7;
                case Elementwise.MUL_SCALAR -> -1.3;
                case Elementwise.ELU -> 0.6;
                default -> -0.5;
            };
            boolean exact = op <= Elementwise.RECIPROCAL || op == Elementwise.SQRT || op == Elementwise.SQUARE
                    || op >= Elementwise.RELU && op != Elementwise.ELU;
            check("unary op " + op, NnKernels.UNARY, n, 4, exact ? Tolerance.EXACT : Tolerance.ULPS,
                    op, p, 0.8, x, new double[n + SENTINEL_PAD], n);
        }
    }

    @Test
    void binaryOpsWithBroadcasting() {
        SplittableRandom rng = new SplittableRandom(2);
        int rows = 67;
        int cols = 5;
        int[][] shapes = {{rows, cols, rows, cols}, {rows, cols, 1, cols}, {rows, 1, rows, cols}, {1, 1, rows, cols},
                {1, cols, rows, 1}, {rows, cols, 1, 1}};
        for (int op = 0; op < Elementwise.BINARY_OPS; op++) {
            for (int[] s : shapes) {
                double[] a = random(rng, s[0] * s[1], 0.5, 2);
                double[] b = random(rng, s[2] * s[3], 0.5, 2);
                check("binary op " + op + " " + Arrays.toString(s), NnKernels.BINARY, rows * cols, 7, Tolerance.EXACT,
                        op, a, s[0], s[1], b, s[2], s[3], new double[rows * cols + SENTINEL_PAD], rows, cols);
            }
        }
    }

    @Test
    void expandSelectFillCopy() {
        SplittableRandom rng = new SplittableRandom(3);
        int rows = 71;
        int cols = 3;
        int size = rows * cols + SENTINEL_PAD;
        for (int[] s : new int[][] {{1, cols}, {rows, 1}, {1, 1}}) {
            check("expand " + Arrays.toString(s), NnKernels.EXPAND, rows * cols, 3, Tolerance.EXACT,
                    random(rng, s[0] * s[1], -1, 1), s[0], s[1], new double[size], rows, cols);
        }
        for (int mc : new int[] {cols, 1}) {
            double[] mask = new double[rows * mc];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = rng.nextInt(3) - 1;
            }
            check("select mask cols " + mc, NnKernels.SELECT, rows * cols, 4, Tolerance.EXACT, mask, mc,
                    random(rng, rows * cols, -1, 1), random(rng, rows * cols, -1, 1), new double[size], rows, cols);
        }
        check("fill", NnKernels.FILL, 100, 0, Tolerance.EXACT, new double[140], 5, 2.5, 100);
        check("copy", NnKernels.COPY, 90, 2, Tolerance.EXACT, random(rng, 100, -1, 1), 3, new double[140], 7, 90);
    }

    @Test
    void products() {
        SplittableRandom rng = new SplittableRandom(4);
        int n = 67;
        for (int[] km : new int[][] {{9, 5}, {3, 2}, {8, 70}}) {
            int k = km[0];
            int m = km[1];
            double[] x = random(rng, n * k, -1, 1);
            double[] w = random(rng, k * m, -1, 1);
            double[] g = random(rng, n * m, -1, 1);
            String dims = " n " + n + " k " + k + " m " + m;
            check("matmul" + dims, NnKernels.MATMUL, n * m, 2, Tolerance.PRODUCT, x, w,
                    new double[n * m + SENTINEL_PAD], n, k, m);
            check("matmulTransB" + dims, NnKernels.MATMUL_TRANS_B, n * k, 2, Tolerance.PRODUCT, g, w,
                    new double[n * k + SENTINEL_PAD], n, k, m);
            check("matmulTransA" + dims, NnKernels.MATMUL_TRANS_A, k * m, 2, Tolerance.PRODUCT, x, g,
                    new double[k * m + SENTINEL_PAD], n, k, m);
        }
    }

    @Test
    void sums() {
        SplittableRandom rng = new SplittableRandom(5);
        int rows = 203;
        int cols = 7;
        double[] x = random(rng, rows * cols, -1, 1);
        check("sumRows", NnKernels.SUM_ROWS, cols, 1, Tolerance.EXACT, x, new double[cols + SENTINEL_PAD], rows, cols);
        check("sumCols", NnKernels.SUM_COLS, rows, 1, Tolerance.EXACT, x, new double[rows + SENTINEL_PAD], rows, cols);
    }

    @Test
    void launcherCountsBuffersAndRejectsBadArguments() {
        long before = launcher.buffersAllocated();
        try (ClBuffer b = launcher.allocate(8 * 10)) {
            assertEquals(before + 1, launcher.buffersAllocated());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> launcher.read(b, new double[20], 20));
            assertEquals("count: 20; allowed: 0 to min(host length 20, buffer doubles 10)", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> launcher.allocate(0));
            assertThrows(IllegalArgumentException.class, () -> launcher.kernel(NnKernels.FILL).run(-1));
            assertThrows(IllegalArgumentException.class, () -> launcher.kernel(NnKernels.FILL).arg(32, 1));
            // A launch of zero work-items is a no-op.
            long launches = launcher.launches();
            launcher.kernel(NnKernels.FILL).run(0);
            assertEquals(launches, launcher.launches());
        }
    }
}
