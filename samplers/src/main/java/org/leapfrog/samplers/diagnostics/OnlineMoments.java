package org.leapfrog.samplers.diagnostics;

/**
 * Welford running mean and variance of every coordinate of every chain, chain-minor like the samplers
 * ({@code mean[d * chains + c]}), so a run of 10^6 chains needs 2 * chains * dimension doubles and no draws.
 * All chains advance together: {@link #add} takes one chain-minor position array per step.
 */
public final class OnlineMoments {
    private final int chains;
    private final int dimension;
    private final double[] mean;
    private final double[] m2;
    private long count;

    public OnlineMoments(int chains, int dimension) {
        if (chains < 1 || dimension < 1) {
            throw new IllegalArgumentException("chains = " + chains + ", dimension = " + dimension
                    + "; each must be >= 1");
        }
        if ((long) chains * dimension > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("chains * dimension = " + ((long) chains * dimension)
                    + "; must fit one Java array (< 2^31 - 8)");
        }
        this.chains = chains;
        this.dimension = dimension;
        this.mean = new double[chains * dimension];
        this.m2 = new double[chains * dimension];
    }

    /**
     * Moments restored from a checkpoint: {@code count} draws already added, with the given running means and
     * sums of squares (chain-minor, copied).
     */
    public static OnlineMoments restore(int chains, int dimension, long count, double[] means, double[] sumsOfSquares) {
        OnlineMoments m = new OnlineMoments(chains, dimension);
        if (count < 0 || means.length != m.mean.length || sumsOfSquares.length != m.m2.length) {
            throw new IllegalArgumentException("restore: count " + count + ", means " + means.length
                    + ", sums of squares " + sumsOfSquares.length + "; allowed: count >= 0 and arrays of length "
                    + m.mean.length);
        }
        System.arraycopy(means, 0, m.mean, 0, means.length);
        System.arraycopy(sumsOfSquares, 0, m.m2, 0, sumsOfSquares.length);
        m.count = count;
        return m;
    }

    /** Adds one draw of every chain; {@code position[d * chains + c]}. */
    public void add(double[] position) {
        if (position.length < mean.length) {
            throw new IllegalArgumentException("position has length " + position.length + "; need chains * dimension = "
                    + mean.length);
        }
        count++;
        double inv = 1.0 / count;
        for (int i = 0; i < mean.length; i++) {
            double x = position[i];
            double delta = x - mean[i];
            mean[i] += delta * inv;
            m2[i] += delta * (x - mean[i]);
        }
    }

    public long count() {
        return count;
    }

    public int chains() {
        return chains;
    }

    public int dimension() {
        return dimension;
    }

    public double mean(int chain, int coordinate) {
        return mean[coordinate * chains + chain];
    }

    /** Sample variance (n - 1) of one chain's coordinate; NaN before two draws. */
    public double variance(int chain, int coordinate) {
        return count < 2 ? Double.NaN : m2[coordinate * chains + chain] / (count - 1);
    }

    /** The running means, chain-minor; a live view, not a copy. */
    public double[] means() {
        return mean;
    }

    /** Sums of squared deviations from the running mean, chain-minor; a live view. */
    public double[] sumsOfSquares() {
        return m2;
    }

    /** Mean of a coordinate over all chains' draws. */
    public double pooledMean(int coordinate) {
        double sum = 0;
        for (int c = 0; c < chains; c++) {
            sum += mean[coordinate * chains + c];
        }
        return sum / chains;
    }

    /**
     * Sample variance (n - 1) of a coordinate over all chains' draws pooled, combining the per-chain moments
     * exactly (Chan, Golub and LeVeque): within-chain sums of squares plus between-chain spread of the means.
     */
    public double pooledVariance(int coordinate) {
        long total = count * chains;
        if (total < 2) {
            return Double.NaN;
        }
        double grand = pooledMean(coordinate);
        double ss = 0;
        for (int c = 0; c < chains; c++) {
            int i = coordinate * chains + c;
            double d = mean[i] - grand;
            ss += m2[i] + count * d * d;
        }
        return ss / (total - 1);
    }
}
