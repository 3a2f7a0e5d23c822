package org.leapfrog.samplers.diagnostics;

/**
 * Draws of one scalar quantity from several chains, chain-major: draw i of chain c is at
 * {@code values[c * draws + i]}. This is the input layout of every diagnostic in {@link Convergence}; it is
 * the column-major (iterations x chains) matrix that R {@code posterior} works on.
 *
 * <p>The array is not copied: diagnostics never modify it.
 */
public record ChainDraws(int chains, int draws, double[] values) {
    public ChainDraws {
        if (chains < 1) {
            throw new IllegalArgumentException("chains = " + chains + "; must be >= 1");
        }
        if (draws < 1) {
            throw new IllegalArgumentException("draws = " + draws + "; must be >= 1");
        }
        if (values == null || (long) chains * draws != values.length) {
            throw new IllegalArgumentException("values has length " + (values == null ? "null" : values.length)
                    + "; must be chains * draws = " + ((long) chains * draws));
        }
    }

    /** Copies {@code perChain[c][i]} (all chains of equal length) into the chain-major layout. */
    public static ChainDraws of(double[]... perChain) {
        if (perChain == null || perChain.length == 0) {
            throw new IllegalArgumentException("perChain must hold at least one chain");
        }
        int n = perChain[0].length;
        double[] values = new double[perChain.length * n];
        for (int c = 0; c < perChain.length; c++) {
            if (perChain[c].length != n) {
                throw new IllegalArgumentException("perChain[" + c + "] has " + perChain[c].length
                        + " draws; every chain must have " + n + " (as perChain[0])");
            }
            System.arraycopy(perChain[c], 0, values, c * n, n);
        }
        return new ChainDraws(perChain.length, n, values);
    }

    public double get(int chain, int draw) {
        return values[chain * draws + draw];
    }

    public int size() {
        return values.length;
    }
}
