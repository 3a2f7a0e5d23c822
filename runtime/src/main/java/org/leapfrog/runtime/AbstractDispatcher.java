package org.leapfrog.runtime;

import java.util.HashMap;
import java.util.Map;
import org.leapfrog.kernels.ElementType;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Kind;
import org.leapfrog.runtime.buffer.Buffer;
import org.leapfrog.runtime.buffer.DeviceMemory;
import org.leapfrog.runtime.graph.Bindings;
import org.leapfrog.runtime.graph.PlanCounters;
import org.leapfrog.runtime.graph.TransferStats;

/**
 * What every backend's {@link Dispatcher} shares: launch slots per kernel, binding checks against signatures,
 * and keeping bound buffers current around each launch. Backends supply the launch itself. Transfers are
 * counted only where device memory is separate (on the Java backend they copy nothing).
 */
public abstract class AbstractDispatcher implements Dispatcher {
    /** Arguments per kernel a launch slot can hold. */
    protected static final int MAX_ARGS = 32;

    private final Backend backend;
    protected final DeviceMemory memory;
    protected final PlanCounters counters = new PlanCounters();
    private final Map<KernelDef, Slot> launches = new HashMap<>();
    private boolean closed;

    protected AbstractDispatcher(Backend backend) {
        this.backend = backend;
        this.memory = backend.memory();
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public Launch kernel(KernelDef def) {
        checkOpen();
        Slot l = launches.get(def);
        if (l == null) {
            l = newSlot(def);
            launches.put(def, l);
        }
        return l;
    }

    /** A backend's launch slot for a kernel (built now). */
    protected abstract Slot newSlot(KernelDef def);

    @Override
    public void toDevice(Buffer b) {
        checkOpen();
        memory.pin(b);
        if (memory.ensureOnDevice(b) && memory.separate()) {
            counters.toDevice(b);
        }
    }

    @Override
    public void toHost(Buffer b) {
        checkOpen();
        if (memory.ensureOnHost(b) && memory.separate()) {
            counters.toHost(b);
        }
    }

    @Override
    public TransferStats stats() {
        return counters.snapshot();
    }

    protected void checkOpen() {
        if (closed) {
            throw new IllegalStateException("dispatcher is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            launches.values().forEach(Slot::release);
            launches.clear();
        }
    }

    /** One kernel's bindings; subclasses set scalars on the device and launch. */
    protected abstract class Slot implements Launch {
        protected final KernelDef def;
        protected final Buffer[] buffers = new Buffer[MAX_ARGS];
        private final boolean[] bound = new boolean[MAX_ARGS];
        /** Accesses the caller declared for buffers of a kernel without a signature (null: read and write). */
        private final Access[] declared = new Access[MAX_ARGS];
        private int count;

        protected Slot(KernelDef def) {
            this.def = def;
        }

        private void bind(int index, Kind kind, ElementType type, Object given) {
            checkOpen();
            if (index < 0 || index >= MAX_ARGS) {
                throw new IllegalArgumentException("kernel " + def.entryPoint() + ": argument index " + index
                        + "; allowed: 0 to " + (MAX_ARGS - 1));
            }
            if (def.signature() != null) {
                Bindings.check(def, index, kind, type, given);
            }
            if (!bound[index]) {
                bound[index] = true;
                count = Math.max(count, index + 1);
            }
        }

        @Override
        public Launch buffer(int index, Buffer b) {
            bind(index, Kind.BUFFER, b.elementType(), b);
            buffers[index] = b;
            declared[index] = null;
            memory.pin(b);
            bufferBound(index, b);
            return this;
        }

        @Override
        public Launch buffer(int index, Buffer b, Access access) {
            buffer(index, b);
            declared[index] = access;
            return this;
        }

        /** How the kernel uses argument {@code i}: its signature's access, else the declared one, else both. */
        private Access access(int i) {
            return def.signature() == null && declared[i] != null ? declared[i] : Bindings.access(def, i);
        }

        /** A buffer was bound at {@code index} (the Java backend hands the host array to the twin). */
        protected void bufferBound(int index, Buffer b) {
        }

        @Override
        public Launch arg(int index, int value) {
            bind(index, Kind.INT, null, "an int scalar");
            buffers[index] = null;
            setInt(index, value);
            return this;
        }

        @Override
        public Launch arg(int index, long value) {
            bind(index, Kind.LONG, null, "a long scalar");
            buffers[index] = null;
            setLong(index, value);
            return this;
        }

        @Override
        public Launch arg(int index, double value) {
            bind(index, Kind.DOUBLE, null, "a double scalar");
            buffers[index] = null;
            setDouble(index, value);
            return this;
        }

        protected abstract void setInt(int index, int value);

        protected abstract void setLong(int index, long value);

        protected abstract void setDouble(int index, double value);

        /** Bound buffers are current on the device and set; launch over the range (work-items > 0). */
        protected abstract void launch(Range range, int arguments);

        /** Frees backend objects (kernel handles). */
        protected void release() {
        }

        @Override
        public void run(Range range) {
            checkOpen();
            if (range.items() == 0) {
                return;
            }
            int n = def.signature() != null ? def.signature().size() : count;
            for (int i = 0; i < n; i++) {
                if (!bound[i]) {
                    String name = def.signature() != null ? " '" + def.signature().arg(i).name() + "'" : "";
                    throw new IllegalStateException("kernel " + def.entryPoint() + ": argument " + i + name
                            + " was not bound before run");
                }
                Buffer b = buffers[i];
                if (b != null && access(i).reads() && memory.ensureOnDevice(b) && memory.separate()) {
                    counters.toDevice(b);
                }
            }
            launch(range, n);
            for (int i = 0; i < n; i++) {
                Buffer b = buffers[i];
                if (b != null && access(i).writes()) {
                    memory.written(b);
                }
            }
            counters.launch();
        }
    }
}
