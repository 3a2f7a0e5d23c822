package org.leapfrog.samplers.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.leapfrog.samplers.diagnostics.ChainDraws;
import org.leapfrog.samplers.diagnostics.JumpDistance;
import org.leapfrog.samplers.diagnostics.StepSamples;

class SinksTest {
    private static final int CHAINS = 5;
    private static final int DIM = 4;
    private static final int DRAWS = 37; // more than the initial capacity, so storage grows

    @Test
    void inMemorySinkKeepsTheChosenSubset() {
        SyntheticBatches b = new SyntheticBatches(CHAINS, DIM);
        InMemoryDrawSink sink = new InMemoryDrawSink(CHAINS, DIM, new int[] {4, 1}, new int[] {2, 0}, 8);
        for (long t = 0; t < DRAWS; t++) {
            sink.accept(t, b.batch(t));
        }
        assertEquals(DRAWS, sink.size());
        ChainDraws coord2 = sink.draws(2);
        assertEquals(2, coord2.chains());
        assertEquals(DRAWS, coord2.draws());
        for (int t = 0; t < DRAWS; t++) {
            assertEquals(SyntheticBatches.position(t, 4, 2), coord2.get(0, t), 0.0);
            assertEquals(SyntheticBatches.position(t, 1, 2), coord2.get(1, t), 0.0);
            assertEquals(SyntheticBatches.logDensity(t, 1), sink.logDensity().get(1, t), 0.0);
            assertEquals(SyntheticBatches.numSteps(t, 4), sink.numSteps().get(0, t), 0.0);
        }
        StepSamples s = sink.stepSamples();
        assertEquals(SyntheticBatches.position(9, 1, 0), s.get(9, 1, 1), 0.0);
        assertEquals(SyntheticBatches.position(9, 4, 2), s.get(9, 0, 0), 0.0);
        long divergent = 0;
        for (int t = 0; t < DRAWS; t++) {
            divergent += (SyntheticBatches.divergent(t, 4) ? 1 : 0) + (SyntheticBatches.divergent(t, 1) ? 1 : 0);
        }
        assertEquals(divergent, sink.divergences());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sink.draws(3));
        assertTrue(e.getMessage().contains("coordinate = 3 is not kept"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new InMemoryDrawSink(CHAINS, DIM, new int[] {1, 1}, new int[] {0}, 4));
        assertThrows(IllegalArgumentException.class, () -> new InMemoryDrawSink(CHAINS, DIM, new int[] {0}, new int[] {4}, 4));
    }

    @Test
    void onlineMomentsSinkAgreesWithKeptDraws() {
        SyntheticBatches b = new SyntheticBatches(CHAINS, DIM);
        InMemoryDrawSink all = InMemoryDrawSink.all(CHAINS, DIM, 4);
        OnlineMomentsSink online = new OnlineMomentsSink(CHAINS, DIM, true);
        try (FanOutSink fan = FanOutSink.of(all, online)) {
            for (long t = 0; t < DRAWS; t++) {
                fan.accept(t, b.batch(t));
            }
        }
        assertEquals(DRAWS, online.draws());
        for (int d = 0; d < DIM; d++) {
            ChainDraws x = all.draws(d);
            for (int c = 0; c < CHAINS; c++) {
                double mean = 0;
                for (int t = 0; t < DRAWS; t++) {
                    mean += x.get(c, t);
                }
                mean /= DRAWS;
                double ss = 0;
                for (int t = 0; t < DRAWS; t++) {
                    ss += (x.get(c, t) - mean) * (x.get(c, t) - mean);
                }
                double scale = Math.max(1e-12, Math.abs(mean));
                assertEquals(mean, online.moments().mean(c, d), 1e-13 * Math.max(1, scale));
                assertEquals(ss / (DRAWS - 1), online.moments().variance(c, d), 1e-12 * Math.max(1e-6, ss));
            }
        }
        assertEquals(JumpDistance.expectedSquared(all.stepSamples()), online.expectedSquaredJump(), 1e-12);
        assertEquals(all.divergences(), online.divergences());
        double accept = 0;
        long steps = 0;
        for (int t = 0; t < DRAWS; t++) {
            for (int c = 0; c < CHAINS; c++) {
                accept += SyntheticBatches.acceptStat(t, c);
                steps += SyntheticBatches.numSteps(t, c);
            }
        }
        assertEquals(accept / (DRAWS * CHAINS), online.acceptanceRate(), 1e-14);
        assertEquals(steps, online.leapfrogSteps());
    }

    @Test
    void fanOutClosesEverySinkAndReportsTheFirstFailure() {
        List<String> log = new ArrayList<>();
        DrawSink failing = new DrawSink() {
            @Override
            public void accept(long drawIndex, DrawBatch batch) {
                log.add("a" + drawIndex);
            }

            @Override
            public void close() {
                log.add("close-a");
                throw new IllegalStateException("boom");
            }
        };
        DrawSink second = new DrawSink() {
            @Override
            public void accept(long drawIndex, DrawBatch batch) {
                log.add("b" + drawIndex);
            }

            @Override
            public void close() {
                log.add("close-b");
            }
        };
        FanOutSink fan = FanOutSink.of(failing, second);
        fan.accept(3, new SyntheticBatches(1, 1).batch(3));
        IllegalStateException e = assertThrows(IllegalStateException.class, fan::close);
        assertEquals("boom", e.getMessage());
        assertEquals(List.of("a3", "b3", "close-a", "close-b"), log);
        assertThrows(IllegalArgumentException.class, () -> new FanOutSink(List.of()));
    }
}
