package org.leapfrog.bench.sample;

import java.nio.file.Path;
import java.util.Map;
import org.leapfrog.samplers.fused.ChainStatistics;
import org.leapfrog.samplers.fused.FusedChains;
import org.leapfrog.samplers.hmc.HmcParameters;
import org.leapfrog.samplers.run.StreamingRun;

/**
 * Checkpoints of a run whose statistics live on the device: every {@code every} kept draws the sampling thread
 * reads the positions of all chains and the statistics (the device idle), and the writer thread writes the file
 * after the CSV rows it covers. What is recorded is what {@link MomentsAndCheckpoints} records, plus the per-chain
 * statistics, so a resumed run continues them exactly. With the default interval (no {@code --checkpoint-every}) a
 * checkpoint is also at least {@link #DEFAULT_MIN_SECONDS} after the previous one (or the start): reading every
 * chain's state and statistics and writing them costs tens of milliseconds, which every few draws of a short run
 * would add up to a large part of its time, while a long run still gets about 20 checkpoints.
 */
final class DeviceCheckpoints implements StreamingRun.CheckpointHook {
    static final double DEFAULT_MIN_SECONDS = 10;
    private final FusedChains chains;
    private final ChainStatistics stats;
    private final Path dir;
    private final Map<String, String> settings;
    private final int every;
    /** Seconds a default-interval checkpoint waits after the previous one (0: explicit --checkpoint-every, none). */
    private final double minSeconds;
    private long lastNanos = System.nanoTime();
    private final long keptBefore;
    private final MomentsAndCheckpoints.Totals totals;
    private final HmcParameters params;
    /** Held from a capture until its file is written: the next capture reuses the arrays only after that. */
    private final java.util.concurrent.Semaphore writing = new java.util.concurrent.Semaphore(1);
    private double[] positions;
    private ChainStatistics.Snapshot reuse;

    DeviceCheckpoints(FusedChains chains, ChainStatistics stats, Path dir, Map<String, String> settings, int every,
                      long keptBefore, MomentsAndCheckpoints.Totals totals, HmcParameters params, double minSeconds) {
        this.minSeconds = minSeconds;
        this.chains = chains;
        this.stats = stats;
        this.dir = dir;
        this.settings = settings;
        this.every = every;
        this.keptBefore = keptBefore;
        this.totals = totals;
        this.params = params;
    }

    @Override
    public boolean wants(long drawIndex) {
        long kept = drawIndex + 1;
        return every > 0 && kept > keptBefore && kept % every == 0
                && (minSeconds <= 0 || System.nanoTime() - lastNanos >= (long) (minSeconds * 1e9));
    }

    /** The next draw whose kept count is a multiple of the interval (past the checkpoint resumed from). */
    @Override
    public long nextCandidate(long drawIndex) {
        if (every <= 0) {
            return Long.MAX_VALUE;
        }
        long kept = Math.max(drawIndex + 1, keptBefore + 1);
        long next = (kept + every - 1) / every * every;
        return next - 1;
    }

    @Override
    public Runnable capture(long drawIndex, int iteration) {
        try {
            writing.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the previous checkpoint to be written", e);
        }
        try {
            int n = chains.buffers().chains();
            if (positions == null) {
                positions = new double[n * chains.buffers().dimension()];
            }
            chains.readPositions(positions);
            lastNanos = System.nanoTime();
            ChainStatistics.Snapshot s = stats.snapshot(reuse);
            reuse = s;
            double sampling = totals.samplingSecondsBefore + (totals.samplingStartNanos < 0 ? 0
                    : (System.nanoTime() - totals.samplingStartNanos) * 1e-9);
            Checkpoint c = new Checkpoint(settings, iteration, drawIndex + 1,
                    totals.gradientsBefore + totals.gradients.getAsLong(), sampling,
                    s.acceptSum(), s.count() * n,
                    s.totalDivergences(), positions, s.count(), s.means(), s.sumsOfSquares(), params.stepSize(),
                    params.metric().kind().ordinal(), params.metric().inverseMass(), totals.warmupGradients,
                    totals.warmupSeconds, totals.wallSecondsSoFar(), s);
            return () -> {
                try {
                    c.write(dir);
                } finally {
                    writing.release();
                }
            };
        } catch (RuntimeException e) {
            writing.release();
            throw e;
        }
    }
}
