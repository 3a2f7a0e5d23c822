package org.leapfrog.runtime.graph;

import org.leapfrog.kernels.ElementType;
import org.leapfrog.runtime.buffer.Buffer;

/**
 * A primitive array that a task graph can place on a device: the runtime's {@link Buffer} with a typed host
 * array (its subclasses are the four element types). Chain-minor layout: element (k, chain) at
 * {@code k * nChains + chain}.
 */
public abstract sealed class HostArray extends Buffer permits DoubleArray, FloatArray, IntArray, LongArray {
    protected HostArray(String name, ElementType type, int length) {
        super(name, type, length);
    }
}
