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

    @Override
    KernelCall call(Engine engine, org.leapfrog.kernels.KernelDef def) {
        return new JavaCall(engine, def.twin());
    }

    @Override
    org.leapfrog.runtime.graph.TransferStats transfers() {
        return new org.leapfrog.runtime.graph.TransferStats(0, 0, 0, 0, 0, launches);
    }

    private long launches;

    /** Runs a kernel's twin over all work-items on the host arrays bound to it. */
    private final class JavaCall extends KernelCall implements org.leapfrog.kernels.KernelArguments {
        private static final int MAX_ARGS = 32;
        private final Engine engine;
        private final org.leapfrog.kernels.JavaKernel twin;
        private final double[][] arrays = new double[MAX_ARGS][];
        private final long[] longs = new long[MAX_ARGS];
        private final double[] doubles = new double[MAX_ARGS];

        JavaCall(Engine engine, org.leapfrog.kernels.JavaKernel twin) {
            this.engine = engine;
            this.twin = twin;
        }

        private KernelCall bind(int index, Tensor t, String role) {
            check(index);
            arrays[index] = checked(engine, t, role, index).host;
            return this;
        }

        @Override
        public KernelCall read(int index, Tensor t) {
            return bind(index, t, "read");
        }

        @Override
        public KernelCall write(int index, Tensor t) {
            return bind(index, t, "write");
        }

        @Override
        public KernelCall update(int index, Tensor t) {
            return bind(index, t, "update");
        }

        @Override
        public KernelCall gradient(int index, Tensor leaf) {
            return bind(index, leaf, "gradient");
        }

        @Override
        public KernelCall arg(int index, int value) {
            check(index);
            longs[index] = value;
            return this;
        }


        @Override
        public KernelCall arg(int index, double value) {
            check(index);
            doubles[index] = value;
            return this;
        }

        private void check(int index) {
            if (index < 0 || index >= MAX_ARGS) {
                throw new IllegalArgumentException("index: " + index + "; allowed: 0 to " + (MAX_ARGS - 1));
            }
        }

        @Override
        public void run(long workItems) {
            if (workItems < 0 || workItems > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("workItems: " + workItems + "; allowed: 0 to " + Integer.MAX_VALUE);
            }
            if (workItems > 0) {
                twin.run(this, 0, (int) workItems);
                launches++;
            }
        }

        @Override
        public double[] doubles(int index) {
            return arrays[index];
        }

        @Override
        public float[] floats(int index) {
            throw new UnsupportedOperationException("argument " + index + ": float arrays; allowed: double tensors");
        }

        @Override
        public int[] ints(int index) {
            throw new UnsupportedOperationException("argument " + index + ": int arrays; allowed: double tensors");
        }

        @Override
        public long[] longs(int index) {
            throw new UnsupportedOperationException("argument " + index + ": long arrays; allowed: double tensors");
        }

        @Override
        public int intValue(int index) {
            return (int) longs[index];
        }

        @Override
        public long longValue(int index) {
            return longs[index];
        }

        @Override
        public double doubleValue(int index) {
            return doubles[index];
        }
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
}
