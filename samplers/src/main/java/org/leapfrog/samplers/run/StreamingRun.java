package org.leapfrog.samplers.run;

import org.leapfrog.samplers.fused.ChainStatistics;
import org.leapfrog.samplers.fused.FusedChains;
import org.leapfrog.samplers.output.DrawSink;

/**
 * The run loop of a fused sampler with its statistics on the device: the host's work is off the critical path.
 * Each iteration enqueues the step; each kept draw enqueues one {@link ChainStatistics#record} (every chain's
 * moments, acceptance, divergences and energy statistics accumulated on the device, the kept chains packed and
 * their read started) and then collects the previous kept draw, whose read has completed behind the step now
 * running, and hands it to a writer thread (CSV and the like, through a bounded queue). Nothing of all chains
 * crosses to the host until the end or a checkpoint. Draws, their order and the statistics are those of
 * {@link SamplingRun} with a sink over the same chains; only where the host's time goes changes.
 *
 * <p>The acceptance the progress listener sees is the kept chains' mean over kept draws (the statistics of all
 * chains stay on the device until the end).
 */
public final class StreamingRun {
    /** Kept draws that may wait for the writer thread before the sampling thread waits for it. */
    public static final int WRITER_QUEUE = 64;

    /** Work at chosen kept draws (checkpoints), captured on the sampling thread and finished on the writer's. */
    public interface CheckpointHook {
        /** Whether to checkpoint after kept draw {@code drawIndex} (0-based). */
        boolean wants(long drawIndex);

        /**
         * Called on the sampling thread with the device idle, after kept draw {@code drawIndex} at iteration
         * {@code iteration}: read what the checkpoint needs (state, {@link ChainStatistics#snapshot}) and return
         * the work that writes it; it runs on the writer thread after every row up to this draw was written.
         */
        Runnable capture(long drawIndex, int iteration);

        /**
         * The first draw index at or after {@code drawIndex} for which {@link #wants} may answer true: a launch of
         * several iterations ends at that draw, so checkpoints fall on the draws they would fall on one iteration
         * per launch. The default, {@code drawIndex}, makes every kept draw end its launch.
         */
        default long nextCandidate(long drawIndex) {
            return drawIndex;
        }
    }

    /**
     * The leapfrog steps of each iteration: called just before iteration {@code it}'s step is enqueued, it sets the
     * sampler's L for that step (jittered trajectory lengths change it every iteration) and returns it, for the
     * gradient count and the kept draw's n_leapfrog__ column.
     */
    @FunctionalInterface
    public interface StepSchedule {
        int prepare(int iteration);
    }

    /**
     * L per iteration where it changes every iteration but the step kernel can read it per iteration (a table), so
     * a launch may still run several iterations: {@link #steps} is iteration {@code it}'s L (no side effects),
     * {@link #cover} makes the kernel use those lengths for a launch's iterations before it is enqueued.
     */
    public interface LaunchSteps {
        int steps(int iteration);

        void cover(int first, int count);
    }

    /** A run's outcome and the statistics of every chain at its end. */
    public record Result(RunResult run, ChainStatistics.Snapshot statistics) {
    }

    private final FusedChains chains;
    private final ChainStatistics stats;
    private final StepSchedule steps;
    private final int firstSteps;
    private final double stepSize;
    private final RunSettings settings;
    /** L per iteration when one launch may run several iterations (null: one iteration per launch). */
    private final LaunchSteps launchSteps;

    /**
     * @param gradientsPerIteration gradient evaluations per chain and iteration (L; also the n_leapfrog__ column)
     * @param stepSize              the stepsize__ column
     */
    public StreamingRun(FusedChains chains, ChainStatistics stats, int gradientsPerIteration, double stepSize,
                        RunSettings settings) {
        this(chains, stats, it -> gradientsPerIteration, gradientsPerIteration, stepSize, settings,
                new LaunchSteps() {
                    @Override
                    public int steps(int iteration) {
                        return gradientsPerIteration;
                    }

                    @Override
                    public void cover(int first, int count) {
                    }
                });
    }

