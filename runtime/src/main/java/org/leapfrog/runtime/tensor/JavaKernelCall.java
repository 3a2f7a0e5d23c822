package org.leapfrog.runtime.tensor;

import org.leapfrog.kernels.JavaKernel;
import org.leapfrog.kernels.KernelArguments;

/** A kernel's Java twin bound to host arrays of the Java engine's tensors; a run covers all work-items. */
final class JavaKernelCall extends KernelCall implements KernelArguments {
    private static final int MAX_ARGS = 32;
    private final JavaDevice device;
    private final Engine engine;
    private final JavaKernel twin;
    private final double[][] arrays = new double[MAX_ARGS][];
    private final long[] longs = new long[MAX_ARGS];
    private final double[] doubles = new double[MAX_ARGS];

    JavaKernelCall(JavaDevice device, Engine engine, JavaKernel twin) {
        this.device = device;
        this.engine = engine;
        this.twin = twin;
    }

    private KernelCall bind(int index, Tensor t, String role) {
        check(index);
        arrays[index] = checked(engine, t, role, index).host;
        return this;
    }

    @Override
    public KernelCall read(int index, Tensor t) {
        return bind(index, t, "read");
    }

    @Override
    public KernelCall write(int index, Tensor t) {
        return bind(index, t, "write");
    }

    @Override
    public KernelCall update(int index, Tensor t) {
        return bind(index, t, "update");
    }

    @Override
    public KernelCall gradient(int index, Tensor leaf) {
        return bind(index, leaf, "gradient");
    }

    @Override
    public KernelCall arg(int index, int value) {
        check(index);
        longs[index] = value;
        return this;
    }

    @Override
    public KernelCall arg(int index, double value) {
        check(index);
        doubles[index] = value;
        return this;
    }

    private static void check(int index) {
        if (index < 0 || index >= MAX_ARGS) {
            throw new IllegalArgumentException("index: " + index + "; allowed: 0 to " + (MAX_ARGS - 1));
        }
    }

    @Override
    public void run(long workItems) {
        if (workItems < 0 || workItems > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("workItems: " + workItems + "; allowed: 0 to " + Integer.MAX_VALUE);
        }
        engine.checkOpen();
        if (workItems > 0) {
            twin.run(this, 0, (int) workItems);
            device.launches++;
        }
    }

    @Override
    public double[] doubles(int index) {
        return arrays[index];
    }

    @Override
    public float[] floats(int index) {
        throw new UnsupportedOperationException("argument " + index + ": float arrays; allowed: double tensors");
    }

    @Override
    public int[] ints(int index) {
        throw new UnsupportedOperationException("argument " + index + ": int arrays; allowed: double tensors");
    }

    @Override
    public long[] longs(int index) {
        throw new UnsupportedOperationException("argument " + index + ": long arrays; allowed: double tensors");
    }

    @Override
    public int intValue(int index) {
        return (int) longs[index];
    }

    @Override
    public long longValue(int index) {
        return longs[index];
    }

    @Override
    public double doubleValue(int index) {
        return doubles[index];
    }
}
