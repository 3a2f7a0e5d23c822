package org.leapfrog.runtime.tensor;

import java.util.List;
import org.leapfrog.kernels.ElementType;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.nn.Gemm;
import org.leapfrog.kernels.nn.MatmulKernels;
import org.leapfrog.kernels.nn.NnKernels;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendCapabilities;
import org.leapfrog.runtime.Dispatcher;
import org.leapfrog.runtime.Range;
import org.leapfrog.runtime.buffer.DeviceMemory;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.graph.FloatArray;
import org.leapfrog.runtime.graph.HostArray;
import org.leapfrog.runtime.graph.TransferStats;

/**
 * Where an engine's tensor values live and its kernels run, on any backend: every storage is a runtime
 * {@link DoubleArray} whose device copy lives in the backend's {@link DeviceMemory}, and every operation is one
 * launch through the backend's {@link Dispatcher} (an OpenCL kernel on the in-order queue, or the kernel's Java
 * twin split over the Java backend's pool). The dispatcher keeps the buffers current: an input whose host copy
 * is newer is uploaded before the launch (a counted transfer), outputs are current on the device only after it.
 * Host access maps to the dispatcher's {@code toHost} and the buffer's {@code hostChanged}.
 *
 * <p>The only difference between backends is the geometry of the products: where kernels run as OpenCL C,
 * {@code gemm} and {@code gemmTransA} are 2-D launches (register blocks on CPUs, local-memory tiles on GPUs);
 * where the Java twins run, the same definitions are launched 1-D over output rows ({@code gemm}) or columns
 * ({@code gemmTransA}), which is what their twins take (every element is the same fma chain whatever the
 * split, so results do not depend on the thread count).
 *
 * <p>Inputs and outputs may be the same storage only where the kernel is element-wise without broadcasting of
 * that argument (accumulation {@code acc += g}). Not thread-safe: a dispatcher keeps argument state.
 *
 * <p>Precision is chosen per engine: float64 storages are {@link DoubleArray}s and run the {@code REAL=double}
 * kernels; float32 storages are {@link FloatArray}s and run the {@code REAL=float} builds of the same kernels
 * ({@link NnKernels.Float32}, the float32 {@link MatmulKernels}). Scalars stay doubles; kernels round them.
 */
final class Device {
    /** The element type of every storage: FLOAT64 or FLOAT32. */
    private final ElementType precision;
    private final MatmulKernels.Precision matmulPrecision;
    private final Backend backend;
    private final Dispatcher dispatcher;
    private final DeviceMemory memory;
    private final boolean separate;
    /** Whether kernels run as OpenCL C (2-D product launches) rather than as Java twins (1-D over rows). */
    private final boolean openClC;
    private final MatmulKernels.Form form;
    private final Dispatcher.Launch unary;
    private final Dispatcher.Launch binary;
    private final Dispatcher.Launch expand;
    private final Dispatcher.Launch select;
    private final Dispatcher.Launch fill;
    private final Dispatcher.Launch copy;
    private final Dispatcher.Launch gemm;
    private final Dispatcher.Launch gemmTransA;
    private final Dispatcher.Launch actGrad;
    private final Dispatcher.Launch actGradSum;
    private final Dispatcher.Launch sumRows;
    private final Dispatcher.Launch sumCols;
    private final Dispatcher.Launch sumRowsAcc;
    private long allocations;

    Device(Backend backend, ElementType precision) {
        if (precision != ElementType.FLOAT64 && precision != ElementType.FLOAT32) {
            throw new IllegalArgumentException("precision: " + precision + "; allowed: FLOAT64, FLOAT32");
        }
        this.precision = precision;
        this.matmulPrecision = precision == ElementType.FLOAT64 ? MatmulKernels.Precision.FLOAT64
                : MatmulKernels.Precision.FLOAT32;
        this.backend = backend;
        this.dispatcher = backend.dispatcher();
        this.memory = backend.memory();
        BackendCapabilities caps = backend.capabilities();
        this.separate = caps.separateDeviceMemory();
        this.openClC = caps.runsOpenClC();
        // Local-memory tiles on GPUs, vector lanes with register blocks elsewhere (CPUs, accelerators, Java).
        this.form = "GPU".equals(caps.deviceType()) ? MatmulKernels.Form.TILED : MatmulKernels.Form.LANES;
        List<KernelDef> nn = NnKernels.all(precision); // in the order of NnKernels.ALL
        this.unary = dispatcher.kernel(nn.get(0));
        this.binary = dispatcher.kernel(nn.get(1));
        this.expand = dispatcher.kernel(nn.get(2));
        this.select = dispatcher.kernel(nn.get(3));
        this.fill = dispatcher.kernel(nn.get(4));
        this.copy = dispatcher.kernel(nn.get(5));
        this.gemm = dispatcher.kernel(MatmulKernels.gemm(matmulPrecision, form));
        this.gemmTransA = dispatcher.kernel(MatmulKernels.gemmTransA(matmulPrecision, form));
        this.actGrad = dispatcher.kernel(MatmulKernels.actGrad(matmulPrecision));
        this.actGradSum = dispatcher.kernel(MatmulKernels.actGradSum(matmulPrecision));
        this.sumRows = dispatcher.kernel(nn.get(6));
        this.sumCols = dispatcher.kernel(nn.get(7));
        this.sumRowsAcc = dispatcher.kernel(nn.get(8));
    }

