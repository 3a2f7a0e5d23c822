package org.leapfrog.runtime.graph;

/**
 * A primitive array that a task graph can place on a device. The host side is a plain Java array; the device
 * side is owned by the execution plan. Chain-minor layout: element (k, chain) at {@code k * nChains + chain}.
 */
public abstract sealed class HostArray permits DoubleArray, FloatArray, IntArray, LongArray {
    private final String name;

    protected HostArray(String name, int length) {
        if (length <= 0) {
            throw new IllegalArgumentException("length of array '" + name + "': " + length + "; allowed: 1 or more");
        }
        this.name = name;
    }

    public String name() {
        return name;
    }

    public abstract int length();

    public abstract int elementBytes();

    public long bytes() {
        return (long) length() * elementBytes();
    }

    /** The backing Java array (double[], float[], int[] or long[]). */
    public abstract Object array();

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + name + ", " + length() + ")";
    }
}
