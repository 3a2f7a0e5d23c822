package org.leapfrog.runtime.opencl;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.leapfrog.kernels.KernelArguments;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.nn.Gemm;
import org.leapfrog.kernels.nn.MatmulKernels;
import org.leapfrog.kernels.nn.MatmulKernels.Form;
import org.leapfrog.kernels.nn.MatmulKernels.Precision;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.Dispatcher;
import org.leapfrog.runtime.Range;
import org.leapfrog.runtime.buffer.Buffer;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.graph.FloatArray;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;

/**
 * The fast products ({@link MatmulKernels}: CPU lanes and GPU tiles, float64 and float32; both forms run on any
 * OpenCL device, so PoCL checks the GPU form too) launched in 2-D against their Java twins ({@link Gemm}) on awkward
 * shapes: 1, odd sizes, sizes that are not multiples of the lanes, register blocks or tiles. Outputs are padded with
 * a sentinel that must survive. Tolerance: every form sums each element in the same order with explicit fused
 * multiply-adds (no contraction), so products, bias additions and ReLU must agree exactly; tanh and sigmoid may
 * differ by the few ulps OpenCL allows its transcendental functions, hence 16 ulps of the result there.
 */
class GemmConformanceTest {
    private static final int PAD = 37;
    private static final double SENTINEL = -123.25;
    private static final int[][] SHAPES = {{1, 1, 1}, {1, 7, 3}, {5, 1, 9}, {16, 16, 16}, {17, 13, 11},
        {33, 100, 7}, {100, 17, 100}, {131, 37, 23}, {257, 64, 13},
        // partial row panels with whole vectors of rows (and a remainder) in both precisions
        {59, 7, 12}, {200, 30, 13}, {224, 9, 7}};
    private static final int[] ACTS = {Gemm.IDENTITY, Gemm.TANH, Gemm.RELU, Gemm.SIGMOID};
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

    static Stream<Arguments> forms() {
        return Stream.of(Precision.values()).flatMap(p -> Stream.of(Form.values()).map(f -> Arguments.of(p, f)));
    }

    /** Twin arguments by position: double[] or float[] arrays and Integers. */
    private record Args(Object... values) implements KernelArguments {
        public double[] doubles(int i) {
            return (double[]) values[i];
        }

        public float[] floats(int i) {
            return (float[]) values[i];
        }

        public int[] ints(int i) {
            throw new UnsupportedOperationException("argument " + i + " is not an int[]");
        }

        public long[] longs(int i) {
            throw new UnsupportedOperationException("argument " + i + " is not a long[]");
        }

        public int intValue(int i) {
            return (Integer) values[i];
        }

        public long longValue(int i) {
            return (Integer) values[i];
        }

