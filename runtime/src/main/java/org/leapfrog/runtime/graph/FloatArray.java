package org.leapfrog.runtime.graph;

import org.leapfrog.kernels.ElementType;

/** A {@code float[]} that a task graph can place on a device. */
public final class FloatArray extends HostArray {
    private final float[] data;

    public FloatArray(String name, int length) {
        this(name, new float[Math.max(length, 0)], length);
    }

    /** Wraps an existing array (not copied). */
    public FloatArray(String name, float[] data) {
        this(name, data, data.length);
    }

    private FloatArray(String name, float[] data, int length) {
        super(name, ElementType.FLOAT32, length);
        this.data = data;
    }

    public float[] data() {
        return data;
    }

    @Override
    public Object array() {
        return data;
    }
}
