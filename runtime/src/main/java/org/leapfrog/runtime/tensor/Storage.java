package org.leapfrog.runtime.tensor;

import org.leapfrog.runtime.opencl.ClBuffer;

/**
 * The values of a tensor: a host array (the Java engine's only copy; the OpenCL engine's mirror, made on first
 * host access) and, on OpenCL, a device buffer. The validity flags say which copies hold the current values;
 * the OpenCL device copies lazily in either direction. {@code generation} changes when an arena takes the
 * storage back, so tensors made earlier on it can tell that they are stale.
 */
final class Storage {
    final int length;
    double[] host;
    ClBuffer buffer;
    boolean hostValid;
    boolean deviceValid;
    int generation;

    Storage(int length) {
        this.length = length;
    }
}
