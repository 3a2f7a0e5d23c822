package org.leapfrog.runtime.graph;

/** A scalar kernel argument that can change between executions of a plan (read at each launch). */
public final class LongParam {
    private long value;

    public LongParam(long value) {
        this.value = value;
    }

    public long get() {
        return value;
    }

    public void set(long value) {
        this.value = value;
    }
}
