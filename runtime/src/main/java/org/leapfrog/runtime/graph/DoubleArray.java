package org.leapfrog.runtime.graph;

import org.leapfrog.kernels.ElementType;

/** A {@code double[]} that a task graph can place on a device. */
public final class DoubleArray extends HostArray {
    private final double[] data;

    public DoubleArray(String name, int length) {
        this(name, new double[Math.max(length, 0)], length);
    }

    /** Wraps an existing array (not copied). */
    public DoubleArray(String name, double[] data) {
        this(name, data, data.length);
    }

    private DoubleArray(String name, double[] data, int length) {
        super(name, ElementType.FLOAT64, length);
        this.data = data;
    }

    public double[] data() {
        return data;
    }

    @Override
    public Object array() {
        return data;
    }
}
