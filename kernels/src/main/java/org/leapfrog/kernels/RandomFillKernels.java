package org.leapfrog.kernels;

import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Arg;

/**
 * Kernels that fill chain-minor arrays with Leapfrog's random draws (OpenCL: {@code random_fill.cl}).
 * Arguments ({@link Args}): seed (long), iteration (int), purpose (int), count (int: blocks for words, values
 * otherwise), nChains (int), out (array). Element (k, chain) lands at {@code out[k * nChains + chain]}.
 */
public final class RandomFillKernels {
    private static final String LANES = "org/leapfrog/kernels/lanes.cl";
    private static final String MATH = "org/leapfrog/kernels/lfmath.cl";
    private static final String PHILOX = "org/leapfrog/kernels/philox.cl";
    private static final String PHILOX_LANES = "org/leapfrog/kernels/philox_lanes.cl";
    private static final String FILL = "org/leapfrog/kernels/random_fill.cl";

    /** The fill kernels' parameters; {@code out} is int32 for words and float64 otherwise. */
    public static final class Args {
        private Args() {
        }

        private static final KernelSignature.Builder WORDS_B = KernelSignature.builder();
        public static final Arg SEED = WORDS_B.longScalar("seed");
        public static final Arg ITERATION = WORDS_B.intScalar("iteration");
        public static final Arg PURPOSE = WORDS_B.intScalar("purpose");
        /** Blocks of four words (words), or values (normals, uniforms). */
        public static final Arg COUNT = WORDS_B.intScalar("count");
        public static final Arg N_CHAINS = WORDS_B.intScalar("n_chains");
        /** The words kernel's output (uint words). */
        public static final Arg OUT_WORDS = WORDS_B.ints("out", Access.WRITE);
        static final KernelSignature WORDS = WORDS_B.build();

        /** The same parameters with a float64 output (normals, uniforms). */
        static final KernelSignature VALUES = values();
        public static final Arg OUT_VALUES = VALUES.arg("out");

        private static KernelSignature values() {
            KernelSignature.Builder b = KernelSignature.builder();
            b.longScalar("seed");
            b.intScalar("iteration");
            b.intScalar("purpose");
            b.intScalar("count");
            b.intScalar("n_chains");
            b.doubles("out", Access.WRITE);
            return b.build();
        }
    }

    private RandomFillKernels() {
    }

    /** Raw Philox words: 4 * blocks words per chain. */
    public static final KernelDef WORDS = KernelDef.of("fill-words", "lf_fill_words", Args.WORDS, (a, from, to) -> {
        long seed = a.longValue(Args.SEED);
        int iteration = a.intValue(Args.ITERATION), purpose = a.intValue(Args.PURPOSE);
        int blocks = a.intValue(Args.COUNT), n = a.intValue(Args.N_CHAINS);
        int[] out = a.ints(Args.OUT_WORDS);
        int[] w = new int[4];
        for (int c = from; c < to; c++) {
            for (int b = 0; b < blocks; b++) {
                RandomStream.words(seed, c, iteration, purpose, b, w);
                for (int k = 0; k < 4; k++) {
                    out[(4 * b + k) * n + c] = w[k];
                }
            }
        }
    }, LANES, MATH, PHILOX, PHILOX_LANES, FILL);

    /** Standard normals: count values per chain. */
    public static final KernelDef NORMALS = KernelDef.of("fill-normals", "lf_fill_normals", Args.VALUES, (a, from, to) -> {
        long seed = a.longValue(Args.SEED);
        int iteration = a.intValue(Args.ITERATION), purpose = a.intValue(Args.PURPOSE);
        int count = a.intValue(Args.COUNT), n = a.intValue(Args.N_CHAINS);
        double[] out = a.doubles(Args.OUT_VALUES);
        int[] w = new int[4];
        double[] z = new double[4];
        for (int c = from; c < to; c++) {
            for (int j = 0; j < count; j += 4) {
                RandomStream.normals(seed, c, iteration, purpose, j / 4, w, z, 0, 4);
                for (int k = 0; k < 4 && j + k < count; k++) {
                    out[(j + k) * n + c] = z[k];
                }
            }
        }
    }, LANES, MATH, PHILOX, PHILOX_LANES, FILL);

    /** Uniforms in (0, 1): count values per chain. */
    public static final KernelDef UNIFORMS = KernelDef.of("fill-uniforms", "lf_fill_uniforms", Args.VALUES, (a, from, to) -> {
        long seed = a.longValue(Args.SEED);
        int iteration = a.intValue(Args.ITERATION), purpose = a.intValue(Args.PURPOSE);
        int count = a.intValue(Args.COUNT), n = a.intValue(Args.N_CHAINS);
        double[] out = a.doubles(Args.OUT_VALUES);
        int[] w = new int[4];
        for (int c = from; c < to; c++) {
            for (int j = 0; j < count; j += 4) {
                RandomStream.words(seed, c, iteration, purpose, j / 4, w);
                for (int k = 0; k < 4 && j + k < count; k++) {
                    out[(j + k) * n + c] = RandomStream.uniform(w[k]);
                }
            }
        }
    }, LANES, MATH, PHILOX, PHILOX_LANES, FILL);
}