    Backend backend() {
        return backend;
    }

    ElementType precision() {
        return precision;
    }

    boolean isFloat32() {
        return precision == ElementType.FLOAT32;
    }

    private HostArray newBuffer(int length) {
        return isFloat32() ? new FloatArray("tensor", length) : new DoubleArray("tensor", length);
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    /**
     * A new storage of {@code length} elements, zeros when asked. Its device copy is allocated now and counts as
     * current (its contents are undefined until a kernel writes them, which every caller does next), so no
     * upload of the fresh host array ever happens. With {@code managed} the device copy is freed by the
     * memory's cleaner when the buffer becomes unreachable, otherwise by {@link #free} (arena storages).
     */
    Storage allocate(int length, boolean zeroed, boolean managed) {
        allocations++;
        Storage s = new Storage(length, newBuffer(Math.max(1, length)));
        memory.written(s.buffer);
        if (zeroed) {
            fill(s, 0, 0.0, length);
        }
        return s;
    }

    /**
     * A storage whose host copy is the caller's array (uploaded on first use where memory is separate); on a
     * float32 engine a float copy of it, each value rounded to nearest.
     */
    Storage wrap(double[] data) {
        if (data.length == 0) {
            return new Storage(0, newBuffer(1));
        }
        if (isFloat32()) {
            float[] f = new float[data.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) data[i];
            }
            return new Storage(data.length, new FloatArray("tensor", f));
        }
        return new Storage(data.length, new DoubleArray("tensor", data));
    }

    /** Frees the device copy of an unmanaged (arena) storage now. */
    void free(Storage s) {
        memory.release(s.buffer);
    }

    /** An arena took the storage back: its values are garbage, so no copy must ever move them. */
    void recycled(Storage s) {
        if (separate) {
            memory.written(s.buffer);
        }
    }

    /** The current float64 values on the host, for reading (float64 engines). */
    double[] readHost(Storage s) {
        dispatcher.toHost(s.buffer);
        return doubles(s);
    }

    /** The current float64 values on the host, for reading and writing: device copies are stale until the next use. */
    double[] writeHost(Storage s) {
        dispatcher.toHost(s.buffer);
        s.buffer.hostChanged();
        return doubles(s);
    }

    /** A host array for the caller to fill completely: current values are not fetched; device copies become stale. */
    double[] overwriteHost(Storage s) {
        s.buffer.hostChanged();
        return doubles(s);
    }

    /** The current float32 values on the host, for reading and writing (float32 engines). */
    float[] writeHostFloats(Storage s) {
        dispatcher.toHost(s.buffer);
        s.buffer.hostChanged();
        return floats(s);
    }

    /** A copy of the values as doubles: the whole buffer in float64 (as always), the {@code length} values in float32. */
    double[] copyToDoubles(Storage s) {
        dispatcher.toHost(s.buffer);
        if (s.buffer instanceof FloatArray f) {
            float[] v = f.data();
            double[] d = new double[s.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = v[i];
            }
            return d;
        }
        return ((DoubleArray) s.buffer).data().clone();
    }

    /** Value {@code i}, in either precision. */
    double get(Storage s, int i) {
        dispatcher.toHost(s.buffer);
        return s.buffer instanceof FloatArray f ? f.data()[i] : ((DoubleArray) s.buffer).data()[i];
    }

    /** Sets value {@code i} (rounded to float on a float32 engine); device copies are stale until the next use. */
    void set(Storage s, int i, double v) {
        dispatcher.toHost(s.buffer);
        s.buffer.hostChanged();
        if (s.buffer instanceof FloatArray f) {
            f.data()[i] = (float) v;
        } else {
            ((DoubleArray) s.buffer).data()[i] = v;
        }
    }

