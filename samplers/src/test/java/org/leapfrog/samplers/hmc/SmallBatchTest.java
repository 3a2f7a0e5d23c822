package org.leapfrog.samplers.hmc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/** Small batches on the Java backend: an iteration (step and read-back of its statistics) allocates nothing. */
class SmallBatchTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 4, 16, 64})
    void anIterationAllocatesNothing(int chains) {
        Target target = Targets.byName("icg50", null);
        int dim = target.dimension();
        double[] start = new double[dim * chains];
        for (int i = 0; i < start.length; i++) {
            start[i] = 0.5 * Math.sin(i * 0.61);
        }
        double[] prob = new double[chains], energy = new double[chains], pos = new double[dim * chains];
        double[] lp = new double[chains];
        int[] acc = new int[chains], div = new int[chains];
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        try (Backend b = new JavaBackend(2);
             HmcSampler s = new HmcSampler(b, target, HmcParameters.hmc(0.18, 10, Metric.unit(dim)).withJitter(0.5),
                     chains, 7L)) {
            s.init(start);
            int it = 0;
            // Past compilation (escape analysis removes the temporaries C2 can prove local); cheap small batches
            // get more iterations, as C2 reaches them later.
            int warmup = 3000 + 40000 / chains;
            for (; it < warmup; it++) {
                s.step(it);
                s.readInfo(prob, acc, div, energy);
                s.readState(pos, lp);
            }
            long before = mx.getThreadAllocatedBytes(thread);
            for (int k = 0; k < 500; k++, it++) {
                s.step(it);
                s.readInfo(prob, acc, div, energy);
                s.readState(pos, lp);
            }
            assertEquals(0, mx.getThreadAllocatedBytes(thread) - before,
                    "bytes allocated by 500 iterations of " + chains + " chains");
        }
    }
}
