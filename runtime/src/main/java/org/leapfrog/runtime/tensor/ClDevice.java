package org.leapfrog.runtime.tensor;

import java.lang.ref.Cleaner;
import org.leapfrog.kernels.nn.Gemm;
import org.leapfrog.kernels.nn.MatmulKernels;
import org.leapfrog.kernels.nn.NnKernels;
import org.leapfrog.runtime.opencl.ClBuffer;
import org.leapfrog.runtime.opencl.KernelLauncher;
import org.leapfrog.runtime.opencl.OpenClBackend;

/**
 * Tensor values in OpenCL buffers; every operation is one launch of an nn kernel on the backend's in-order
 * queue, so launches run asynchronously and only host reads wait. Host copies are made on demand
 * ({@link #readHost}) and written back before the next launch that reads them. Buffers of tensors made
 * outside an arena are released when the tensor becomes unreachable; arena buffers when the arena closes.
 * Not thread-safe (kernel arguments are shared state): use an engine from one thread at a time.
 */
final class ClDevice extends Device {
    private static final Cleaner CLEANER = Cleaner.create();
    /** The engine's element type (float64 until engines choose a precision). */
    private static final MatmulKernels.Precision PRECISION = MatmulKernels.Precision.FLOAT64;

    private final KernelLauncher launcher;
    private final KernelLauncher.Launch unary;
    private final KernelLauncher.Launch binary;
    private final KernelLauncher.Launch expand;
    private final KernelLauncher.Launch select;
    private final KernelLauncher.Launch fill;
    private final KernelLauncher.Launch copy;
    private final MatmulKernels.Form form;
    private final KernelLauncher.Launch gemm;
    private final KernelLauncher.Launch gemmTransA;
    private final KernelLauncher.Launch actGrad;
    private final KernelLauncher.Launch sumRows;
    private final KernelLauncher.Launch sumCols;

    private long toDeviceCopies;
    private long toHostCopies;
    private long toDeviceBytes;
    private long toHostBytes;

    ClDevice(OpenClBackend backend) {
        this.launcher = new KernelLauncher(backend);
        this.unary = launcher.kernel(NnKernels.UNARY);
        this.binary = launcher.kernel(NnKernels.BINARY);
        this.expand = launcher.kernel(NnKernels.EXPAND);
        this.select = launcher.kernel(NnKernels.SELECT);
        this.fill = launcher.kernel(NnKernels.FILL);
        this.copy = launcher.kernel(NnKernels.COPY);
        // Local-memory tiles on GPUs, vector lanes with register blocks elsewhere (CPUs, accelerators).
        this.form = "GPU".equals(backend.device().type()) ? MatmulKernels.Form.TILED : MatmulKernels.Form.LANES;
        this.gemm = launcher.kernel(MatmulKernels.gemm(PRECISION, form));
        this.gemmTransA = launcher.kernel(MatmulKernels.gemmTransA(PRECISION, form));
        this.actGrad = launcher.kernel(MatmulKernels.actGrad(PRECISION));
        this.sumRows = launcher.kernel(NnKernels.SUM_ROWS);
        this.sumCols = launcher.kernel(NnKernels.SUM_COLS);
    }

    @Override
    Storage allocate(int length, boolean zeroed, boolean managed) {
        Storage s = new Storage(length);
        s.buffer = newBuffer(s, managed);
        if (zeroed) {
            fill(s, 0, 0.0, length);
        }
        return s;
    }

    private ClBuffer newBuffer(Storage s, boolean managed) {
        ClBuffer b = launcher.allocate((long) s.length * Double.BYTES);
        if (managed) {
            CLEANER.register(s, b::close);
        }
        return b;
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
        if (s.buffer != null) {
            s.buffer.close();
            s.buffer = null;
        }
        s.deviceValid = false;
    }

    @Override
    double[] readHost(Storage s) {
        if (!s.hostValid) {
            if (s.host == null) {
                s.host = new double[s.length];
            }
            if (!s.deviceValid) {
                throw new IllegalStateException("internal: storage of " + s.length + " doubles read before it was written");
            }
            launcher.read(s.buffer, s.host, s.length);
            toHostCopies++;
            toHostBytes += (long) s.length * Double.BYTES;
            s.hostValid = true;
        }
        return s.host;
    }

