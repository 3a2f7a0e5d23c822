package org.leapfrog.kernels.nn;

import java.util.List;
import org.leapfrog.kernels.KernelArguments;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.RandomStream;

/**
 * Random tensors ({@code org/leapfrog/kernels/nn/random.cl}), keyed like the samplers' draws: element
 * (row r, column c) is value c of stream (seed, chain r, iteration, purpose) of {@link RandomStream}, so the
 * OpenCL kernel and this twin give identical bits. Parameters (OpenCL order): {@code (int kind, int seedLo,
 * int seedHi, int iteration, int purpose, int rows, int cols, double p, out)}; rows work-items.
 */
public final class RandomOpKernels {
    public static final List<String> SOURCES = List.of("org/leapfrog/kernels/lanes.cl",
            "org/leapfrog/kernels/lfmath.cl", "org/leapfrog/kernels/philox.cl", "org/leapfrog/kernels/philox_lanes.cl",
            "org/leapfrog/kernels/nn/random.cl");

    /** Kind codes: the same numbers as NN_RANDOM_* in random.cl. */
    public static final int NORMAL = 0;
    public static final int UNIFORM = 1;
    public static final int RADEMACHER = 2;
    public static final int BERNOULLI = 3;

    public static final KernelDef RANDOM = KernelDef.of("nn_random", "nn_random", RandomOpKernels::random,
            SOURCES.toArray(new String[0]));

    private RandomOpKernels() {
    }

    private static void random(KernelArguments a, int from, int to) {
        int kind = a.intValue(0);
        long seed = (a.intValue(1) & 0xFFFFFFFFL) | ((long) a.intValue(2) << 32);
        int iteration = a.intValue(3), purpose = a.intValue(4), rows = a.intValue(5), cols = a.intValue(6);
        double p = a.doubleValue(7);
        double[] out = a.doubles(8);
        int[] w = new int[4];
        double[] v = new double[4];
        for (int r = from; r < Math.min(to, rows); r++) {
            for (int j = 0; j < cols; j += 4) {
                if (kind == NORMAL) {
                    RandomStream.normals(seed, r, iteration, purpose, j / 4, w, v, 0, 4);
                } else {
                    RandomStream.words(seed, r, iteration, purpose, j / 4, w);
                    for (int k = 0; k < 4; k++) {
                        v[k] = switch (kind) {
                            case UNIFORM -> RandomStream.uniform(w[k]);
                            case RADEMACHER -> w[k] < 0 ? -1.0 : 1.0;
                            default -> RandomStream.uniform(w[k]) < p ? 1.0 : 0.0;
                        };
                    }
                }
                for (int k = 0; k < 4 && j + k < cols; k++) {
                    out[(j + k) * rows + r] = v[k];
                }
            }
        }
    }
}
