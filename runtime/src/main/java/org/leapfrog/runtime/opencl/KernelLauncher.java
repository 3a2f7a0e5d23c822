package org.leapfrog.runtime.opencl;

import java.util.HashMap;
import java.util.Map;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.leapfrog.kernels.KernelDef;

/**
 * Launches single kernels on device buffers that the caller owns, outside task graphs. This is for
 * per-operation dispatch (for example the autodiff engine: one launch per tensor operation, on buffers whose
 * lifetime the caller manages), where building a task graph per operation would cost more than the launch.
 *
 * <p>Commands go to the backend's in-order queue, so they run in the order issued (also relative to plans of
 * the same backend) and a {@link #read} sees every launch before it. Kernels are built through the backend's
 * program cache. A launcher and its {@link Launch}es keep argument state, so use one launcher per thread.
 * Closing it releases its kernel objects, not the buffers it allocated (the caller closes those).
 */
public final class KernelLauncher implements AutoCloseable {
    /** Global sizes are rounded up to a multiple of this, so devices can pick a good work-group size;
     * kernels must therefore ignore work-items past their element count. */
    public static final int GLOBAL_MULTIPLE = 64;

    private final OpenClBackend backend;
    private final Map<KernelDef, Launch> launches = new HashMap<>();
    private long buffersAllocated;
    private long launchCount;
    private boolean closed;

    public KernelLauncher(OpenClBackend backend) {
        this.backend = backend;
    }

    public OpenClBackend backend() {
        return backend;
    }

    /** A new device buffer of {@code bytes} bytes (contents undefined); the caller closes it. */
    public ClBuffer allocate(long bytes) {
        checkOpen();
        if (bytes < 1) {
            throw new IllegalArgumentException("bytes: " + bytes + "; allowed: 1 or more");
        }
        buffersAllocated++;
        return new ClBuffer(backend.context(), bytes);
    }

    /** How many buffers {@link #allocate} has made (to check that a steady state allocates none). */
    public long buffersAllocated() {
        return buffersAllocated;
    }

    /** How many kernels have been launched. */
    public long launches() {
        return launchCount;
    }

    /** Copies {@code src[0, count)} to the start of {@code dst}; returns when the copy is done. */
    public void write(ClBuffer dst, double[] src, int count) {
        checkRange("count", count, src.length, dst);
        if (count > 0) {
            backend.queue().write(dst, Pointer.to(src), (long) count * Sizeof.cl_double);
        }
    }

    /** Copies the first {@code count} doubles of {@code src} to {@code dst[0, count)} after all earlier commands. */
    public void read(ClBuffer src, double[] dst, int count) {
        checkRange("count", count, dst.length, src);
        if (count > 0) {
            backend.queue().read(src, Pointer.to(dst), (long) count * Sizeof.cl_double);
        }
    }

    /** Copies {@code src[0, count)} (float32) to the start of {@code dst}; returns when the copy is done. */
    public void write(ClBuffer dst, float[] src, int count) {
        checkFloatRange(count, src.length, dst);
        if (count > 0) {
            backend.queue().write(dst, Pointer.to(src), (long) count * Sizeof.cl_float);
        }
    }

    /** Copies the first {@code count} floats of {@code src} to {@code dst[0, count)} after all earlier commands. */
    public void read(ClBuffer src, float[] dst, int count) {
        checkFloatRange(count, dst.length, src);
        if (count > 0) {
            backend.queue().read(src, Pointer.to(dst), (long) count * Sizeof.cl_float);
        }
    }

    private void checkFloatRange(int count, int hostLength, ClBuffer buffer) {
        checkOpen();
        if (count < 0 || count > hostLength || (long) count * Sizeof.cl_float > buffer.bytes()) {
            throw new IllegalArgumentException("count: " + count + "; allowed: 0 to min(host length " + hostLength
                    + ", buffer floats " + buffer.bytes() / Sizeof.cl_float + ")");
        }
    }

    private void checkRange(String name, int count, int hostLength, ClBuffer buffer) {
        checkOpen();
        if (count < 0 || count > hostLength || (long) count * Sizeof.cl_double > buffer.bytes()) {
            throw new IllegalArgumentException(name + ": " + count + "; allowed: 0 to min(host length " + hostLength
                    + ", buffer doubles " + buffer.bytes() / Sizeof.cl_double + ")");
        }
    }

