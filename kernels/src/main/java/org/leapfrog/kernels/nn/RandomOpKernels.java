package org.leapfrog.kernels.nn;

import java.util.List;
import org.leapfrog.kernels.KernelArguments;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Arg;
import org.leapfrog.kernels.LfMathF;
import org.leapfrog.kernels.RandomStream;

/**
 * Random tensors ({@code org/leapfrog/kernels/nn/random.cl}), keyed like the samplers' draws: element
 * (row r, column c) is value c of stream (seed, chain r, iteration, purpose) of {@link RandomStream}, so the
 * OpenCL kernel and this twin give identical bits. Parameters: {@link Args} (OpenCL order); rows work-items.
 */
public final class RandomOpKernels {
    public static final List<String> SOURCES = List.of("org/leapfrog/kernels/lanes.cl",
            "org/leapfrog/kernels/lfmath.cl", "org/leapfrog/kernels/philox.cl", "org/leapfrog/kernels/philox_lanes.cl",
            "org/leapfrog/kernels/nn/random.cl");

    /** Kind codes; random.cl sees them as NN_RANDOM_* of the generated header ({@code KernelConstants}). */
    public static final int NORMAL = 0;
    public static final int UNIFORM = 1;
    public static final int RADEMACHER = 2;
    public static final int BERNOULLI = 3;

    /** The parameters of {@code nn_random}, declared once. */
    public static final class Args {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        /** One of the kind codes above. */
        public static final Arg KIND = B.intScalar("kind");
        /** The seed's low and high 32 bits (uint in C). */
        public static final Arg SEED_LO = B.intScalar("seed_lo");
        public static final Arg SEED_HI = B.intScalar("seed_hi");
        public static final Arg ITERATION = B.intScalar("iteration");
        public static final Arg PURPOSE = B.intScalar("purpose");
        public static final Arg ROWS = B.intScalar("rows");
        public static final Arg COLS = B.intScalar("cols");
        /** Bernoulli probability (other kinds ignore it). */
        public static final Arg P = B.doubleScalar("p");
        public static final Arg OUT = B.doubles("out", Access.WRITE);
        public static final KernelSignature SIGNATURE = B.build();

        private Args() {
        }
    }

    public static final KernelDef RANDOM = KernelDef.of("nn_random", "nn_random", Args.SIGNATURE,
            RandomOpKernels::random, SOURCES.toArray(new String[0]));

    private RandomOpKernels() {
    }

    private static void random(KernelArguments a, int from, int to) {
        int kind = a.intValue(Args.KIND);
        long seed = (a.intValue(Args.SEED_LO) & 0xFFFFFFFFL) | ((long) a.intValue(Args.SEED_HI) << 32);
        int iteration = a.intValue(Args.ITERATION), purpose = a.intValue(Args.PURPOSE);
        int rows = a.intValue(Args.ROWS), cols = a.intValue(Args.COLS);
        double p = a.doubleValue(Args.P);
        double[] out = a.doubles(Args.OUT);
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

    /**
     * The float32 build ({@code REAL=float}, {@code LF_F32}): the samplers' float32 streams of {@link LfMathF}
     * (float Box-Muller normals, uniforms {@code (k + 0.5) * 2^-23} of a word's top 23 bits), same keys; Rademacher
     * signs are the float64 ones (the word's top bit), Bernoulli compares the float uniform with the double p.
     */
    public static final KernelDef RANDOM_FLOAT32 = new KernelDef("nn_random-float", "nn_random", SOURCES, "",
            java.util.Map.of("REAL", "float", "LF_F32", ""), RandomOpKernels::random32,
            NnKernels.float32Signature(Args.SIGNATURE));

    private static void random32(KernelArguments a, int from, int to) {
        int kind = a.intValue(Args.KIND);
        long seed = (a.intValue(Args.SEED_LO) & 0xFFFFFFFFL) | ((long) a.intValue(Args.SEED_HI) << 32);
        int iteration = a.intValue(Args.ITERATION), purpose = a.intValue(Args.PURPOSE);
        int rows = a.intValue(Args.ROWS), cols = a.intValue(Args.COLS);
        double p = a.doubleValue(Args.P);
        float[] out = a.floats(Args.OUT);
        int[] w = new int[4];
        float[] pair = new float[4];
        double[] v = new double[4];
        for (int r = from; r < Math.min(to, rows); r++) {
            for (int j = 0; j < cols; j += 4) {
                if (kind == NORMAL) {
                    LfMathF.normals(seed, r, iteration, purpose, j / 4, w, pair, v, 0, 4); // floats, widened exactly
                } else {
                    RandomStream.words(seed, r, iteration, purpose, j / 4, w);
                    for (int k = 0; k < 4; k++) {
                        v[k] = switch (kind) {
                            case UNIFORM -> LfMathF.uniform(w[k]);
                            case RADEMACHER -> w[k] < 0 ? -1.0 : 1.0;
                            default -> LfMathF.uniform(w[k]) < p ? 1.0 : 0.0;
                        };
                    }
                }
                for (int k = 0; k < 4 && j + k < cols; k++) {
                    out[(j + k) * rows + r] = (float) v[k];
                }
            }
        }
    }
}
