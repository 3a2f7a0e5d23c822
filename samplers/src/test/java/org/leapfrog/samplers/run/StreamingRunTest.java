package org.leapfrog.samplers.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.samplers.fused.ChainStatistics;
import org.leapfrog.samplers.hmc.HmcParameters;
import org.leapfrog.samplers.hmc.HmcSampler;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.output.DrawBatch;
import org.leapfrog.samplers.output.DrawSink;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/** The streaming loop delivers exactly the draws of {@link SamplingRun}, in order, with its checkpoints in place. */
class StreamingRunTest {
    private static final int CHAINS = 37;
    private static final int KEPT = 3;

    /** Copies every row of the first {@code KEPT} chains of each draw (with n_leapfrog__ and stepsize__), as a CSV writer would see them. */
    static final class KeptRecorder implements DrawSink {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final List<double[]> rows = new ArrayList<>();

        @Override
        public void accept(long drawIndex, DrawBatch b) {
            int n = b.chains();
            for (int c = 0; c < KEPT; c++) {
                double[] r = new double[b.dimension() + 6];
                for (int d = 0; d < b.dimension(); d++) {
                    r[d] = b.position()[d * n + c];
                }
                r[b.dimension()] = b.logDensity()[c];
                r[b.dimension() + 1] = b.acceptStat()[c];
                r[b.dimension() + 2] = b.divergent()[c];
                r[b.dimension() + 3] = b.energy()[c];
                r[b.dimension() + 4] = b.numSteps()[c];
                r[b.dimension() + 5] = b.stepSize()[c];
                rows.add(r);
            }
            events.add("draw " + drawIndex);
        }

        @Override
        public void close() {
        }
    }

    private static HmcSampler sampler(Backend b) {
        return sampler(b, -1);
    }

    /** keptChains 0 or more: the statistics inside the step kernel, packing that many chains; -1: plain. */
    private static HmcSampler sampler(Backend b, int keptChains) {
        Target t = Targets.byName("icg50", null);
        HmcParameters params = HmcParameters.hmc(0.2, 10, Metric.unit(t.dimension())).withJitter(0.5);
        HmcSampler s = keptChains < 0 ? new HmcSampler(b, t, params, CHAINS, 4L)
                : new HmcSampler("in-step", b, t, params, CHAINS, 4L, org.leapfrog.samplers.Numerics.REPRODUCIBLE,
                        keptChains);
        double[] start = new double[t.dimension() * CHAINS];
        for (int i = 0; i < start.length; i++) {
            start[i] = Math.cos(0.7 * i);
        }
        s.init(start);
        return s;
    }

    /**
     * Checkpoints after every {@code every}-th draw, recorded as events on the writer thread with the statistics'
     * draw count at capture; with {@code candidates} the hook also names those draws ({@code nextCandidate}), so
     * launches of several iterations end there.
     */
    private static StreamingRun.CheckpointHook recordingHook(RunSettings settings, ChainStatistics stats,
                                                             KeptRecorder streamed, int every, boolean candidates) {
        return new StreamingRun.CheckpointHook() {
            @Override
            public boolean wants(long drawIndex) {
                return drawIndex % every == every - 1;
            }

            @Override
            public long nextCandidate(long drawIndex) {
                return candidates ? drawIndex / every * every + every - 1 : drawIndex;
            }

            @Override
            public Runnable capture(long drawIndex, int iteration) {
                assertEquals(settings.warmup() + (drawIndex + 1) * settings.thin() - 1, iteration);
                long count = stats.snapshot().count();
                return () -> streamed.events.add("checkpoint " + drawIndex + " of " + count);
            }
        };
    }

    private static void sameDrawsAsSamplingRun(Backend b) {
        RunSettings settings = new RunSettings(4, 9, 2);
        KeptRecorder reference = new KeptRecorder(), streamed = new KeptRecorder();
        RunResult ref;
        try (HmcSampler s = sampler(b)) {
            ref = new SamplingRun(s, settings).runFrom(0, reference, (d, t, a) -> { });
        }
        StreamingRun.Result r;
        List<Long> progress = new ArrayList<>();
        try (HmcSampler s = sampler(b);
             ChainStatistics stats = new ChainStatistics(b, s.fusedChains().buffers(), KEPT)) {
            StreamingRun.CheckpointHook hook = recordingHook(settings, stats, streamed, 4, false);
            r = new StreamingRun(s.fusedChains(), stats, s.gradientsPerIteration(), s.stepSize(), settings)
                    .runFrom(0, streamed, hook, (done, total, acc) -> progress.add(done));
        }
        assertEquals(reference.rows.size(), streamed.rows.size());
        for (int i = 0; i < reference.rows.size(); i++) {
            assertArrayEquals(reference.rows.get(i), streamed.rows.get(i), 0.0, "row " + i);
        }
        // A checkpoint's work runs after the rows it covers, with the statistics of exactly those draws.
        assertEquals(List.of("draw 0", "draw 1", "draw 2", "draw 3", "checkpoint 3 of 4", "draw 4", "draw 5", "draw 6",
                "draw 7", "checkpoint 7 of 8", "draw 8"), streamed.events);
        assertEquals(settings.totalIterations(), progress.size());
        assertEquals(9, r.run().drawsKept());
        assertEquals(ref.gradientEvaluations(), r.run().gradientEvaluations());
        assertEquals(9, r.statistics().count());
        assertTrue(r.run().samplingSeconds() > 0 && r.run().totalSeconds() >= r.run().samplingSeconds());
    }

