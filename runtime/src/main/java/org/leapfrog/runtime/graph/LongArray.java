package org.leapfrog.runtime.graph;

import org.leapfrog.kernels.ElementType;

/** A {@code long[]} that a task graph can place on a device. */
public final class LongArray extends HostArray {
    private final long[] data;

    public LongArray(String name, int length) {
        this(name, new long[Math.max(length, 0)], length);
    }

    /** Wraps an existing array (not copied). */
    public LongArray(String name, long[] data) {
        this(name, data, data.length);
    }

    private LongArray(String name, long[] data, int length) {
        super(name, ElementType.INT64, length);
        this.data = data;
    }

    public long[] data() {
        return data;
    }

    @Override
    public Object array() {
        return data;
    }
}
