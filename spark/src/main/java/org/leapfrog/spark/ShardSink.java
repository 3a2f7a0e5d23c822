package org.leapfrog.spark;

import org.leapfrog.samplers.diagnostics.OnlineMoments;
import org.leapfrog.samplers.output.DrawBatch;
import org.leapfrog.samplers.output.DrawSink;

/**
 * A shard's sink: online moments of all its chains, acceptance and divergences over kept draws (as
 * {@code sample} counts them), and a copy of the kept draws of the chains that are written to CSV. Buffers are
 * allocated once, sized for every draw.
 */
final class ShardSink implements DrawSink {
    private final OnlineMoments moments;
    private final int kept;
    private final int dimension;
    final double[] position;
    final double[] logDensity;
    final double[] acceptStat;
    final byte[] divergent;
    final double[] energy;
    double acceptSum;
    long acceptCount;
    long divergences;
    private final Runnable afterHalf;
    private final long half;

    /**
     * @param kept      chains 0 .. kept-1 of the shard are written chains
     * @param afterHalf runs once after half the draws (fault injection in tests), or null
     */
    ShardSink(int chains, int dimension, int kept, int draws, Runnable afterHalf) {
        this.moments = new OnlineMoments(chains, dimension);
        this.kept = kept;
        this.dimension = dimension;
        this.position = new double[draws * dimension * kept];
        this.logDensity = new double[draws * kept];
        this.acceptStat = new double[draws * kept];
        this.divergent = new byte[draws * kept];
        this.energy = new double[draws * kept];
        this.afterHalf = afterHalf;
        this.half = draws / 2;
    }

    OnlineMoments moments() {
        return moments;
    }

    @Override
    public void accept(long drawIndex, DrawBatch batch) {
        moments.add(batch.position());
        double[] stat = batch.acceptStat();
        byte[] div = batch.divergent();
        int n = batch.chains();
        for (int c = 0; c < n; c++) {
            acceptSum += stat[c];
            divergences += div[c];
        }
        acceptCount += n;
        int row = (int) drawIndex * kept;
        for (int d = 0; d < dimension; d++) {
            System.arraycopy(batch.position(), d * n, position, (row * dimension) + d * kept, kept);
        }
        System.arraycopy(batch.logDensity(), 0, logDensity, row, kept);
        System.arraycopy(stat, 0, acceptStat, row, kept);
        System.arraycopy(div, 0, divergent, row, kept);
        System.arraycopy(batch.energy(), 0, energy, row, kept);
        if (afterHalf != null && drawIndex + 1 == half) {
            afterHalf.run();
        }
    }

    @Override
    public void close() {
    }
}
