package org.leapfrog.runtime.tensor;

import org.leapfrog.runtime.graph.HostArray;

/**
 * The values of a tensor: one runtime buffer, a {@code DoubleArray} or, on a float32 engine, a
 * {@code FloatArray} (host copy plus a device copy in the backend's
 * {@link org.leapfrog.runtime.buffer.DeviceMemory}, with the buffer's own record of which copy is current), so
 * the very buffer a tensor holds can be bound into a task-graph plan or any dispatcher launch. {@code length}
 * is the logical element count; a buffer has at least one element, so an empty storage has a 1-element
 * buffer. {@code generation} changes when an arena takes the storage back, so tensors made earlier on it can
 * tell that they are stale.
 */
final class Storage {
    final int length;
    final HostArray buffer;
    int generation;

    Storage(int length, HostArray buffer) {
        this.length = length;
        this.buffer = buffer;
    }
}
