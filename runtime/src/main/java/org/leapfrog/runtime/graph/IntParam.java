package org.leapfrog.runtime.graph;

/** A scalar kernel argument that can change between executions of a plan (read at each launch). */
public final class IntParam {
    private int value;

    public IntParam(int value) {
        this.value = value;
    }

    public int get() {
        return value;
    }

    public void set(int value) {
        this.value = value;
    }
}
