package org.leapfrog.samplers.hmc;

import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

class ScratchSmallTest {
    @Test
    void rates() {
        Target target = Targets.byName("icg50", null);
        int dim = target.dimension();
        try (Backend b = new JavaBackend(2)) {
            for (int rep = 0; rep < 2; rep++) {
                for (int chains : new int[] {1, 4, 16, 64, 256}) {
                    double[] start = new double[dim * chains];
                    for (int i = 0; i < start.length; i++) start[i] = 0.5 * Math.sin(i * 0.61);
                    double[] prob = new double[chains], energy = new double[chains];
                    int[] acc = new int[chains], div = new int[chains];
                    try (HmcSampler s = new HmcSampler(b, target, HmcParameters.hmc(0.18, 10, Metric.unit(dim)), chains, 1L)) {
                        s.init(start);
                        long t0 = System.nanoTime();
                        int it = 0;
                        while (System.nanoTime() - t0 < 1_500_000_000L) {
                            s.step(it++);
                            s.readInfo(prob, acc, div, energy);
                        }
                        double sec = (System.nanoTime() - t0) * 1e-9;
                        System.out.printf("chains %d: %.3g grads/s (%d its)%n", chains, chains * 10.0 * it / sec, it);
                    }
                }
            }
        }
    }
}