    /**
     * A run whose L changes every iteration and which the step kernel reads per iteration ({@code steps}; e.g.
     * ChEES-HMC's jittered lengths through a table), so launches still run several iterations.
     */
    public StreamingRun(FusedChains chains, ChainStatistics stats, LaunchSteps steps, double stepSize,
                        RunSettings settings) {
        this(chains, stats, steps::steps, steps.steps(0), stepSize, settings, steps);
    }

    /**
     * A run whose L may change every iteration ({@code steps}; e.g. ChEES-HMC's jittered trajectory lengths).
     *
     * @param firstSteps the L the draw buffers start with (any value: each kept draw carries its own)
     */
    public StreamingRun(FusedChains chains, ChainStatistics stats, StepSchedule steps, int firstSteps,
                        double stepSize, RunSettings settings) {
        this(chains, stats, steps, firstSteps, stepSize, settings, null);
    }

    private StreamingRun(FusedChains chains, ChainStatistics stats, StepSchedule steps, int firstSteps,
                         double stepSize, RunSettings settings, LaunchSteps launchSteps) {
        this.launchSteps = launchSteps;
        this.chains = chains;
        this.stats = stats;
        this.steps = steps;
        this.firstSteps = firstSteps;
        this.stepSize = stepSize;
        this.settings = settings;
    }

