package org.leapfrog.bench.suite;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.leapfrog.kernels.nn.Gemm;
import org.leapfrog.kernels.nn.MatmulKernels;
import org.leapfrog.kernels.nn.MatmulKernels.Form;
import org.leapfrog.kernels.nn.MatmulKernels.Precision;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.runtime.Dispatcher;
import org.leapfrog.runtime.Range;
import org.leapfrog.runtime.buffer.Buffer;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.graph.FloatArray;
import org.leapfrog.runtime.opencl.OpenClBackend;

/**
 * Times the engine's three dense-layer products at the kernel level, so both precisions can be measured on both
 * backends: the Java twins ({@link Gemm}, split over the common pool in row panels or column pairs as the Java
 * engine splits them) and the OpenCL kernels ({@link MatmulKernels}, the form the engine picks for the device).
 * Products: {@code nn} {@code y (n x m) = x W}, {@code nt} {@code y (n x k) = g W^T}, {@code tn}
 * {@code y (k x m) = x^T g}; all are {@code 2 n k m} flops.
 */
final class ProductTiming {
    /** Rows per parallel task, as in the Java engine. */
    private static final int ROW_PANEL = 256;

    private ProductTiming() {
    }

    /** A timed body: one product per call. */
    interface Body {
        void run();
    }

    /** Seconds per call: the best of five batches, each at least {@code minSeconds / 5}, after one warm-up call. */
    static double seconds(Body body, double minSeconds, Runnable sync) {
        body.run();
        sync.run();
        double best = Double.POSITIVE_INFINITY;
        for (int batch = 0; batch < 5; batch++) {
            long reps = 0;
            long t0 = System.nanoTime();
            double t;
            do {
                body.run();
                reps++;
                if (reps % 4 == 0) {
                    sync.run();
                }
                t = (System.nanoTime() - t0) * 1e-9;
            } while (t < minSeconds / 5 || reps % 4 != 0);
            sync.run();
            t = (System.nanoTime() - t0) * 1e-9;
            best = Math.min(best, t / reps);
        }
        return best;
    }

    static double gflops(DenseSettings.Shape s, double seconds) {
        return 2.0 * s.n() * s.k() * s.m() / seconds * 1e-9;
    }

    /** Seconds per product on the Java twins. */
    static double java(String op, Precision precision, DenseSettings.Shape s, double minSeconds) {
        int n = s.n(), k = s.k(), m = s.m();
        SplittableRandom rng = new SplittableRandom(1);
        // the products' arrays, double[] or float[]: the helpers below pick Gemm's entry point once per call
        Object a, w, y;
        if (precision == Precision.FLOAT64) {
            a = random(rng, n * Math.max(k, m));
            w = random(rng, k * m);
            y = new double[n * Math.max(k, m) + k * m];
        } else {
            a = randomF(rng, n * Math.max(k, m));
            w = randomF(rng, k * m);
            y = new float[n * Math.max(k, m) + k * m];
        }
        Body body = switch (op) {
            case "nn" -> () -> rowPanels(n, r0 -> gemm(a, w, y, n, k, m, 1, k, r0, Math.min(n, r0 + ROW_PANEL)));
            case "nt" -> () -> rowPanels(n, r0 -> gemm(a, w, y, n, m, k, k, 1, r0, Math.min(n, r0 + ROW_PANEL)));
            default -> () -> IntStream.range(0, (m + 1) / 2).parallel().forEach(j ->
                    gemmTransA(a, y, n, k, m, 2 * j, Math.min(m, 2 * j + 2)));
        };
        return seconds(body, minSeconds, () -> { });
    }

    /** Rows [r0, r1) of {@code y = a @ w} (no bias, identity) in the arrays' precision. */
    private static void gemm(Object a, Object w, Object y, int n, int p, int c, int bp, int bc, int r0, int r1) {
        if (a instanceof double[] ad) {
            Gemm.gemm(ad, (double[]) w, null, (double[]) y, n, p, c, bp, bc, Gemm.IDENTITY, r0, r1);
        } else {
            Gemm.gemm((float[]) a, (float[]) w, null, (float[]) y, n, p, c, bp, bc, Gemm.IDENTITY, r0, r1);
        }
    }

