package org.leapfrog.runtime.graph;

/** A scalar kernel argument that can change between executions of a plan (read at each launch). */
public final class DoubleParam {
    private double value;

    public DoubleParam(double value) {
        this.value = value;
    }

    public double get() {
        return value;
    }

    public void set(double value) {
        this.value = value;
    }
}
