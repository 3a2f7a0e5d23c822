package org.leapfrog.kernels;

import org.leapfrog.kernels.KernelSignature.Arg;

/**
 * The arguments of one kernel launch as a Java twin sees them, by position (the same positions as the OpenCL
 * kernel's parameters). Array arguments are the backend's storage for a buffer; scalars are read at launch.
 * Twins of kernels with a {@link KernelSignature} read through its {@link Arg} constants (the overloads below),
 * so positions are written down once, in the signature.
 */
public interface KernelArguments {
    double[] doubles(int index);

    float[] floats(int index);

    int[] ints(int index);

    long[] longs(int index);

    int intValue(int index);

    long longValue(int index);

    double doubleValue(int index);

    default double[] doubles(Arg a) {
        return doubles(a.index());
    }

    default float[] floats(Arg a) {
        return floats(a.index());
    }

    default int[] ints(Arg a) {
        return ints(a.index());
    }

    default long[] longs(Arg a) {
        return longs(a.index());
    }

    default int intValue(Arg a) {
        return intValue(a.index());
    }

    default long longValue(Arg a) {
        return longValue(a.index());
    }

    default double doubleValue(Arg a) {
        return doubleValue(a.index());
    }
}
