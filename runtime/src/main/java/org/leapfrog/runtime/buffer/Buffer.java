package org.leapfrog.runtime.buffer;

import org.leapfrog.kernels.ElementType;

/**
 * The one buffer type of the runtime: task graphs, dispatchers and (next) tensors all hold values in it. A buffer
 * has an element type, a length, a host copy (a plain Java array) and at most one device copy per backend,
 * allocated lazily by that backend's {@link DeviceMemory}. It records which copies hold the current values, so
 * that whoever uses the buffer next on a device (a plan, a dispatcher) copies only when needed, and anything
 * holding the same buffer on the same backend sees the same device memory.
 *
 * <p>Who writes the host array directly (through {@code data()}) tells the buffer with {@link #hostChanged()};
 * task graphs keep their explicit transfers (which always copy) and need no such call. Device copies are freed
 * when the last plan holding them closes (unless a dispatcher pinned them), when the buffer becomes unreachable,
 * or when the backend closes; the device values are then lost and the host copy is the current one again.
 * Not thread-safe: use a buffer from one thread at a time.
 */
public abstract class Buffer {
    private static final DeviceCopy[] NONE = new DeviceCopy[0];

    private final String name;
    private final ElementType elementType;
    private final int length;
    private boolean hostCurrent = true;
    private DeviceCopy[] copies = NONE;

    protected Buffer(String name, ElementType elementType, int length) {
        if (length <= 0) {
            throw new IllegalArgumentException("length of array '" + name + "': " + length + "; allowed: 1 or more");
        }
        this.name = name;
        this.elementType = elementType;
        this.length = length;
    }

    public final String name() {
        return name;
    }

    public final ElementType elementType() {
        return elementType;
    }

    public final int length() {
        return length;
    }

    public final int elementBytes() {
        return elementType.bytes();
    }

    public final long bytes() {
        return (long) length * elementType.bytes();
    }

    /** The host copy: a double[], float[], int[] or long[] of {@link #length()} elements. */
    public abstract Object array();

    /** Whether the host array holds the current values (false after a device wrote and nobody copied back). */
    public final boolean hostCurrent() {
        if (hostCurrent) {
            return true;
        }
        for (DeviceCopy c : copies) {
            if (!c.freed() && c.current) {
                return false;
            }
        }
        return true; // the device that had the newer values freed them: the host copy is all there is
    }

    /** Whether this buffer has a device copy in {@code memory} that holds the current values. */
    public final boolean deviceCurrent(DeviceMemory memory) {
        DeviceCopy c = copyIn(memory);
        return c != null && c.current;
    }

    /** Whether this buffer has a (live) device copy in {@code memory}. */
    public final boolean onDevice(DeviceMemory memory) {
        return copyIn(memory) != null;
    }

    /** Call after writing the host array directly: device copies are stale from now on. */
    public final void hostChanged() {
        hostCurrent = true;
        for (DeviceCopy c : copies) {
            c.current = false;
        }
    }

    /** The live copy in {@code memory}, or null. */
    final DeviceCopy copyIn(DeviceMemory memory) {
        for (DeviceCopy c : copies) {
            if (c.memory == memory && !c.freed()) {
                return c;
            }
        }
        return null;
    }

    final void attach(DeviceCopy copy) {
        int live = 0;
        for (DeviceCopy c : copies) {
            if (!c.freed()) {
                live++;
            }
        }
        DeviceCopy[] next = new DeviceCopy[live + 1];
        int i = 0;
        for (DeviceCopy c : copies) {
            if (!c.freed()) {
                next[i++] = c;
            }
        }
        next[i] = copy;
        copies = next;
    }

    /** The host was copied to {@code copy}: both hold the current values; the host is the truth. */
    final void uploaded(DeviceCopy copy) {
        for (DeviceCopy c : copies) {
            c.current = c == copy;
        }
        hostCurrent = true;
    }

    /** {@code copy} was copied to the host: both are current. */
    final void downloaded(DeviceCopy copy) {
        hostCurrent = true;
    }

    /** A kernel wrote {@code copy}: it alone holds the current values (with the host, where they share memory). */
    final void written(DeviceCopy copy) {
        for (DeviceCopy c : copies) {
            c.current = c == copy;
        }
        hostCurrent = !copy.memory.separate();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + name + ", " + length + ")";
    }
}
