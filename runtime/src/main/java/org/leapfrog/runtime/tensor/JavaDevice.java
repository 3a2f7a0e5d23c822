package org.leapfrog.runtime.tensor;

import java.util.stream.IntStream;
import org.leapfrog.kernels.nn.Elementwise;
import org.leapfrog.kernels.nn.Gemm;
import org.leapfrog.kernels.nn.Sums;

/**
 * Host arrays and the Java twins of the nn kernels. Large matrix products ({@link Gemm}) are split over the
 * common fork-join pool in panels of output rows or columns; every element is computed by the same loop whichever
 * thread runs it, so results do not depend on the thread count.
 */
final class JavaDevice extends Device {
    /** Multiply-adds above which products are split over threads. */
    private static final long PARALLEL_WORK = 1L << 20;
    /** Rows per parallel task of a product (a multiple of every SIMD row block). */
    private static final int ROW_PANEL = 256;

    private long allocations;

    @Override
    Storage allocate(int length, boolean zeroed, boolean managed) {
        allocations++;
        Storage s = new Storage(length);
        s.host = new double[length];
        s.hostValid = true;
        return s;
    }

    @Override
    Storage wrap(double[] data) {
        Storage s = new Storage(data.length);
        s.host = data;
        s.hostValid = true;
        return s;
    }

    @Override
    void free(Storage s) {
    }

    @Override
    double[] readHost(Storage s) {
        return s.host;
    }

    @Override
    double[] writeHost(Storage s) {
        return s.host;
    }

    @Override
    double[] overwriteHost(Storage s) {
        return s.host;
    }

    @Override
    long allocations() {
        return allocations;
    }

    @Override
    String describe() {
        return "java";
    }

    @Override
    void unary(int op, double p, double q, Storage x, Storage y, int n) {
        Elementwise.unary(op, p, q, x.host, y.host, 0, n);
    }

    @Override
    void binary(int op, Storage a, int ar, int ac, Storage b, int br, int bc, Storage y, int rows, int cols) {
        Elementwise.binary(op, a.host, ar, ac, b.host, br, bc, y.host, rows, cols, 0, rows * cols);
    }

    @Override
    void expand(Storage a, int ar, int ac, Storage y, int rows, int cols) {
        Elementwise.expand(a.host, ar, ac, y.host, rows, cols, 0, rows * cols);
    }

    @Override
    void select(Storage mask, int mc, Storage a, Storage b, Storage y, int rows, int cols) {
        Elementwise.select(mask.host, mc, a.host, b.host, y.host, rows, cols, 0, rows * cols);
    }

    @Override
    void fill(Storage y, int off, double v, int n) {
        Elementwise.fill(y.host, off, v, 0, n);
    }

    @Override
    void copy(Storage src, int srcOff, Storage dst, int dstOff, int n) {
        Elementwise.copy(src.host, srcOff, dst.host, dstOff, 0, n);
    }

    @Override
    void matmul(Storage x, Storage w, Storage y, int n, int k, int m) {
        gemm(x.host, w.host, null, y.host, n, k, m, 1, k, Gemm.IDENTITY);
    }

    @Override
    void matmulTransB(Storage g, Storage w, Storage y, int n, int k, int m) {
        // y (n x k) = g (n x m) @ w^T: B(p, c) = w[p * k + c]
        gemm(g.host, w.host, null, y.host, n, m, k, k, 1, Gemm.IDENTITY);
    }

    @Override
    void matmulTransA(Storage x, Storage g, Storage y, int n, int k, int m) {
        double[] xd = x.host;
        double[] gd = g.host;
        double[] yd = y.host;
        if ((long) n * k * m >= PARALLEL_WORK && m > 1) {
            int blocks = (m + 1) / 2;
            IntStream.range(0, blocks).parallel().forEach(b ->
                    Gemm.gemmTransA(xd, gd, yd, n, k, m, 2 * b, Math.min(m, 2 * b + 2)));
        } else {
            Gemm.gemmTransA(xd, gd, yd, n, k, m, 0, m);
        }
    }

    @Override
    void linear(Storage x, Storage w, Storage b, Storage y, int n, int k, int m, int act) {
        gemm(x.host, w.host, b == null ? null : b.host, y.host, n, k, m, 1, k, act);
    }

    @Override
    void actGrad(Storage g, Storage y, Storage dz, int n, int act) {
        Gemm.actGrad(g.host, y.host, dz.host, act, 0, n);
    }

    /** {@link Gemm#gemm} over row panels of {@link #ROW_PANEL} rows split over the pool when the work is large. */
    private static void gemm(double[] a, double[] bm, double[] bias, double[] y, int n, int p, int c, int bp, int bc,
                             int act) {
        if ((long) n * p * c >= PARALLEL_WORK && n > ROW_PANEL) {
            int panels = (n + ROW_PANEL - 1) / ROW_PANEL;
            IntStream.range(0, panels).parallel().forEach(i -> Gemm.gemm(a, bm, bias, y, n, p, c, bp, bc, act,
                    i * ROW_PANEL, Math.min(n, (i + 1) * ROW_PANEL)));
        } else {
            Gemm.gemm(a, bm, bias, y, n, p, c, bp, bc, act, 0, n);
        }
    }

    @Override
    void sumRows(Storage x, Storage y, int rows, int cols) {
        Sums.sumRows(x.host, y.host, rows, cols, 0, cols);
    }

    @Override
    void sumCols(Storage x, Storage y, int rows, int cols) {
        Sums.sumCols(x.host, y.host, rows, cols, 0, rows);
    }

    /** Kernel launches of {@link JavaKernelCall}s on this device (the nn ops above are not counted). */
    long launches;

    @Override
    KernelCall call(Engine engine, org.leapfrog.kernels.KernelDef def) {
        return new JavaKernelCall(this, engine, def.twin());
    }

    @Override
    org.leapfrog.runtime.graph.TransferStats transfers() {
        return new org.leapfrog.runtime.graph.TransferStats(0, 0, 0, 0, 0, launches);
    }
}
