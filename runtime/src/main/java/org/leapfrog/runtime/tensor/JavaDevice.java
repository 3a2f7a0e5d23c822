package org.leapfrog.runtime.tensor;

import java.util.stream.IntStream;
import org.leapfrog.kernels.nn.Elementwise;
import org.leapfrog.kernels.nn.Products;
import org.leapfrog.kernels.nn.Sums;

/**
 * Host arrays and the Java twins of the nn kernels. Large matrix products are split over the common fork-join
 * pool in blocks of output elements; every element is computed by the same loop whichever thread runs it,
 * so results do not depend on the thread count.
 */
final class JavaDevice extends Device {
    /** Multiply-adds above which products are split over threads. */
    private static final long PARALLEL_WORK = 1L << 20;

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
        double[] xd = x.host;
        double[] wd = w.host;
        double[] yd = y.host;
        split(n, m, (long) n * k * m, (from, to) -> Products.matmul(xd, wd, yd, n, k, m, from, to));
    }

    @Override
    void matmulTransB(Storage g, Storage w, Storage y, int n, int k, int m) {
        double[] gd = g.host;
        double[] wd = w.host;
        double[] yd = y.host;
        split(n, k, (long) n * k * m, (from, to) -> Products.matmulTransB(gd, wd, yd, n, k, m, from, to));
    }

    @Override
    void matmulTransA(Storage x, Storage g, Storage y, int n, int k, int m) {
        double[] xd = x.host;
        double[] gd = g.host;
        double[] yd = y.host;
        split(k, m, (long) n * k * m, (from, to) -> Products.matmulTransA(xd, gd, yd, n, k, m, from, to));
    }

    @Override
    void sumRows(Storage x, Storage y, int rows, int cols) {
        Sums.sumRows(x.host, y.host, rows, cols, 0, cols);
    }

    @Override
    void sumCols(Storage x, Storage y, int rows, int cols) {
        Sums.sumCols(x.host, y.host, rows, cols, 0, rows);
    }

    private interface Range {
        void run(int from, int to);
    }

    /** Runs output elements of a {@code rows x cols} result, one column per block when the work is large. */
    private static void split(int rows, int cols, long work, Range body) {
        if (work >= PARALLEL_WORK && cols > 1) {
            IntStream.range(0, cols).parallel().forEach(c -> body.run(c * rows, (c + 1) * rows));
        } else {
            body.run(0, rows * cols);
        }
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