        public double doubleValue(int i) {
            throw new UnsupportedOperationException("argument " + i + " is not a double");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("forms")
    void gemmMatchesTheTwin(Precision precision, Form form) {
        SplittableRandom rng = new SplittableRandom(7);
        KernelDef def = MatmulKernels.gemm(precision, form);
        for (int[] s : SHAPES) {
            int n = s[0], p = s[1], c = s[2];
            double[] a = random(rng, n * p);
            double[] b = random(rng, p * c);
            double[] bias = random(rng, c);
            for (int orient = 0; orient < 2; orient++) {
                int bp = orient == 0 ? 1 : c;
                int bc = orient == 0 ? p : 1;
                for (int act : ACTS) {
                    int hasBias = act == Gemm.RELU ? 0 : 1;
                    String what = precision + " " + form + " n " + n + " P " + p + " C " + c + " orient " + orient
                            + " act " + act + " bias " + hasBias;
                    Object[] args = {a, b, bias, null, n, p, c, bp, bc, act, hasBias};
                    check(what, def, precision, args, 3, n * c, n,
                            MatmulKernels.gemmGlobal(precision, form, n, c, 0), MatmulKernels.gemmGlobal(precision, form, n, c, 1),
                            MatmulKernels.gemmLocal(form, c, 0), MatmulKernels.gemmLocal(form, c, 1),
                            act == Gemm.TANH || act == Gemm.SIGMOID);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("forms")
    void transposedProductMatchesTheTwin(Precision precision, Form form) {
        SplittableRandom rng = new SplittableRandom(8);
        KernelDef def = MatmulKernels.gemmTransA(precision, form);
        int[] ns = {1, 7, 8, 9, 16, 17, 33, 100, 257, 601};
        int[][] km = {{1, 1}, {3, 5}, {4, 4}, {13, 16}, {17, 33}, {100, 7}, {41, 45}};
        for (int n : ns) {
            for (int[] s : km) {
                int k = s[0], m = s[1];
                double[] x = random(rng, n * k);
                double[] g = random(rng, n * m);
                // without and with a gradient accumulated so far (prev + the product in one pass)
                for (int hasPrev = 0; hasPrev < 2; hasPrev++) {
                    Object[] args = {x, g, null, n, k, m, hasPrev == 1 ? random(rng, k * m) : x, hasPrev};
                    check(precision + " " + form + " n " + n + " k " + k + " m " + m + " prev " + hasPrev, def,
                            precision, args, 2, k * m, m, MatmulKernels.gemmTransAGlobalRows(form, k),
                            MatmulKernels.gemmTransAGlobalColumns(form, m), MatmulKernels.localSize(form),
                            MatmulKernels.localSize(form), false);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void activationGradientMatchesTheTwin(Precision precision) {
        SplittableRandom rng = new SplittableRandom(9);
        KernelDef def = MatmulKernels.actGrad(precision);
        for (int act : ACTS) {
            int n = 203;
            Object[] args = {random(rng, n), random(rng, n), null, n, act};
            check(precision + " act " + act, def, precision, args, 2, n, n, -1, 0, 0, 0, false);
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void activationGradientWithBiasSumMatchesTheTwin(Precision precision) {
        SplittableRandom rng = new SplittableRandom(10);
        KernelDef def = MatmulKernels.actGradSum(precision);
        int n = 67;
        int c = 9;
        for (int act : ACTS) {
            for (int hasPrev = 0; hasPrev < 2; hasPrev++) {
                double[] g = random(rng, n * c);
                double[] y = random(rng, n * c);
                double[] prev = random(rng, c);
                String what = precision + " act " + act + " prev " + hasPrev;
                // both outputs: dz (argument 2), then the bias's gradient (argument 3)
                check(what + " dz", def, precision, new Object[] {g, y, null, new double[c], prev, n, c, act, hasPrev},
                        2, n * c, c, -1, 0, 0, 0, false);
                check(what + " db", def, precision, new Object[] {g, y, new double[n * c], null, prev, n, c, act,
                    hasPrev}, 3, c, c, -1, 0, 0, 0, false);
            }
        }
    }

    /**
     * Runs the twin over {@code [0, twinRange)} and the kernel over {@code gx x gy} (1-D over gx work-items when
     * gy is 0) with argument {@code out} a fresh array of {@code outLength} plus sentinel padding, and compares.
     */
    private static void check(String what, KernelDef def, Precision precision, Object[] args, int out, int outLength,
                              int twinRange, long gx, long gy, long lx, long ly, boolean transcendental) {
        boolean f32 = precision == Precision.FLOAT32;
        Object[] javaArgs = convert(args, out, outLength, f32);
        Object[] clArgs = convert(args, out, outLength, f32);
        def.twin().run(new Args(javaArgs), 0, twinRange);
        List<Buffer> buffers = new ArrayList<>();
        try {
            Dispatcher.Launch l = dispatcher.kernel(def);
            for (int i = 0; i < clArgs.length; i++) {
                Object v = clArgs[i];
                if (v instanceof double[] d) {
                    Buffer buf = new DoubleArray("arg" + i, d);
                    buffers.add(buf);
                    dispatcher.toDevice(buf); // all of it, the output's sentinel padding too
                    l.buffer(i, buf);
                } else if (v instanceof float[] d) {
                    Buffer buf = new FloatArray("arg" + i, d);
                    buffers.add(buf);
                    dispatcher.toDevice(buf); // all of it, the output's sentinel padding too
                    l.buffer(i, buf);
                } else {
                    l.arg(i, (Integer) v);
                }
            }
            if (gy == 0) {
                l.run(Range.of((twinRange + 63) / 64 * 64)); // rounded up as the engine's 1-D launches are
            } else {
                l.run(Range.of2d(gx, gy, lx, ly));
            }
            int outBuffer = 0;
            for (int i = 0; i < out; i++) {
                if (clArgs[i] instanceof double[] || clArgs[i] instanceof float[]) {
                    outBuffer++;
                }
            }
            dispatcher.toHost(buffers.get(outBuffer)); // the host array is clArgs[out]
        } finally {
            buffers.forEach(b -> backend.memory().release(b));
        }
        double[] java = asDoubles(javaArgs[out]);
        double[] cl = asDoubles(clArgs[out]);
        for (int i = 0; i < java.length; i++) {
            double x = java[i];
            double y = cl[i];
            boolean ok;
            if (i >= outLength) {
                ok = x == SENTINEL && y == SENTINEL;
            } else if (transcendental) {
                double ulp = f32 ? Math.ulp((float) x) : Math.ulp(x);
                ok = Math.abs(x - y) <= 16 * ulp;
            } else {
                ok = Double.compare(x, y) == 0;
            }
            if (!ok) {
                fail(what + ": element " + i + " of " + outLength + ": java " + x + ", opencl " + y);
            }
        }
    }

    private static Object[] convert(Object[] args, int out, int outLength, boolean f32) {
        Object[] c = args.clone();
        for (int i = 0; i < c.length; i++) {
            if (i == out) {
                double[] o = new double[outLength + PAD];
                Arrays.fill(o, SENTINEL);
                c[i] = f32 ? toFloat(o) : o;
            } else if (c[i] instanceof double[] d) {
                c[i] = f32 ? toFloat(d) : d.clone();
            }
        }
        return c;
    }

    private static double[] asDoubles(Object o) {
        if (o instanceof double[] d) {
            return d;
        }
        float[] f = (float[]) o;
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    private static double[] random(SplittableRandom rng, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = rng.nextDouble(-1, 1);
        }
        return d;
    }
}