    /** Columns [j0, j1) of {@code y = a^T @ a} in the array's precision. */
    private static void gemmTransA(Object a, Object y, int n, int k, int m, int j0, int j1) {
        if (a instanceof double[] ad) {
            Gemm.gemmTransA(ad, ad, (double[]) y, n, k, m, j0, j1);
        } else {
            Gemm.gemmTransA((float[]) a, (float[]) a, (float[]) y, n, k, m, j0, j1);
        }
    }

    private static void rowPanels(int n, java.util.function.IntConsumer panel) {
        IntStream.range(0, (n + ROW_PANEL - 1) / ROW_PANEL).parallel().forEach(i -> panel.accept(i * ROW_PANEL));
    }

    /** Seconds per product on an OpenCL device (launch to completion; buffers stay on the device). */
    static double openCl(OpenClBackend backend, String op, Precision precision, DenseSettings.Shape s, double minSeconds) {
        int n = s.n(), k = s.k(), m = s.m();
        Form form = "GPU".equals(backend.device().type()) ? Form.TILED : Form.LANES;
        int big = (int) ((long) n * Math.max(k, m));
        SplittableRandom rng = new SplittableRandom(1);
        Buffer a, w, y;
        if (precision == Precision.FLOAT64) {
            a = new DoubleArray("a", random(rng, big));
            w = new DoubleArray("w", random(rng, k * m));
            y = new DoubleArray("y", big);
        } else {
            a = new FloatArray("a", randomF(rng, big));
            w = new FloatArray("w", randomF(rng, k * m));
            y = new FloatArray("y", big);
        }
        try (Dispatcher d = backend.dispatcher()) {
            d.toDevice(a);
            d.toDevice(w);
            int local = MatmulKernels.localSize(form);
            Dispatcher.Launch l;
            Range range;
            if (op.equals("tn")) {
                l = d.kernel(MatmulKernels.gemmTransA(precision, form));
                l.buffer(0, a, Access.READ).buffer(1, a, Access.READ).buffer(2, y, Access.WRITE)
                        .arg(3, n).arg(4, k).arg(5, m).buffer(6, a, Access.READ).arg(7, 0);
                range = Range.of2d(MatmulKernels.gemmTransAGlobalRows(form, k),
                        MatmulKernels.gemmTransAGlobalColumns(form, m), local, local);
            } else {
                boolean nn = op.equals("nn");
                int p = nn ? k : m;
                int c = nn ? m : k;
                l = d.kernel(MatmulKernels.gemm(precision, form));
                l.buffer(0, a, Access.READ).buffer(1, w, Access.READ).buffer(2, w, Access.READ)
                        .buffer(3, y, Access.WRITE).arg(4, n).arg(5, p).arg(6, c)
                        .arg(7, nn ? 1 : k).arg(8, nn ? k : 1).arg(9, Gemm.IDENTITY).arg(10, 0);
                range = Range.of2d(MatmulKernels.gemmGlobal(precision, form, n, c, 0),
                        MatmulKernels.gemmGlobal(precision, form, n, c, 1),
                        MatmulKernels.gemmLocal(form, c, 0), MatmulKernels.gemmLocal(form, c, 1));
            }
            Dispatcher.Launch launch = l;
            double seconds = seconds(() -> launch.run(range), minSeconds, d::finish);
            backend.memory().release(a);
            backend.memory().release(w);
            backend.memory().release(y);
            return seconds;
        }
    }

    private static double[] random(SplittableRandom rng, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = rng.nextDouble(-1, 1);
        }
        return d;
    }

    private static float[] randomF(SplittableRandom rng, int n) {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) rng.nextDouble(-1, 1);
        }
        return d;
    }
}