    /** The backend named {@code kind} ({@code java} or {@code opencl}; the latter must exist in CI). */
    static Backend open(String kind) {
        if (kind.equals("java")) {
            return new JavaBackend(2);
        }
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        return Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { });
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "opencl"})
    void deliversTheSamplingRunsDraws(String kind) {
        try (Backend b = open(kind)) {
            sameDrawsAsSamplingRun(b);
        }
    }

    /**
     * With the statistics inside the step a launch runs several iterations (here up to 16, across kept and thinned
     * iterations, cut at the end of warmup and at each checkpoint candidate): the same rows as one iteration per
     * launch through {@link SamplingRun}, checkpoints at the same draws with the statistics of exactly those draws.
     */
    private static void severalIterationsPerLaunchKeepTheDrawsAndCheckpoints(Backend b) {
        RunSettings settings = new RunSettings(5, 40, 2);
        KeptRecorder reference = new KeptRecorder(), streamed = new KeptRecorder();
        RunResult ref;
        try (HmcSampler s = sampler(b)) {
            ref = new SamplingRun(s, settings).runFrom(0, reference, (d, t, a) -> { });
        }
        List<Integer> progress = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        StreamingRun.Result r;
        try (HmcSampler s = sampler(b, KEPT)) {
            ChainStatistics stats = s.statistics();
            assertEquals(ChainStatistics.DEFAULT_ITERATIONS_PER_LAUNCH, stats.maxIterationsPerLaunch());
            StreamingRun.CheckpointHook hook = recordingHook(settings, stats, streamed, 15, true);
            r = new StreamingRun(s.fusedChains(), stats, s.gradientsPerIteration(), s.stepSize(), settings)
                    .runFrom(0, streamed, hook, (done, total, acc) -> progress.add((int) done));
        }
        assertEquals(reference.rows.size(), streamed.rows.size());
        for (int i = 0; i < reference.rows.size(); i++) {
            assertArrayEquals(reference.rows.get(i), streamed.rows.get(i), 0.0, "row " + i);
        }
        for (int d = 0; d < 40; d++) {
            expected.add("draw " + d);
            if (d % 15 == 14) {
                expected.add("checkpoint " + d + " of " + (d + 1));
            }
        }
        assertEquals(expected, streamed.events);
        // Iterations done after each launch: warmup, then up to 16 each, cut at checkpoint draws (iterations 34, 64).
        assertEquals(List.of(5, 21, 35, 51, 65, 81, 85), progress);
        assertEquals(ref.gradientEvaluations(), r.run().gradientEvaluations());
        assertEquals(40, r.statistics().count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "opencl"})
    void runsSeveralIterationsPerLaunch(String kind) {
        try (Backend b = open(kind)) {
            severalIterationsPerLaunchKeepTheDrawsAndCheckpoints(b);
        }
    }

    /** A failing writer stops the run with its error; the draws before the failure were written. */
    @Test
    void aWriterFailureEndsTheRunWithItsMessage() {
        KeptRecorder rec = new KeptRecorder();
        DrawSink failing = new DrawSink() {
            @Override
            public void accept(long drawIndex, DrawBatch batch) {
                if (drawIndex == 2) {
                    throw new java.io.UncheckedIOException(new java.io.IOException("disk full"));
                }
                rec.accept(drawIndex, batch);
            }

            @Override
            public void close() {
            }
        };
        try (Backend b = new JavaBackend(1); HmcSampler s = sampler(b);
             ChainStatistics stats = new ChainStatistics(b, s.fusedChains().buffers(), KEPT)) {
            StreamingRun run = new StreamingRun(s.fusedChains(), stats, 10, s.stepSize(), new RunSettings(0, 500, 1));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> run.runFrom(0, failing, null, (d, t, a) -> { }));
            assertTrue(e.getMessage().startsWith("writing the run's output failed: java.io.IOException: disk full"),
                    e.getMessage());
        }
        assertEquals(List.of("draw 0", "draw 1"), rec.events);
    }
}