    @Override
    double[] writeHost(Storage s) {
        double[] h = readHost(s);
        s.deviceValid = false;
        return h;
    }

    @Override
    double[] overwriteHost(Storage s) {
        if (s.host == null) {
            s.host = new double[s.length];
        }
        s.hostValid = true;
        s.deviceValid = false;
        return s.host;
    }

    @Override
    long allocations() {
        return launcher.buffersAllocated();
    }

    @Override
    String describe() {
        return "opencl (" + launcher.backend().device().name() + ")";
    }

    /** The device buffer of an input, uploading the host values if they are newer. */
    private ClBuffer in(Storage s) {
        if (!s.deviceValid) {
            if (!s.hostValid) {
                throw new IllegalStateException("internal: storage of " + s.length + " doubles read before it was written");
            }
            if (s.buffer == null) {
                s.buffer = newBuffer(s, true);
            }
            launcher.write(s.buffer, s.host, s.length);
            toDeviceCopies++;
            toDeviceBytes += (long) s.length * Double.BYTES;
            s.deviceValid = true;
        }
        return s.buffer;
    }

    /** The device buffer of an output: after the launch only the device copy is current. */
    private ClBuffer out(Storage s) {
        if (s.buffer == null) {
            s.buffer = newBuffer(s, true);
        }
        s.deviceValid = true;
        s.hostValid = false;
        return s.buffer;
    }

    @Override
    void unary(int op, double p, double q, Storage x, Storage y, int n) {
        ClBuffer xb = in(x);
        unary.arg(0, op).arg(1, p).arg(2, q).buffer(3, xb).buffer(4, out(y)).arg(5, n).run(n);
    }

    @Override
    void binary(int op, Storage a, int ar, int ac, Storage b, int br, int bc, Storage y, int rows, int cols) {
        ClBuffer ab = in(a);
        ClBuffer bb = in(b);
        binary.arg(0, op).buffer(1, ab).arg(2, ar).arg(3, ac).buffer(4, bb).arg(5, br).arg(6, bc)
                .buffer(7, out(y)).arg(8, rows).arg(9, cols).run((long) rows * cols);
    }

    @Override
    void expand(Storage a, int ar, int ac, Storage y, int rows, int cols) {
        ClBuffer ab = in(a);
        expand.buffer(0, ab).arg(1, ar).arg(2, ac).buffer(3, out(y)).arg(4, rows).arg(5, cols).run((long) rows * cols);
    }

    @Override
    void select(Storage mask, int mc, Storage a, Storage b, Storage y, int rows, int cols) {
        ClBuffer mb = in(mask);
        ClBuffer ab = in(a);
        ClBuffer bb = in(b);
        select.buffer(0, mb).arg(1, mc).buffer(2, ab).buffer(3, bb).buffer(4, out(y)).arg(5, rows).arg(6, cols)
                .run((long) rows * cols);
    }

    @Override
    void fill(Storage y, int off, double v, int n) {
        // A partial write keeps the rest of the device values, so they must be current first.
        if (!(off == 0 && n == y.length) && (y.deviceValid || y.hostValid)) {
            in(y);
        }
        fill.buffer(0, out(y)).arg(1, off).arg(2, v).arg(3, n).run(n);
    }

    @Override
    void copy(Storage src, int srcOff, Storage dst, int dstOff, int n) {
        ClBuffer sb = in(src);
        // As for fill: a partial write needs the rest of the destination current on the device.
        if (!(dstOff == 0 && n == dst.length) && (dst.deviceValid || dst.hostValid)) {
            in(dst);
        }
        copy.buffer(0, sb).arg(1, srcOff).buffer(2, out(dst)).arg(3, dstOff).arg(4, n).run(n);
    }

    @Override
    void matmul(Storage x, Storage w, Storage y, int n, int k, int m) {
        gemm(x, w, null, y, n, k, m, 1, k, Gemm.IDENTITY);
    }

    @Override
    void matmulTransB(Storage g, Storage w, Storage y, int n, int k, int m) {
        // y (n x k) = g (n x m) @ w^T: B(p, c) = w[p * k + c]
        gemm(g, w, null, y, n, m, k, k, 1, Gemm.IDENTITY);
    }