    /** The launch slot of a kernel (built on first use; one kernel object per definition). */
    public Launch kernel(KernelDef def) {
        checkOpen();
        Launch l = launches.get(def);
        if (l == null) {
            l = new Launch(backend.build(def).kernel(def.entryPoint()));
            launches.put(def, l);
        }
        return l;
    }

    /** Waits until every command issued so far has completed. */
    public void finish() {
        checkOpen();
        backend.queue().finish();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("kernel launcher is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            launches.values().forEach(l -> l.kernel.close());
            launches.clear();
        }
    }

    /**
     * One kernel object: set its arguments by position (they persist between launches), then {@link #run}.
     * Scalar arguments go through per-position slots made once, so setting them allocates nothing.
     */
    public final class Launch {
        private static final int MAX_ARGS = 32;
        private final ClKernel kernel;
        private final int[][] ints = new int[MAX_ARGS][];
        private final double[][] doubles = new double[MAX_ARGS][];
        private final Pointer[] intPointers = new Pointer[MAX_ARGS];
        private final Pointer[] doublePointers = new Pointer[MAX_ARGS];
        private final long[] global = new long[1];
        private final long[] global2 = new long[2];
        private final long[] local2 = new long[2];

        private Launch(ClKernel kernel) {
            this.kernel = kernel;
        }

        public Launch buffer(int index, ClBuffer b) {
            checkIndex(index);
            kernel.setBuffer(index, b);
            return this;
        }

        public Launch arg(int index, int value) {
            checkIndex(index);
            if (ints[index] == null) {
                ints[index] = new int[1];
                intPointers[index] = Pointer.to(ints[index]);
            }
            ints[index][0] = value;
            kernel.setScalar(index, Sizeof.cl_int, intPointers[index]);
            return this;
        }

        public Launch arg(int index, double value) {
            checkIndex(index);
            if (doubles[index] == null) {
                doubles[index] = new double[1];
                doublePointers[index] = Pointer.to(doubles[index]);
            }
            doubles[index][0] = value;
            kernel.setScalar(index, Sizeof.cl_double, doublePointers[index]);
            return this;
        }

        private void checkIndex(int index) {
            if (index < 0 || index >= MAX_ARGS) {
                throw new IllegalArgumentException("index: " + index + "; allowed: 0 to " + (MAX_ARGS - 1));
            }
        }

        /** Enqueues the kernel over {@code workItems} work-items (rounded up to {@link #GLOBAL_MULTIPLE}); 0 does nothing. */
        public void run(long workItems) {
            checkOpen();
            if (workItems < 0) {
                throw new IllegalArgumentException("workItems: " + workItems + "; allowed: 0 or more");
            }
            if (workItems == 0) {
                return;
            }
            global[0] = (workItems + GLOBAL_MULTIPLE - 1) / GLOBAL_MULTIPLE * GLOBAL_MULTIPLE;
            backend.queue().launch(kernel, global, null);
            launchCount++;
        }

        /**
         * Enqueues a 2-D launch of {@code gx x gy} work-items in work-groups of {@code lx x ly}; with
         * {@code lx = ly = 0} the device chooses the work-group and the sizes are used as given, otherwise each
         * global size is rounded up to a multiple of its local size (kernels ignore work-items past their
         * range). An empty range does nothing.
         */
        public void run2d(long gx, long gy, long lx, long ly) {
            checkOpen();
            if (gx < 0 || gy < 0) {
                throw new IllegalArgumentException("global size: " + gx + " x " + gy + "; allowed: 0 or more each");
            }
            boolean chosen = lx == 0 && ly == 0;
            if (!chosen && (lx < 1 || ly < 1)) {
                throw new IllegalArgumentException("local size: " + lx + " x " + ly
                        + "; allowed: both 0 (device's choice) or both 1 or more");
            }
            if (gx == 0 || gy == 0) {
                return;
            }
            if (chosen) {
                global2[0] = gx;
                global2[1] = gy;
                backend.queue().launch(kernel, global2, null, 2);
            } else {
                global2[0] = (gx + lx - 1) / lx * lx;
                global2[1] = (gy + ly - 1) / ly * ly;
                local2[0] = lx;
                local2[1] = ly;
                backend.queue().launch(kernel, global2, local2, 2);
            }
            launchCount++;
        }
    }
}
