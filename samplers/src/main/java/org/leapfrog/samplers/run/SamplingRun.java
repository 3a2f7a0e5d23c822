package org.leapfrog.samplers.run;

import java.util.Arrays;
import org.leapfrog.samplers.Sampler;
import org.leapfrog.samplers.output.DrawBatch;
import org.leapfrog.samplers.output.DrawSink;

/**
 * The run loop: warmup iterations (fixed tuning here; adaptation produces the tuned sampler beforehand), then
 * draws with thinning delivered to a sink, with a progress callback. All buffers are allocated once; each kept
 * draw copies the batch's state from the device into them.
 */
public final class SamplingRun {
    private final Sampler sampler;
    private final RunSettings settings;
    private final DrawBatch batch;
    private final int[] accepted;
    private final int[] divergent;
    private final double[] stepSizes;

    public SamplingRun(Sampler sampler, RunSettings settings) {
        this.sampler = sampler;
        this.settings = settings;
        int n = sampler.chains(), d = sampler.dimension();
        this.accepted = new int[n];
        this.divergent = new int[n];
        this.stepSizes = new double[n];
        Arrays.fill(stepSizes, sampler.stepSize());
        int[] steps = new int[n];
        Arrays.fill(steps, sampler.gradientsPerIteration());
        this.batch = new DrawBatch(n, d, new double[d * n], new double[n], new double[n], stepSizes, steps,
                new byte[n], new double[n]);
    }

    /** Initialises the sampler at {@code start} and runs every iteration of the settings. */
    public RunResult run(double[] start, DrawSink sink, ProgressListener progress) {
        sampler.init(start);
        return runFrom(0, sink, progress);
    }

    /**
     * Runs iterations {@code first .. total-1} of an already initialised sampler (a resumed run starts at the
     * iteration after its checkpoint; the draws are those of an uninterrupted run).
     */
    public RunResult runFrom(int first, DrawSink sink, ProgressListener progress) {
        int total = settings.totalIterations();
        if (first < 0 || first > total) {
            throw new IllegalArgumentException("first iteration: " + first + "; allowed: 0 to " + total);
        }
        int n = sampler.chains();
        long start = System.nanoTime();
        long samplingStart = first >= settings.warmup() ? start : -1;
        double acceptSum = 0;
        long acceptCount = 0;
        long divergences = 0;
        long kept = 0;
        double[] prob = batch.acceptStat();
        for (int it = first; it < total; it++) {
            if (it == settings.warmup() && samplingStart < 0) {
                samplingStart = System.nanoTime();
            }
            sampler.step(it);
            long draw = settings.drawAt(it);
            boolean postWarmup = it >= settings.warmup();
            sampler.readInfo(prob, accepted, divergent, batch.energy());
            if (postWarmup) {
                for (int c = 0; c < n; c++) {
                    acceptSum += prob[c];
                    divergences += divergent[c];
                }
                acceptCount += n;
            }
            if (draw >= 0) {
                sampler.readState(batch.position(), batch.logDensity());
                // L may change per iteration (jittered trajectory lengths); a fixed L writes the same values.
                Arrays.fill(batch.numSteps(), sampler.gradientsPerIteration());
                byte[] div = batch.divergent();
                for (int c = 0; c < n; c++) {
                    div[c] = (byte) divergent[c];
                }
                sink.accept(draw, batch);
                kept++;
            }
            progress.progress(it - first + 1, total - first, acceptCount == 0 ? Double.NaN : acceptSum / acceptCount);
        }
        long end = System.nanoTime();
        double sampling = samplingStart < 0 ? 0.0 : (end - samplingStart) * 1e-9;
        return new RunResult(total - first, kept, sampler.gradientEvaluations(),
                sampling, (end - start) * 1e-9, acceptCount == 0 ? Double.NaN : acceptSum / acceptCount, divergences);
    }
}
