package org.leapfrog.runtime.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.KernelArguments;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.nn.Elementwise;
import org.leapfrog.kernels.nn.NnKernels;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.Dispatcher;
import org.leapfrog.runtime.Range;
import org.leapfrog.runtime.buffer.Buffer;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;

/**
 * Every autodiff kernel ({@link NnKernels}) launched through the backend's {@link Dispatcher} against its Java twin on
 * random inputs. Sizes are not multiples of the global-size rounding, and outputs are larger than the
 * work, so writes past the element count would show. Tolerances: +, -, *, /, sqrt, copies and plain sums
 * are correctly rounded on both sides and must agree exactly; transcendental functions may differ by the
 * few ulps OpenCL allows (exp 3, tanh 5, log1p 2) against Java's 1 ulp, hence 16 ulps; products may be
 * contracted to fused multiply-adds by the OpenCL compiler (allowed by default), which changes each
 * product's rounding by at most 1 ulp of the running sum: with at most 70 terms of size 1, 1e-13 bounds it.
 */
class NnKernelsConformanceTest {
    private static final int SENTINEL_PAD = 37;
    private static final double SENTINEL = -123.25;
    private static OpenClBackend backend;
    private static Dispatcher dispatcher;

    @BeforeAll
    static void open() {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        backend = (OpenClBackend) Backends.open(new BackendRequest(BackendKind.OPENCL, -1), n -> { });
        dispatcher = backend.dispatcher();
    }

    @AfterAll
    static void close() {
        if (dispatcher != null) {
            dispatcher.close();
            backend.close();
        }
    }

    /** Kernel arguments by position for the twin: double[], Integer or Double. */
    private record Args(Object... values) implements KernelArguments {
        public double[] doubles(int i) {
            return (double[]) values[i];
        }

        public float[] floats(int i) {
            throw new UnsupportedOperationException("the nn kernels take no float[] arguments (argument " + i + ")");
        }

        public int[] ints(int i) {
            throw new UnsupportedOperationException("the nn kernels take no int[] arguments (argument " + i + ")");
        }

        public long[] longs(int i) {
            throw new UnsupportedOperationException("the nn kernels take no long[] arguments (argument " + i + ")");
        }

        public int intValue(int i) {
            return (Integer) values[i];
        }

        public long longValue(int i) {
            return (Integer) values[i];
        }

        public double doubleValue(int i) {
            return (Double) values[i];
        }
    }

    private enum Tolerance { EXACT, ULPS }

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
        def.twin().run(new Args(javaArgs), 0, workItems);

        List<Buffer> buffers = new ArrayList<>();
        try {
            Dispatcher.Launch l = dispatcher.kernel(def);
            DoubleArray outBuffer = null;
            for (int i = 0; i < clArgs.length; i++) {
                Object a = clArgs[i];
                if (a instanceof double[] d) {
                    DoubleArray b = new DoubleArray("arg" + i, d); // the host array is clArgs[i]
                    buffers.add(b);
                    dispatcher.toDevice(b); // all of it, the output's sentinel padding too
                    l.buffer(i, b);
                    if (i == out) {
                        outBuffer = b;
                    }
                } else if (a instanceof Integer v) {
                    l.arg(i, v);
                } else {
                    l.arg(i, (Double) a);
                }
            }
            l.run(Range.of((workItems + 63) / 64 * 64)); // rounded up as the engine's 1-D launches are
            dispatcher.toHost(outBuffer);
        } finally {
            buffers.forEach(b -> backend.memory().release(b));
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
    void sums() {
        SplittableRandom rng = new SplittableRandom(5);
        int rows = 203;
        int cols = 7;
        double[] x = random(rng, rows * cols, -1, 1);
        check("sumRows", NnKernels.SUM_ROWS, cols, 1, Tolerance.EXACT, x, new double[cols + SENTINEL_PAD], rows, cols);
        check("sumCols", NnKernels.SUM_COLS, rows, 1, Tolerance.EXACT, x, new double[rows + SENTINEL_PAD], rows, cols);
        check("sumRowsAcc", NnKernels.SUM_ROWS_ACC, cols, 2, Tolerance.EXACT, x, random(rng, cols, -1, 1),
                new double[cols + SENTINEL_PAD], rows, cols);
    }

    @Test
    void dispatcherCountsLaunchesAndRejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> dispatcher.kernel(NnKernels.FILL).run(-1));
        assertThrows(IllegalArgumentException.class, () -> dispatcher.kernel(NnKernels.FILL).arg(32, 1));
        // A launch of zero work-items is a no-op.
        long launches = dispatcher.stats().launches();
        dispatcher.kernel(NnKernels.FILL).run(0);
        assertEquals(launches, dispatcher.stats().launches());
    }
}
