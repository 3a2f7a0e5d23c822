package org.leapfrog.runtime.tensor;

import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.opencl.OpenClBackend;

/**
 * Where tensors live and operations run: {@link #java()} (host arrays, the Java twins of the nn kernels) or
 * {@link #on(Backend)} an OpenCL backend (device buffers, one nn kernel launch per operation). A tensor belongs
 * to the engine it was created on, and operations on it run there; mixing engines in one operation is an
 * error. The static factories of {@link Tensor} use the thread's {@linkplain #current() current engine}
 * (Java unless a region from {@link #use()} is open), so modules and existing code run unchanged on OpenCL:
 * <pre>{@code
 * try (Engine cl = Engine.on(backend); Engine.Region r = cl.use()) {
 *     Sequential mlp = Sequential.mlp(...);   // parameters in device buffers
 *     ...
 * }
 * }</pre>
 * Host access ({@link Tensor#data()}, {@link Tensor#get}, {@link Tensor#item()}) copies from the device on
 * demand. An OpenCL engine is not thread-safe: use it from one thread at a time.
 */
public final class Engine implements AutoCloseable {
    private static final Engine JAVA = new Engine(new JavaDevice(), false);
    private static final ThreadLocal<Engine[]> CURRENT = ThreadLocal.withInitial(() -> new Engine[] {JAVA});

    final Device device;
    private final boolean closeable;
    private boolean closed;

    private Engine(Device device, boolean closeable) {
        this.device = device;
        this.closeable = closeable;
    }

    /** The shared pure-Java engine (closing it does nothing). */
    public static Engine java() {
        return JAVA;
    }

    /**
     * An engine on {@code backend}: for an OpenCL backend a new engine whose tensors live in that device's
     * buffers (close it before the backend); for the Java backend the shared {@link #java()} engine.
     */
    public static Engine on(Backend backend) {
        if (backend instanceof OpenClBackend cl) {
            return new Engine(new ClDevice(cl), true);
        }
        return JAVA;
    }

    /** The engine that {@link Tensor}'s static factories use on this thread. */
    public static Engine current() {
        return CURRENT.get()[0];
    }

    /** Makes this engine the thread's current one until the region is closed. */
    public Region use() {
        checkOpen();
        Engine[] slot = CURRENT.get();
        Region r = new Region(slot, slot[0]);
        slot[0] = this;
        return r;
    }

    /** Whether tensors of this engine live in OpenCL device buffers. */
    public boolean isOpenCl() {
        return device instanceof ClDevice;
    }

    /** Value arrays (Java) or device buffers (OpenCL) made so far, arena storage included; a training loop in an
     * {@link Arena} stops adding to it after its first iteration. */
    public long allocations() {
        return device.allocations();
    }

    // ---- factories: tensors on this engine ----

    public Tensor zeros(int rows, int cols) {
        return Tensor.make(this, rows, cols, device.allocate(Tensor.checkedSize(rows, cols), true, true), false, null);
    }

    public Tensor full(int rows, int cols, double value) {
        Tensor t = Tensor.make(this, rows, cols, device.allocate(Tensor.checkedSize(rows, cols), false, true), false, null);
        device.fill(t.storage(), 0, value, t.size());
        return t;
    }

    public Tensor scalar(double value) {
        return full(1, 1, value);
    }

    /** A constant whose values are {@code data} (feature-major): shared on the Java engine; on OpenCL, the host
     * copy that is uploaded on first use (later changes to the array need {@link Tensor#data()}, see there). */
    public Tensor wrap(int rows, int cols, double[] data) {
        Tensor.checkShape(rows, cols, data);
        return Tensor.make(this, rows, cols, device.wrap(data), false, null);
    }

    /** A leaf that requires a gradient, with values {@code data} as in {@link #wrap}. */
    public Tensor variable(int rows, int cols, double[] data) {
        Tensor.checkShape(rows, cols, data);
        return Tensor.make(this, rows, cols, device.wrap(data), true, null);
    }

    /** A named trainable parameter of zeros with a gradient accumulator. */
    public Tensor parameter(String name, int rows, int cols) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name: '" + name + "'; allowed: a non-empty string");
        }
        return Tensor.make(this, rows, cols, device.allocate(Tensor.checkedSize(rows, cols), true, true), true, name);
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("engine " + device.describe() + " is closed");
        }
    }

    /** Releases the OpenCL engine's kernels (tensor buffers are released with their tensors or arenas). */
    @Override
    public void close() {
        if (closeable && !closed) {
            closed = true;
            device.close();
        }
    }

    @Override
    public String toString() {
        return "Engine[" + device.describe() + "]";
    }

    /** Restores the previous current engine when closed. */
    public static final class Region implements AutoCloseable {
        private final Engine[] slot;
        private final Engine previous;

        private Region(Engine[] slot, Engine previous) {
            this.slot = slot;
            this.previous = previous;
        }

        @Override
        public void close() {
            slot[0] = previous;
        }
    }
}
