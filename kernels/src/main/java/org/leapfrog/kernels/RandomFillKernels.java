package org.leapfrog.kernels;

/**
 * Kernels that fill chain-minor arrays with Leapfrog's random draws (OpenCL: {@code random_fill.cl}).
 * Arguments, in order: seed (long), iteration (int), purpose (int), count (int: blocks for words, values
 * otherwise), nChains (int), out (array). Element (k, chain) lands at {@code out[k * nChains + chain]}.
 */
public final class RandomFillKernels {
    private static final String LANES = "org/leapfrog/kernels/lanes.cl";
    private static final String MATH = "org/leapfrog/kernels/lfmath.cl";
    private static final String PHILOX = "org/leapfrog/kernels/philox.cl";
    private static final String PHILOX_LANES = "org/leapfrog/kernels/philox_lanes.cl";
    private static final String FILL = "org/leapfrog/kernels/random_fill.cl";

    private RandomFillKernels() {
    }

    /** Raw Philox words: 4 * blocks words per chain. */
    public static final KernelDef WORDS = KernelDef.of("fill-words", "lf_fill_words", (a, from, to) -> {
        long seed = a.longValue(0);
        int iteration = a.intValue(1), purpose = a.intValue(2), blocks = a.intValue(3), n = a.intValue(4);
        int[] out = a.ints(5);
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
    public static final KernelDef NORMALS = KernelDef.of("fill-normals", "lf_fill_normals", (a, from, to) -> {
        long seed = a.longValue(0);
        int iteration = a.intValue(1), purpose = a.intValue(2), count = a.intValue(3), n = a.intValue(4);
        double[] out = a.doubles(5);
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
    public static final KernelDef UNIFORMS = KernelDef.of("fill-uniforms", "lf_fill_uniforms", (a, from, to) -> {
        long seed = a.longValue(0);
        int iteration = a.intValue(1), purpose = a.intValue(2), count = a.intValue(3), n = a.intValue(4);
        double[] out = a.doubles(5);
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