    @Override
    void matmulTransA(Storage x, Storage g, Storage y, int n, int k, int m) {
        ClBuffer xb = in(x);
        ClBuffer gb = in(g);
        int local = MatmulKernels.localSize(form);
        gemmTransA.buffer(0, xb).buffer(1, gb).buffer(2, out(y)).arg(3, n).arg(4, k).arg(5, m)
                .run2d(MatmulKernels.gemmTransAGlobalRows(form, k), MatmulKernels.gemmTransAGlobalColumns(form, m),
                        local, local);
    }

    @Override
    void linear(Storage x, Storage w, Storage b, Storage y, int n, int k, int m, int act) {
        gemm(x, w, b, y, n, k, m, 1, k, act);
    }

    @Override
    void actGrad(Storage g, Storage y, Storage dz, int n, int act) {
        ClBuffer gb = in(g);
        ClBuffer yb = in(y);
        actGrad.buffer(0, gb).buffer(1, yb).buffer(2, out(dz)).arg(3, n).arg(4, act).run(n);
    }

    /** {@code y (n x c) = act(a (n x p) @ B + bias)}, {@code B(q, j) = b[q * bp + j * bc]}, as one 2-D launch. */
    private void gemm(Storage a, Storage b, Storage bias, Storage y, int n, int p, int c, int bp, int bc, int act) {
        ClBuffer ab = in(a);
        ClBuffer bb = in(b);
        // Without a bias the kernel reads none; any buffer fills the slot.
        ClBuffer biasb = bias == null ? ab : in(bias);
        gemm.buffer(0, ab).buffer(1, bb).buffer(2, biasb).buffer(3, out(y)).arg(4, n).arg(5, p).arg(6, c)
                .arg(7, bp).arg(8, bc).arg(9, act).arg(10, bias == null ? 0 : 1)
                .run2d(MatmulKernels.gemmGlobal(PRECISION, form, n, c, 0), MatmulKernels.gemmGlobal(PRECISION, form, n, c, 1),
                        MatmulKernels.gemmLocal(form, c, 0), MatmulKernels.gemmLocal(form, c, 1));
    }

    @Override
    void sumRows(Storage x, Storage y, int rows, int cols) {
        ClBuffer xb = in(x);
        sumRows.buffer(0, xb).buffer(1, out(y)).arg(2, rows).arg(3, cols).run(cols);
    }

    @Override
    void sumCols(Storage x, Storage y, int rows, int cols) {
        ClBuffer xb = in(x);
        sumCols.buffer(0, xb).buffer(1, out(y)).arg(2, rows).arg(3, cols).run(rows);
    }

    @Override
    void close() {
        launcher.close();
    }

    @Override
    org.leapfrog.runtime.graph.TransferStats transfers() {
        return new org.leapfrog.runtime.graph.TransferStats(0, toDeviceCopies, toHostCopies, toDeviceBytes, toHostBytes,
                launcher.launches());
    }

    @Override
    KernelCall call(Engine engine, org.leapfrog.kernels.KernelDef def) {
        return new ClCall(engine, launcher.kernel(def));
    }

    /** Binds tensors' device buffers to a kernel, keeping the storages' validity flags as the launches do. */
    private final class ClCall extends KernelCall {
        private final Engine engine;
        private final KernelLauncher.Launch launch;

        ClCall(Engine engine, KernelLauncher.Launch launch) {
            this.engine = engine;
            this.launch = launch;
        }

        @Override
        public KernelCall read(int index, Tensor t) {
            launch.buffer(index, in(checked(engine, t, "read", index)));
            return this;
        }

        @Override
        public KernelCall write(int index, Tensor t) {
            launch.buffer(index, out(checked(engine, t, "write", index)));
            return this;
        }

        @Override
        public KernelCall update(int index, Tensor t) {
            Storage s = checked(engine, t, "update", index);
            in(s);
            launch.buffer(index, out(s));
            return this;
        }

        @Override
        public KernelCall gradient(int index, Tensor leaf) {
            Storage s = checked(engine, leaf, "gradient", index);
            in(s);
            launch.buffer(index, out(s));
            return this;
        }

        @Override
        public KernelCall arg(int index, int value) {
            launch.arg(index, value);
            return this;
        }

        @Override
        public KernelCall arg(int index, double value) {
            launch.arg(index, value);
            return this;
        }

        @Override
        public void run(long workItems) {
            launch.run(workItems);
        }
    }
}
