package org.leapfrog.runtime.buffer;

import java.lang.ref.Cleaner;

/**
 * A buffer's copy in one backend's {@link DeviceMemory}. It never refers to its buffer, so the buffer can
 * become unreachable and have the copy freed by the memory's cleaner.
 */
public final class DeviceCopy {
    final DeviceMemory memory;
    final Object handle;
    final long bytes;
    boolean current;
    int planHolds;
    boolean pinned;
    Cleaner.Cleanable cleanable;
    private volatile boolean freed;
    /** A slot the memory may use for a host-side view of the buffer (e.g. an OpenCL pointer), made once. */
    Object hostView;

    DeviceCopy(DeviceMemory memory, Object handle, long bytes) {
        this.memory = memory;
        this.handle = handle;
        this.bytes = bytes;
    }

    /** The backend's handle of the device memory (an OpenCL buffer; null where host and device share memory). */
    public Object handle() {
        return handle;
    }

    public long bytes() {
        return bytes;
    }

    boolean freed() {
        return freed;
    }

    void markFreed() {
        freed = true;
    }
}
