package org.leapfrog.bench.suite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.samplers.Precision;
import org.leapfrog.samplers.l2hmc.ExactDraws;
import org.leapfrog.samplers.l2hmc.L2hmcModel;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/** {@code bench l2hmc}'s sampling speed measurement runs in both precisions (a tiny model on the Java backend). */
class L2hmcSampleSpeedTest {
    @Test
    void measuresBothPrecisions() {
        Target t = Targets.byName("scg", null);
        L2hmcModel model = L2hmcModel.initial("scg", 2, 2, 4, 0.1, 1);
        double[] x0 = ExactDraws.of(t, 16, 2);
        try (Backend b = new JavaBackend(1)) {
            for (Precision p : Precision.values()) {
                double rate = L2hmcBenchmark.sampleSpeed(b, t, model, x0, 3, p);
                assertTrue(rate > 0 && Double.isFinite(rate), p.label() + ": " + rate);
            }
        }
    }
}
