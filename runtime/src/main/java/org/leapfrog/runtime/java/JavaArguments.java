package org.leapfrog.runtime.java;

import java.util.List;
import org.leapfrog.kernels.KernelArguments;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.graph.DoubleParam;
import org.leapfrog.runtime.graph.FloatArray;
import org.leapfrog.runtime.graph.IntArray;
import org.leapfrog.runtime.graph.IntParam;
import org.leapfrog.runtime.graph.LongArray;
import org.leapfrog.runtime.graph.LongParam;

/** A task's arguments as its Java twin reads them; params are read at each call, so changes between launches show. */
final class JavaArguments implements KernelArguments {
    private final String task;
    private final Object[] args;

    JavaArguments(String task, List<Object> args) {
        this(task, args.toArray());
    }

    /** Reads {@code args} itself (not a copy), so a dispatcher's later bindings show. */
    JavaArguments(String task, Object[] args) {
        this.task = task;
        this.args = args;
    }

    private <T> T get(int index, Class<T> type) {
        Object a = index < args.length ? args[index] : null;
        if (a == null) {
            throw new IllegalStateException("task '" + task + "': argument " + index + " is not bound");
        }
        if (!type.isInstance(a)) {
            throw new IllegalStateException("task '" + task + "': argument " + index + " is a "
                    + a.getClass().getSimpleName() + ", the kernel reads it as a " + type.getSimpleName());
        }
        return type.cast(a);
    }

    @Override
    public double[] doubles(int index) {
        return get(index, DoubleArray.class).data();
    }

    @Override
    public float[] floats(int index) {
        return get(index, FloatArray.class).data();
    }

    @Override
    public int[] ints(int index) {
        return get(index, IntArray.class).data();
    }

    @Override
    public long[] longs(int index) {
        return get(index, LongArray.class).data();
    }

    @Override
    public int intValue(int index) {
        return get(index, IntParam.class).get();
    }

    @Override
    public long longValue(int index) {
        // Strict, as OpenCL is: an int given for a long (ulong) parameter fails there with CL_INVALID_ARG_SIZE.
        return get(index, LongParam.class).get();
    }

    @Override
    public double doubleValue(int index) {
        return get(index, DoubleParam.class).get();
    }
}
