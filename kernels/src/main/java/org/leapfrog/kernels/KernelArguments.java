package org.leapfrog.kernels;

/**
 * The arguments of one kernel launch as a Java twin sees them, by position (the same positions as the OpenCL
 * kernel's parameters). Array arguments are the backend's storage for a buffer; scalars are read at launch.
 */
public interface KernelArguments {
    double[] doubles(int index);

    float[] floats(int index);

    int[] ints(int index);

    long[] longs(int index);

    int intValue(int index);

    long longValue(int index);

    double doubleValue(int index);
}
