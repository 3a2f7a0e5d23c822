package org.leapfrog.runtime.buffer;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A backend's device memory: it allocates buffers' device copies on first use, copies between host and device,
 * and frees copies when their last plan closes (unless pinned), when their buffer becomes unreachable, or when
 * the backend closes. The copy operations keep the buffer's currency flags; counting transfers is up to the
 * caller (plans and dispatchers count in their own statistics). Backends implement the four primitives.
 */
public abstract class DeviceMemory implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Set<DeviceCopy> live = new LinkedHashSet<>();
    private long buffersAllocated;
    private long bytesAllocated;
    private boolean closed;

    /** Whether device copies are separate memory (false: the host array is the device memory, copies cost nothing). */
    public abstract boolean separate();

    /** Allocates {@code bytes} of device memory; returns the handle (null where memory is shared with the host). */
    protected abstract Object allocate(long bytes);

    /** Frees a handle from {@link #allocate}; may run on the cleaner's thread. */
    protected abstract void release(Object handle);

    /** Copies the host array of {@code b} into {@code copy}; returns when done. */
    protected abstract void copyToDevice(Buffer b, DeviceCopy copy);

    /** Copies {@code copy} into the host array of {@code b} after all earlier device work; returns when done. */
    protected abstract void copyToHost(DeviceCopy copy, Buffer b);

    /** The host-side view slot of a copy, for implementations that cache one (e.g. a native pointer). */
    protected static Object hostView(DeviceCopy copy) {
        return copy.hostView;
    }

    protected static void setHostView(DeviceCopy copy, Object view) {
        copy.hostView = view;
    }

    /** The buffer's copy here, allocated now if it has none (contents undefined until written or uploaded). */
    public final DeviceCopy copy(Buffer b) {
        DeviceCopy c = b.copyIn(this);
        if (c != null) {
            return c;
        }
        checkOpen();
        Object handle = allocate(b.bytes());
        c = new DeviceCopy(this, handle, b.bytes());
        synchronized (this) {
            live.add(c);
            buffersAllocated++;
            bytesAllocated += b.bytes();
        }
        c.cleanable = CLEANER.register(b, new Free(this, c));
        b.attach(c);
        return c;
    }

    /** Copies host to device now (even if the device copy is current: the caller says the host is the truth). */
    public final void upload(Buffer b) {
        DeviceCopy c = copy(b);
        if (separate()) {
            copyToDevice(b, c);
        }
        b.uploaded(c);
    }

    /** Copies device to host now. */
    public final void download(Buffer b) {
        DeviceCopy c = b.copyIn(this);
        if (c == null) {
            throw new IllegalStateException("buffer " + b + " has no device copy on this backend to copy to the host");
        }
        if (separate()) {
            copyToHost(c, b);
        }
        b.downloaded(c);
    }

    /**
     * Makes the device copy current, uploading only when it is not; returns whether it copied. Fails when the
     * current values are on another backend's device only.
     */
    public final boolean ensureOnDevice(Buffer b) {
        if (b.deviceCurrent(this)) {
            return false;
        }
        if (!b.hostCurrent()) {
            throw new IllegalStateException("buffer " + b + ": the current values are on another backend's device; "
                    + "copy them to the host there first");
        }
        upload(b);
        return true;
    }

    /** Makes the host copy current, downloading only when it is not; returns whether it copied. */
    public final boolean ensureOnHost(Buffer b) {
        if (b.hostCurrent()) {
            return false;
        }
        if (!b.deviceCurrent(this)) {
            throw new IllegalStateException("buffer " + b + ": the current values are on another backend's device; "
                    + "copy them to the host there");
        }
        download(b);
        return true;
    }

    /** Records that a kernel here wrote the buffer: its device copy alone is current. */
    public final void written(Buffer b) {
        b.written(copy(b));
    }

    /** A plan starts using the copy: it stays allocated until the plan {@link #unhold}s it. */
    public final DeviceCopy hold(Buffer b) {
        DeviceCopy c = copy(b);
        c.planHolds++;
        return c;
    }

    /** A plan stops using the copy; the last one frees it unless it is pinned. */
    public final void unhold(DeviceCopy c) {
        if (c.planHolds > 0 && --c.planHolds == 0 && !c.pinned) {
            free(c);
        }
    }

    /** Keeps the buffer's copy until the buffer is unreachable, {@link #release}d or the backend closes. */
    public final DeviceCopy pin(Buffer b) {
        DeviceCopy c = copy(b);
        c.pinned = true;
        return c;
    }

    /** Frees the buffer's device copy now (its device values are lost; plans holding it must be closed first). */
    public final void release(Buffer b) {
        DeviceCopy c = b.copyIn(this);
        if (c != null) {
            if (c.planHolds > 0) {
                throw new IllegalStateException("buffer " + b + " is used by " + c.planHolds
                        + " open plan(s); close them before releasing its device copy");
            }
            free(c);
        }
    }

    private static void free(DeviceCopy c) {
        c.cleanable.clean();
    }

    /** Device copies allocated so far (a steady state allocates none). */
    public final synchronized long buffersAllocated() {
        return buffersAllocated;
    }

    public final synchronized long bytesAllocated() {
        return bytesAllocated;
    }

    /** Device copies allocated and not yet freed. */
    public final synchronized int liveBuffers() {
        return live.size();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the backend's device memory is closed");
        }
    }

    /** Frees every device copy (the backend is closing). */
    @Override
    public void close() {
        List<DeviceCopy> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(live);
        }
        all.forEach(DeviceMemory::free);
    }

    /**
     * A reusable asynchronous read of {@code b} (see {@link AsyncRead}); its device copy is allocated (and pinned:
     * it lives until the buffer is unreachable, released or the backend closes) now. Where host and device share
     * memory nothing is copied; the default for separate memory copies at {@code start}, and backends that can
     * overlap the copy with later commands (OpenCL) override {@link #newAsyncRead}.
     */
    public final AsyncRead asyncRead(Buffer b) {
        DeviceCopy c = pin(b);
        if (!separate()) {
            return new AsyncRead(b, c) {
                @Override
                protected void enqueue(int from, int count) {
                }

                @Override
                protected void complete() {
                }
            };
        }
        return newAsyncRead(b, c);
    }

    /** A backend's asynchronous read; by default a blocking copy at {@code start}. */
    protected AsyncRead newAsyncRead(Buffer b, DeviceCopy c) {
        return new AsyncRead(b, c) {
            @Override
            protected void enqueue(int from, int count) {
                copyToHost(c, b); // the whole buffer: more than asked, which the contract allows
            }

            @Override
            protected void complete() {
            }
        };
    }

    /** The cleaning action: refers to the copy, never to the buffer. Runs at most once. */
    private static final class Free implements Runnable {
        private final DeviceMemory memory;
        private final DeviceCopy copy;

        Free(DeviceMemory memory, DeviceCopy copy) {
            this.memory = memory;
            this.copy = copy;
        }

        @Override
        public void run() {
            synchronized (memory) {
                memory.live.remove(copy);
            }
            copy.markFreed();
            copy.current = false;
            copy.hostView = null;
            if (copy.handle != null) {
                memory.release(copy.handle);
            }
        }
    }
}
