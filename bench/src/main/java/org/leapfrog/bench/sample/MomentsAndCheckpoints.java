package org.leapfrog.bench.sample;

import java.nio.file.Path;
import java.util.Map;
import org.leapfrog.samplers.diagnostics.OnlineMoments;
import org.leapfrog.samplers.output.DrawBatch;
import org.leapfrog.samplers.output.DrawSink;

/**
 * Online moments of every chain plus periodic checkpoints. Runs after the CSV sink in a fan-out, so a
 * checkpoint never claims rows that are not on disk yet.
 */
final class MomentsAndCheckpoints implements DrawSink {
    private final OnlineMoments moments;
    private final Path dir;
    private final Map<String, String> settings;
    private final int warmup;
    private final int thin;
    private final int every;
    private final long keptBefore;
    private final Totals totals;
    private final org.leapfrog.samplers.hmc.HmcParameters params;

    /** Running totals over kept draws and the run so far, recorded in checkpoints. */
    static final class Totals {
        long gradientsBefore;
        double samplingSecondsBefore;
        double acceptSum;
        long acceptCount;
        long divergences;
        long samplingStartNanos = -1;
        /** Gradients and wall time before the first post-warmup iteration (from the checkpoint on resume). */
        long warmupGradients = -1;
        double warmupSeconds;
        long warmupStartNanos;
        /** This invocation's start, and the earlier invocations' wall time up to the checkpoint resumed from. */
        long invocationStartNanos;
        double wallSecondsBefore;

        /** Wall time of all invocations: the earlier ones up to their last checkpoint, this one until now. */
        double wallSecondsSoFar() {
            return wallSecondsBefore + (System.nanoTime() - invocationStartNanos) * 1e-9;
        }
        java.util.function.LongSupplier gradients = () -> 0;
    }

    MomentsAndCheckpoints(OnlineMoments moments, Path dir, Map<String, String> settings, int warmup, int thin,
                          int every, long keptBefore, Totals totals, org.leapfrog.samplers.hmc.HmcParameters params) {
        this.params = params;
        this.moments = moments;
        this.dir = dir;
        this.settings = settings;
        this.warmup = warmup;
        this.thin = thin;
        this.every = every;
        this.keptBefore = keptBefore;
        this.totals = totals;
    }

    OnlineMoments moments() {
        return moments;
    }

    @Override
    public void accept(long drawIndex, DrawBatch batch) {
        moments.add(batch.position());
        // Acceptance and divergences over kept draws, as CmdStan's summaries count them.
        double[] stat = batch.acceptStat();
        byte[] div = batch.divergent();
        for (int c = 0; c < batch.chains(); c++) {
            totals.acceptSum += stat[c];
            totals.divergences += div[c];
        }
        totals.acceptCount += batch.chains();
        long kept = drawIndex + 1;
        if (every > 0 && kept > keptBefore && kept % every == 0) {
            int iteration = (int) (warmup + kept * thin - 1);
            double sampling = totals.samplingSecondsBefore + (totals.samplingStartNanos < 0 ? 0
                    : (System.nanoTime() - totals.samplingStartNanos) * 1e-9);
            new Checkpoint(settings, iteration, kept, totals.gradientsBefore + totals.gradients.getAsLong(), sampling,
                    totals.acceptSum, totals.acceptCount, totals.divergences, batch.position(), moments.count(),
                    moments.means(), moments.sumsOfSquares(), params.stepSize(), params.metric().kind().ordinal(),
                    params.metric().inverseMass(), totals.warmupGradients, totals.warmupSeconds,
                    totals.wallSecondsSoFar()).write(dir);
        }
    }

    @Override
    public void close() {
    }
}
