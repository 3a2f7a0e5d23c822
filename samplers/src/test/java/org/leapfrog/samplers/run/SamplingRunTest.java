package org.leapfrog.samplers.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.samplers.GaussianTestTarget;
import org.leapfrog.samplers.hmc.HmcParameters;
import org.leapfrog.samplers.hmc.HmcSampler;
import org.leapfrog.samplers.output.DrawBatch;
import org.leapfrog.samplers.output.DrawSink;

class SamplingRunTest {
    /** Keeps copies of every draw's positions. */
    static final class Recorder implements DrawSink {
        final List<Long> indices = new ArrayList<>();
        final List<double[]> positions = new ArrayList<>();

        @Override
        public void accept(long drawIndex, DrawBatch batch) {
            indices.add(drawIndex);
            positions.add(batch.position().clone());
        }

        @Override
        public void close() {
        }
    }

    @Test
    void keepsEveryThinThDrawAfterWarmupAndReportsProgress() {
        int chains = 6, d = 2;
        RunSettings settings = new RunSettings(5, 4, 3);
        assertEquals(17, settings.totalIterations());
        Recorder rec = new Recorder();
        List<Long> progress = new ArrayList<>();
        RunResult r;
        try (Backend b = new JavaBackend(1);
             HmcSampler s = new HmcSampler(b, GaussianTestTarget.standard(d), HmcParameters.hmc(0.5, 4, d), chains, 3L)) {
            r = new SamplingRun(s, settings).run(new double[d * chains], rec, (done, total, acc) -> {
                assertEquals(17, total);
                progress.add(done);
            });
        }
        assertEquals(List.of(0L, 1L, 2L, 3L), rec.indices);
        assertEquals(17, progress.size());
        assertEquals(17L, progress.get(16));
        assertEquals(4, r.drawsKept());
        assertEquals(chains * (1 + 17 * 4L), r.gradientEvaluations());
        assertTrue(r.meanAcceptance() > 0.5 && r.meanAcceptance() <= 1.0, "acceptance " + r.meanAcceptance());
        assertEquals(0, r.divergences());
    }

    @Test
    void resumingFromACheckpointGivesTheUninterruptedDraws() {
        int chains = 5, d = 3;
        RunSettings settings = new RunSettings(4, 6, 2);
        HmcParameters params = HmcParameters.hmc(0.4, 5, d).withJitter(0.1);
        double[] start = new double[d * chains];
        for (int i = 0; i < start.length; i++) {
            start[i] = i * 0.1;
        }
        Recorder full = new Recorder();
        try (Backend b = new JavaBackend(1);
             HmcSampler s = new HmcSampler(b, GaussianTestTarget.icg(d), params, chains, 9L)) {
            new SamplingRun(s, settings).run(start, full, ProgressListener.NONE);
        }
        // Interrupted after iteration 9 (draw index 2 kept at iteration 9): resume from its positions.
        Recorder first = new Recorder();
        double[] checkpoint = new double[d * chains];
        try (Backend b = new JavaBackend(1);
             HmcSampler s = new HmcSampler(b, GaussianTestTarget.icg(d), params, chains, 9L)) {
            new SamplingRun(s, new RunSettings(4, 3, 2)).run(start, first, ProgressListener.NONE);
            s.readPositions(checkpoint);
        }
        Recorder rest = new Recorder();
        try (Backend b = new JavaBackend(1);
             HmcSampler s = new HmcSampler(b, GaussianTestTarget.icg(d), params, chains, 9L)) {
            s.init(checkpoint);
            new SamplingRun(s, settings).runFrom(10, rest, ProgressListener.NONE);
        }
        assertEquals(List.of(3L, 4L, 5L), rest.indices);
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(full.positions.get(k), first.positions.get(k), 0.0);
            assertArrayEquals(full.positions.get(3 + k), rest.positions.get(k), 0.0);
        }
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new RunSettings(-1, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new RunSettings(0, 0, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RunSettings(0, 10, 0));
        assertTrue(e.getMessage().startsWith("thin: 0"), e.getMessage());
    }
}