    /**
     * Runs iterations {@code first .. total-1} of an initialised sampler (whose statistics hold the draws before
     * {@code first}, restored on a resume). {@code keptSink} receives the kept chains' draws on the writer thread
     * as batches of {@code stats.keptChains()} chains (null: none are written); {@code hook} may be null.
     */
    public Result runFrom(int first, DrawSink keptSink, CheckpointHook hook, ProgressListener progress) {
        int total = settings.totalIterations();
        if (first < 0 || first > total) {
            throw new IllegalArgumentException("first iteration: " + first + "; allowed: 0 to " + total);
        }
        int kept = stats.keptChains(), rows = stats.keptRows();
        long start = System.nanoTime();
        long samplingStart = first >= settings.warmup() ? start : -1;
        long keptDraws = 0;
        double keptAcceptSum = 0;
        long keptAcceptCount = 0;
        // With the statistics inside the step and a fixed L, one launch runs several iterations (see
        // ChainStatistics#beforeSteps); a launch never spans the end of warmup or a possible checkpoint.
        int maxLaunch = launchSteps != null ? stats.maxIterationsPerLaunch() : 1;
        // The launch whose kept draws' read is under way: its slot (-1: none), first draw index, draws and L.
        int pendingSlot = -1, pendingDraws = 0, pendingSteps = 0;
        long pendingFirst = -1;
        RuntimeException failed = null;
        BackgroundWriter writer = new BackgroundWriter(keptSink, kept, chains.buffers().dimension(), WRITER_QUEUE,
                stepSize, firstSteps);
        try {
            for (int it = first; it < total; ) {
                if (it == settings.warmup() && samplingStart < 0) {
                    samplingStart = System.nanoTime();
                }
                int n = launchLength(it, total, maxLaunch, hook);
                int mask = 0;
                long firstDraw = -1, lastDraw = -1;
                for (int k = 0; k < n; k++) {
                    long draw = settings.drawAt(it + k);
                    if (draw >= 0) {
                        mask |= 1 << k;
                        firstDraw = firstDraw < 0 ? draw : firstDraw;
                        lastDraw = draw;
                    }
                }
                int l = steps.prepare(it);
                long gradients = l;
                if (launchSteps != null) {
                    launchSteps.cover(it, n);
                    for (int k = 1; k < n; k++) {
                        gradients += launchSteps.steps(it + k);
                    }
                }
                if (n == 1) {
                    stats.beforeStep(mask != 0); // statistics inside the step: tell the kernel whether to accumulate
                } else {
                    stats.beforeSteps(n, mask);
                }
                chains.enqueueLaunch(it, gradients);
                if (mask != 0) {
                    int slot = stats.record();
                    int draws = Integer.bitCount(mask);
                    keptDraws += draws;
                    if (pendingSlot >= 0 && kept > 0) {
                        keptAcceptSum += deliver(writer, pendingSlot, pendingFirst, pendingDraws, pendingSteps, rows,
                                kept);
                        keptAcceptCount += (long) kept * pendingDraws;
                    }
                    pendingSlot = slot;
                    pendingFirst = firstDraw;
                    pendingDraws = draws;
                    pendingSteps = l;
                    if (hook != null && hook.wants(lastDraw)) {
                        if (kept > 0) {
                            keptAcceptSum += deliver(writer, pendingSlot, pendingFirst, pendingDraws, pendingSteps,
                                    rows, kept);
                            keptAcceptCount += (long) kept * pendingDraws;
                        }
                        pendingSlot = -1;
                        stats.finish();
                        Runnable task = hook.capture(lastDraw, it + n - 1);
                        if (task != null) {
                            writer.submit(task);
                        }
                    }
                } else if (it + n == settings.warmup()) {
                    stats.finish(); // warmup ends with the device idle, so the sampling clock starts there
                }
                it += n;
                progress.progress(it - first, total - first,
                        keptAcceptCount == 0 ? Double.NaN : keptAcceptSum / keptAcceptCount);
            }
            if (pendingSlot >= 0 && kept > 0) {
                deliver(writer, pendingSlot, pendingFirst, pendingDraws, pendingSteps, rows, kept);
            }
            stats.finish();
        } catch (RuntimeException e) {
            failed = e;
        } finally {
            try {
                writer.close(); // the draws produced so far are written even when sampling failed
            } catch (RuntimeException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
        long end = System.nanoTime();
        ChainStatistics.Snapshot snapshot = stats.snapshot();
        double sampling = samplingStart < 0 ? 0.0 : (end - samplingStart) * 1e-9;
        RunResult result = new RunResult(total - first, keptDraws, chains.gradientEvaluations(), sampling,
                (end - start) * 1e-9, snapshot.meanAcceptance(), snapshot.totalDivergences());
        return new Result(result, snapshot);
    }

    /**
     * Iterations of the launch starting at {@code it}: up to {@code maxLaunch}, not past the end of warmup or of
     * the run, and ending at the first kept draw that may take a checkpoint.
     */
    private int launchLength(int it, int total, int maxLaunch, CheckpointHook hook) {
        int n = Math.min(maxLaunch, total - it);
        if (it < settings.warmup()) {
            n = Math.min(n, settings.warmup() - it);
        }
        long candidate = -1;
        for (int k = 0; k < n; k++) {
            long draw = settings.drawAt(it + k);
            if (draw < 0 || hook == null) {
                continue;
            }
            if (candidate < 0) {
                candidate = hook.nextCandidate(draw);
            }
            if (draw >= candidate) {
                return k + 1;
            }
        }
        return n;
    }

    /** Collects a launch's read and queues its kept draws for the writer; returns the kept chains' acceptance sum. */
    private double deliver(BackgroundWriter writer, int slot, long firstDraw, int draws, int numSteps, int rows,
                           int kept) {
        double sum = 0;
        int base = (rows - 3) * kept; // the acceptance row: after the coordinates and the log density
        for (int j = 0; j < draws; j++) {
            BackgroundWriter.Draw d = writer.take();
            stats.awaitKept(slot, j, d.packed);
            for (int c = 0; c < kept; c++) {
                sum += d.packed[base + c];
            }
            // Each draw's own L where it changes by iteration (the draw's iteration: warmup + (d + 1) thin - 1).
            d.numSteps = launchSteps == null ? numSteps
                    : launchSteps.steps((int) (settings.warmup() + (firstDraw + j + 1) * settings.thin() - 1));
            writer.submit(d, firstDraw + j);
        }
        return sum;
    }
}
