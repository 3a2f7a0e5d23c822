package org.leapfrog.kernels;

/** Kernel arguments for calling Java twins directly in tests: each position holds a Number or an array. */
final class ArrayArguments implements KernelArguments {
    private final Object[] args;

    ArrayArguments(Object... args) {
        this.args = args;
    }

    @Override
    public double[] doubles(int index) {
        return (double[]) args[index];
    }

    @Override
    public float[] floats(int index) {
        return (float[]) args[index];
    }

    @Override
    public int[] ints(int index) {
        return (int[]) args[index];
    }

    @Override
    public long[] longs(int index) {
        return (long[]) args[index];
    }

    @Override
    public int intValue(int index) {
        return ((Number) args[index]).intValue();
    }

    @Override
    public long longValue(int index) {
        return ((Number) args[index]).longValue();
    }

    @Override
    public double doubleValue(int index) {
        return ((Number) args[index]).doubleValue();
    }
}
