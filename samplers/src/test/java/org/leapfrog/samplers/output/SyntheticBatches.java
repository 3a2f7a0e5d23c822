package org.leapfrog.samplers.output;

/** Deterministic draw batches: every value is a known function of (draw, chain, coordinate). */
final class SyntheticBatches {
    final int chains;
    final int dimension;
    final double[] position;
    final double[] logDensity;
    final double[] acceptStat;
    final double[] stepSize;
    final int[] numSteps;
    final byte[] divergent;
    final double[] energy;

    SyntheticBatches(int chains, int dimension) {
        this.chains = chains;
        this.dimension = dimension;
        position = new double[chains * dimension];
        logDensity = new double[chains];
        acceptStat = new double[chains];
        stepSize = new double[chains];
        numSteps = new int[chains];
        divergent = new byte[chains];
        energy = new double[chains];
    }

    static double position(long draw, int chain, int coordinate) {
        return Math.sin(0.37 * draw + 1.3 * chain + 0.7 * coordinate) * (1 + chain) * Math.pow(10, coordinate - 2);
    }

    static double logDensity(long draw, int chain) {
        return -0.5 * draw - chain / 3.0;
    }

    static double acceptStat(long draw, int chain) {
        return ((draw * 7 + chain * 3) % 10) / 10.0;
    }

    static int numSteps(long draw, int chain) {
        return (int) (1 + (draw + chain) % 5);
    }

    static boolean divergent(long draw, int chain) {
        return (draw + 2 * chain) % 13 == 0;
    }

    /** Fills the reused arrays for draw {@code draw} and wraps them, as a sampler would. */
    DrawBatch batch(long draw) {
        for (int c = 0; c < chains; c++) {
            for (int d = 0; d < dimension; d++) {
                position[d * chains + c] = position(draw, c, d);
            }
            logDensity[c] = logDensity(draw, c);
            acceptStat[c] = acceptStat(draw, c);
            stepSize[c] = 0.1 * (c + 1);
            numSteps[c] = numSteps(draw, c);
            divergent[c] = (byte) (divergent(draw, c) ? 1 : 0);
            energy[c] = -logDensity[c] + 0.25 * c;
        }
        return new DrawBatch(chains, dimension, position, logDensity, acceptStat, stepSize, numSteps, divergent, energy);
    }
}
