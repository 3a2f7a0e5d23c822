package org.leapfrog.samplers.output;

import org.leapfrog.samplers.diagnostics.OnlineMoments;

/**
 * Streams every chain into running statistics without keeping draws: Welford mean and variance per chain and
 * coordinate ({@link OnlineMoments}, chain-minor), and per chain the sums of acceptance statistics, leapfrog
 * steps and squared jumps, and the divergence count. Memory: about 8 * chains * (2 * dimension + 4) bytes,
 * plus 8 * chains * dimension more when squared jumps are tracked (it keeps the previous position).
 */
public final class OnlineMomentsSink implements DrawSink {
    private final int chains;
    private final int dimension;
    private final OnlineMoments moments;
    private final double[] acceptSum;
    private final long[] stepSum;
    private final long[] divergences;
    private final double[] previous;
    private final double[] squaredJumpSum;
    private long draws;

    /** @param trackJumps also accumulate ||x_{t+1} - x_t||^2 per chain (expected squared jump distance) */
    public OnlineMomentsSink(int chains, int dimension, boolean trackJumps) {
        this.moments = new OnlineMoments(chains, dimension);
        this.chains = chains;
        this.dimension = dimension;
        this.acceptSum = new double[chains];
        this.stepSum = new long[chains];
        this.divergences = new long[chains];
        this.previous = trackJumps ? new double[chains * dimension] : null;
        this.squaredJumpSum = trackJumps ? new double[chains] : null;
    }

    @Override
    public void accept(long drawIndex, DrawBatch batch) {
        SinkChecks.batchShape(batch, chains, dimension);
        double[] position = batch.position();
        moments.add(position);
        double[] accept = batch.acceptStat();
        int[] steps = batch.numSteps();
        byte[] divergent = batch.divergent();
        for (int c = 0; c < chains; c++) {
            acceptSum[c] += accept[c];
            stepSum[c] += steps[c];
            divergences[c] += divergent[c] != 0 ? 1 : 0;
        }
        if (previous != null) {
            if (draws > 0) {
                for (int d = 0; d < dimension; d++) {
                    int base = d * chains;
                    for (int c = 0; c < chains; c++) {
                        double jump = position[base + c] - previous[base + c];
                        squaredJumpSum[c] += jump * jump;
                    }
                }
            }
            System.arraycopy(position, 0, previous, 0, chains * dimension);
        }
        draws++;
    }

    @Override
    public void close() {
        // statistics stay readable after the run
    }

    public OnlineMoments moments() {
        return moments;
    }

    public long draws() {
        return draws;
    }

    /** Mean acceptance statistic of one chain. */
    public double acceptanceRate(int chain) {
        return acceptSum[chain] / draws;
    }

    /** Mean acceptance statistic over all chains and draws. */
    public double acceptanceRate() {
        double sum = 0;
        for (double a : acceptSum) {
            sum += a;
        }
        return sum / ((double) draws * chains);
    }

    public long divergences(int chain) {
        return divergences[chain];
    }

    public long divergences() {
        long sum = 0;
        for (long d : divergences) {
            sum += d;
        }
        return sum;
    }

    /** Leapfrog steps summed over all chains and draws (numSteps as reported by the sampler). */
    public long leapfrogSteps() {
        long sum = 0;
        for (long s : stepSum) {
            sum += s;
        }
        return sum;
    }

    /** Expected squared jump distance over all chains; needs {@code trackJumps} and two draws. */
    public double expectedSquaredJump() {
        if (previous == null) {
            throw new IllegalStateException("squared jumps were not tracked; construct with trackJumps = true");
        }
        if (draws < 2) {
            throw new IllegalStateException("expected squared jump needs >= 2 draws, have " + draws);
        }
        double sum = 0;
        for (double s : squaredJumpSum) {
            sum += s;
        }
        return sum / ((double) (draws - 1) * chains);
    }
}
