package org.leapfrog.runtime.opencl;

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
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.Dispatcher;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.Range;
import org.leapfrog.runtime.buffer.Buffer;
import org.leapfrog.runtime.graph.FloatArray;

/**
 * The float32 autodiff kernels ({@link NnKernels.Float32}, {@code REAL=float}) launched through the OpenCL
 * dispatcher against their float Java twins, on the shapes of {@link NnKernelsConformanceTest} (sizes off the
 * global-size rounding, outputs padded with a sentinel). Tolerances: +, -, *, the scalar ops, 1/x (computed in
 * double and rounded once, so correctly rounded), copies and plain sums must agree exactly; float division and
 * sqrt may be off by the 2.5 and 3 ulps OpenCL 1.2 allows without {@code -cl-fp32-correctly-rounded-divide-sqrt},
 * and the transcendental functions by their few allowed ulps against Java's double-then-rounded value, hence 16
 * ulps for both; products may be contracted to fused multiply-adds, bounded as in the float64 test with float's
 * epsilon: 1e-13 scaled by 2^29 (the ratio of the epsilons), 5.4e-5 relative to max(1, |y|).
 */
class NnKernelsFloat32ConformanceTest {
    private static final int SENTINEL_PAD = 37;
    private static final float SENTINEL = -123.25f;
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

    /** Kernel arguments by position for the twin: float[], Integer or Double. */
    private record Args(Object... values) implements KernelArguments {
        public double[] doubles(int i) {
            throw new UnsupportedOperationException("float32 nn kernels take no double[] arguments (argument " + i + ")");
        }

        public float[] floats(int i) {
            return (float[]) values[i];
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

    private static void check(String what, KernelDef def, int workItems, int out, Tolerance tol, Object... args) {
        Object[] javaArgs = args.clone();
        Object[] clArgs = args.clone();
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof float[] a) {
                float[] v = i == out ? filled(a.length) : a;
                javaArgs[i] = v.clone();
                clArgs[i] = v.clone();
            }
        }
        def.twin().run(new Args(javaArgs), 0, workItems);

        List<Buffer> buffers = new ArrayList<>();
        try {
            Dispatcher.Launch l = dispatcher.kernel(def);
            FloatArray outBuffer = null;
            for (int i = 0; i < clArgs.length; i++) {
                Object a = clArgs[i];
                if (a instanceof float[] d) {
                    FloatArray b = new FloatArray("arg" + i, d);
                    buffers.add(b);
                    dispatcher.toDevice(b);
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
            l.run(Range.of((workItems + 63) / 64 * 64));
            dispatcher.toHost(outBuffer);
        } finally {
            buffers.forEach(b -> backend.memory().release(b));
        }
        compare(what, (float[]) javaArgs[out], (float[]) clArgs[out], tol);
    }

    private static float[] filled(int n) {
        float[] d = new float[n];
        Arrays.fill(d, SENTINEL);
        return d;
    }

    private static void compare(String what, float[] java, float[] cl, Tolerance tol) {
        for (int i = 0; i < java.length; i++) {
            float a = java[i];
            float b = cl[i];
            boolean ok = switch (tol) {
                case EXACT -> Float.compare(a, b) == 0;
                case ULPS -> Float.compare(a, b) == 0 || Math.abs(a - b) <= 16 * Math.ulp(Math.abs(a));
            };
            if (!ok) {
                fail(what + ": element " + i + ": java " + a + ", opencl " + b);
            }
        }
    }

    private static float[] random(SplittableRandom rng, int n, double lo, double hi) {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) (lo + (hi - lo) * rng.nextDouble());
        }
        return d;
    }

    @Test
    void unaryOps() {
        SplittableRandom rng = new SplittableRandom(1);
        int n = 203;
        for (int op = 0; op < Elementwise.UNARY_OPS; op++) {
            boolean positive = op == Elementwise.LOG || op == Elementwise.SQRT || op == Elementwise.RECIPROCAL;
            float[] x = positive ? random(rng, n + SENTINEL_PAD, 0.01, 5) : random(rng, n + SENTINEL_PAD, -30, 30);
            x[3] = 0f;
            x[4] = -0.5f;
            x[5] = 0.8f;
            if (op == Elementwise.LOG1P) {
                x = random(rng, n + SENTINEL_PAD, -0.99, 30);
            }
            double p = switch (op) {
                case Elementwise.ADD_SCALAR -> 0.7;
                case Elementwise.MUL_SCALAR -> -1.3;
                case Elementwise.ELU -> 0.6;
                default -> -0.5;
            };
            boolean exact = op <= Elementwise.RECIPROCAL || op == Elementwise.SQUARE
                    || op >= Elementwise.RELU && op != Elementwise.ELU;
            check("unary op " + op, NnKernels.Float32.UNARY, n, 4, exact ? Tolerance.EXACT : Tolerance.ULPS,
                    op, p, 0.8, x, new float[n + SENTINEL_PAD], n);
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
                float[] a = random(rng, s[0] * s[1], 0.5, 2);
                float[] b = random(rng, s[2] * s[3], 0.5, 2);
                Tolerance tol = op == Elementwise.DIV ? Tolerance.ULPS : Tolerance.EXACT;
                check("binary op " + op + " " + Arrays.toString(s), NnKernels.Float32.BINARY, rows * cols, 7, tol,
                        op, a, s[0], s[1], b, s[2], s[3], new float[rows * cols + SENTINEL_PAD], rows, cols);
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
            check("expand " + Arrays.toString(s), NnKernels.Float32.EXPAND, rows * cols, 3, Tolerance.EXACT,
                    random(rng, s[0] * s[1], -1, 1), s[0], s[1], new float[size], rows, cols);
        }
        for (int mc : new int[] {cols, 1}) {
            float[] mask = new float[rows * mc];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = rng.nextInt(3) - 1;
            }
            check("select mask cols " + mc, NnKernels.Float32.SELECT, rows * cols, 4, Tolerance.EXACT, mask, mc,
                    random(rng, rows * cols, -1, 1), random(rng, rows * cols, -1, 1), new float[size], rows, cols);
        }
        // 0.1 is not a float: both sides must round the double scalar the same way.
        check("fill", NnKernels.Float32.FILL, 100, 0, Tolerance.EXACT, new float[140], 5, 0.1, 100);
        check("copy", NnKernels.Float32.COPY, 90, 2, Tolerance.EXACT, random(rng, 100, -1, 1), 3, new float[140], 7,
                90);
    }

    @Test
    void sums() {
        SplittableRandom rng = new SplittableRandom(5);
        int rows = 203;
        int cols = 7;
        float[] x = random(rng, rows * cols, -1, 1);
        check("sumRows", NnKernels.Float32.SUM_ROWS, cols, 1, Tolerance.EXACT, x, new float[cols + SENTINEL_PAD],
                rows, cols);
        check("sumCols", NnKernels.Float32.SUM_COLS, rows, 1, Tolerance.EXACT, x, new float[rows + SENTINEL_PAD],
                rows, cols);
        check("sumRowsAcc", NnKernels.Float32.SUM_ROWS_ACC, cols, 2, Tolerance.EXACT, x, random(rng, cols, -1, 1),
                new float[cols + SENTINEL_PAD], rows, cols);
    }
}