    /** Overwrites the first {@code values.length} values (rounded to float on a float32 engine). */
    void assign(Storage s, double[] values) {
        if (s.buffer instanceof FloatArray f) {
            if (values.length < s.length) {
                dispatcher.toHost(s.buffer); // a partial write keeps the rest
            }
            s.buffer.hostChanged();
            float[] v = f.data();
            for (int i = 0; i < values.length; i++) {
                v[i] = (float) values[i];
            }
        } else {
            System.arraycopy(values, 0, values.length < s.length ? writeHost(s) : overwriteHost(s), 0, values.length);
        }
    }

    private double[] doubles(Storage s) {
        if (s.buffer instanceof DoubleArray d) {
            return d.data();
        }
        throw new IllegalStateException("a double[] view of a float32 tensor; allowed on float64 engines only"
                + " (float32: floatData(), toArray() for a double copy)");
    }

    private float[] floats(Storage s) {
        if (s.buffer instanceof FloatArray f) {
            return f.data();
        }
        throw new IllegalStateException("a float[] view of a float64 tensor; allowed on float32 engines only"
                + " (float64: data())");
    }

    /** Value buffers this engine has made (each with its device copy), arena storage included. */
    long allocations() {
        return allocations;
    }

    String describe() {
        String kind = backend.kind().name().toLowerCase(java.util.Locale.ROOT)
                + (isFloat32() ? " float32" : "");
        return backend.kind() == org.leapfrog.runtime.BackendKind.JAVA ? kind : kind + " (" + backend.device().name() + ")";
    }

    /** Host-device copies and launches of this engine's dispatcher. */
    TransferStats transfers() {
        return dispatcher.stats();
    }

    void close() {
        dispatcher.close();
    }

    void unary(int op, double p, double q, Storage x, Storage y, int n) {
        unary.arg(0, op).arg(1, p).arg(2, q).buffer(3, x.buffer).buffer(4, y.buffer).arg(5, n).run(items(n));
    }

    void binary(int op, Storage a, int ar, int ac, Storage b, int br, int bc, Storage y, int rows, int cols) {
        binary.arg(0, op).buffer(1, a.buffer).arg(2, ar).arg(3, ac).buffer(4, b.buffer).arg(5, br).arg(6, bc)
                .buffer(7, y.buffer).arg(8, rows).arg(9, cols).run(items((long) rows * cols));
    }

    void expand(Storage a, int ar, int ac, Storage y, int rows, int cols) {
        expand.buffer(0, a.buffer).arg(1, ar).arg(2, ac).buffer(3, y.buffer).arg(4, rows).arg(5, cols)
                .run(items((long) rows * cols));
    }

    void select(Storage mask, int mc, Storage a, Storage b, Storage y, int rows, int cols) {
        select.buffer(0, mask.buffer).arg(1, mc).buffer(2, a.buffer).buffer(3, b.buffer).buffer(4, y.buffer)
                .arg(5, rows).arg(6, cols).run(items((long) rows * cols));
    }

    /** A partial fill keeps the rest of {@code y}: its signature reads it, so the device copy is made current. */
    void fill(Storage y, int off, double v, int n) {
        fill.buffer(0, y.buffer).arg(1, off).arg(2, v).arg(3, n).run(items(n));
    }

    void copy(Storage src, int srcOff, Storage dst, int dstOff, int n) {
        copy.buffer(0, src.buffer).arg(1, srcOff).buffer(2, dst.buffer).arg(3, dstOff).arg(4, n).run(items(n));
    }

    void matmul(Storage x, Storage w, Storage y, int n, int k, int m) {
        gemm(x, w, null, y, n, k, m, 1, k, Gemm.IDENTITY);
    }

    void matmulTransB(Storage g, Storage w, Storage y, int n, int k, int m) {
        // y (n x k) = g (n x m) @ w^T: B(p, c) = w[p * k + c]
        gemm(g, w, null, y, n, m, k, k, 1, Gemm.IDENTITY);
    }

    void matmulTransA(Storage x, Storage g, Storage y, int n, int k, int m) {
        matmulTransA(x, g, null, y, n, k, m);
    }

    /** {@code y (k x m) = prev + x^T @ g} in one pass ({@code prev} null: the product alone); y is not prev. */
    void matmulTransA(Storage x, Storage g, Storage prev, Storage y, int n, int k, int m) {
        // Without prev the kernel reads none; any buffer fills the slot.
        gemmTransA.buffer(0, x.buffer, Access.READ).buffer(1, g.buffer, Access.READ).buffer(2, y.buffer, Access.WRITE)
                .arg(3, n).arg(4, k).arg(5, m).buffer(6, prev == null ? x.buffer : prev.buffer, Access.READ)
                .arg(7, prev == null ? 0 : 1);
        if (openClC) {
            int local = MatmulKernels.localSize(form);
            gemmTransA.run(Range.of2d(MatmulKernels.gemmTransAGlobalRows(form, k),
                    MatmulKernels.gemmTransAGlobalColumns(form, m), local, local));
        } else {
            gemmTransA.run(Range.of(m)); // the twin's work-items: output columns
        }
    }

