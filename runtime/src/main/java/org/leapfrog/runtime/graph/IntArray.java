package org.leapfrog.runtime.graph;

import org.leapfrog.kernels.ElementType;

/** A {@code int[]} that a task graph can place on a device. */
public final class IntArray extends HostArray {
    private final int[] data;

    public IntArray(String name, int length) {
        this(name, new int[Math.max(length, 0)], length);
    }

    /** Wraps an existing array (not copied). */
    public IntArray(String name, int[] data) {
        this(name, data, data.length);
    }

    private IntArray(String name, int[] data, int length) {
        super(name, ElementType.INT32, length);
        this.data = data;
    }

    public int[] data() {
        return data;
    }

    @Override
    public Object array() {
        return data;
    }
}
