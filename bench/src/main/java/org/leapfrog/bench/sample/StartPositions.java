package org.leapfrog.bench.sample;

import org.leapfrog.kernels.RandomStream;

/** Stan-style starts: every coordinate uniform in (-2, 2), from the Philox stream (seed, chain, 0, INIT). */
public final class StartPositions {
    private StartPositions() {
    }

    public static double[] uniform(long seed, int chains, int dimension) {
        double[] x = new double[dimension * chains];
        int[] w = new int[4];
        for (int c = 0; c < chains; c++) {
            for (int d = 0; d < dimension; d += 4) {
                RandomStream.words(seed, c, 0, RandomStream.PURPOSE_INIT, d / 4, w);
                for (int k = 0; k < 4 && d + k < dimension; k++) {
                    x[(d + k) * chains + c] = -2.0 + 4.0 * RandomStream.uniform(w[k]);
                }
            }
        }
        return x;
    }
}