    /**
     * {@code y (n x m) = act(x (n x k) @ w (k x m) + b)} in one pass; {@code b} ({@code 1 x m}) may be null.
     * {@code act} is a {@link Gemm} activation code.
     */
    void linear(Storage x, Storage w, Storage b, Storage y, int n, int k, int m, int act) {
        gemm(x, w, b, y, n, k, m, 1, k, act);
    }

    /** {@code dz = g * act'(y)} over n elements, from the activation's output y. */
    void actGrad(Storage g, Storage y, Storage dz, int n, int act) {
        actGrad.buffer(0, g.buffer, Access.READ).buffer(1, y.buffer, Access.READ).buffer(2, dz.buffer, Access.WRITE)
                .arg(3, n).arg(4, act).run(items(n));
    }

    /**
     * {@code dz = g * act'(y)} ({@code n x c}) and {@code db = [prev +] sumRows(dz)} ({@code 1 x c}) in one pass;
     * {@code prev} may be null; db is not prev.
     */
    void actGradSum(Storage g, Storage y, Storage dz, Storage db, Storage prev, int n, int c, int act) {
        actGradSum.buffer(0, g.buffer, Access.READ).buffer(1, y.buffer, Access.READ).buffer(2, dz.buffer, Access.WRITE)
                .buffer(3, db.buffer, Access.WRITE).buffer(4, prev == null ? g.buffer : prev.buffer, Access.READ)
                .arg(5, n).arg(6, c).arg(7, act).arg(8, prev == null ? 0 : 1).run(items(c));
    }

    /** {@code y (n x c) = act(a (n x p) @ B + bias)}, {@code B(q, j) = b[q * bp + j * bc]}, as one launch. */
    private void gemm(Storage a, Storage b, Storage bias, Storage y, int n, int p, int c, int bp, int bc, int act) {
        // Without a bias the kernel reads none; any buffer fills the slot.
        HostArray biasBuffer = bias == null ? a.buffer : bias.buffer;
        gemm.buffer(0, a.buffer, Access.READ).buffer(1, b.buffer, Access.READ).buffer(2, biasBuffer, Access.READ)
                .buffer(3, y.buffer, Access.WRITE).arg(4, n).arg(5, p).arg(6, c).arg(7, bp).arg(8, bc).arg(9, act)
                .arg(10, bias == null ? 0 : 1);
        if (openClC) {
            gemm.run(Range.of2d(MatmulKernels.gemmGlobal(matmulPrecision, form, n, c, 0),
                    MatmulKernels.gemmGlobal(matmulPrecision, form, n, c, 1),
                    MatmulKernels.gemmLocal(form, c, 0), MatmulKernels.gemmLocal(form, c, 1)));
        } else {
            gemm.run(Range.of(n)); // the twin's work-items: output rows
        }
    }

    void sumRows(Storage x, Storage y, int rows, int cols) {
        sumRows.buffer(0, x.buffer).buffer(1, y.buffer).arg(2, rows).arg(3, cols).run(items(cols));
    }

    /** {@code y = prev + sumRows(x)}; y is not prev. */
    void sumRowsAcc(Storage x, Storage prev, Storage y, int rows, int cols) {
        sumRowsAcc.buffer(0, x.buffer).buffer(1, prev.buffer).buffer(2, y.buffer).arg(3, rows).arg(4, cols)
                .run(items(cols));
    }

    void sumCols(Storage x, Storage y, int rows, int cols) {
        sumCols.buffer(0, x.buffer).buffer(1, y.buffer).arg(2, rows).arg(3, cols).run(items(rows));
    }

    /** Global size multiple of 1-D launches where OpenCL C runs, so the device can pick a good work-group size
     * (kernels skip work-items past their count); twins get the exact count. */
    static final int GLOBAL_MULTIPLE = 64;

    /** The 1-D range of {@code n} work-items: rounded up to {@link #GLOBAL_MULTIPLE} where OpenCL C runs. */
    Range items(long n) {
        return openClC ? Range.of((n + GLOBAL_MULTIPLE - 1) / GLOBAL_MULTIPLE * GLOBAL_MULTIPLE) : Range.of(n);
    }

    /** A launch slot for {@code def} on tensors of {@code engine} (see {@link KernelCall}). */
    KernelCall call(Engine engine, KernelDef def) {
        return new KernelCall(engine, this, dispatcher.kernel(def));
    }
}
