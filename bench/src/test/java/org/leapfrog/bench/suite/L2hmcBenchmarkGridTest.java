package org.leapfrog.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code bench l2hmc}'s HMC step-size grid: on the Gaussians it reaches into the last 10% below leapfrog's
 * stability limit 2 sigma_min (where HMC with a fixed M is at its best) without touching the limit; elsewhere it
 * is the log grid alone.
 */
class L2hmcBenchmarkGridTest {
    @Test
    void gaussiansAreRefinedJustBelowTheStabilityLimit() {
        Map<String, Double> limits = Map.of("icg50", 0.2, "scg-paper", 0.2, "scg", 2 * Math.sqrt(0.1));
        for (Map.Entry<String, Double> e : limits.entrySet()) {
            String name = e.getKey();
            double limit = e.getValue();
            double[] g = L2hmcBenchmark.grid(name, 16);
            assertEquals(32, g.length, name);
            int nearLimit = 0;
            for (double eps : g) {
                assertTrue(eps > 0 && eps < limit, name + ": " + eps + " not in (0, " + limit + ")");
                if (eps >= 0.9 * limit) {
                    nearLimit++;
                }
            }
            assertTrue(nearLimit >= 16, name + ": only " + nearLimit + " step sizes in the last 10% below the limit");
            assertTrue(g[31] > 0.999 * limit, name + ": the finest point " + g[31] + " stops short of " + limit);
        }
    }

    @Test
    void otherTargetsKeepTheLogGrid() {
        for (String name : new String[] {"mog", "roughwell"}) {
            double[] g = L2hmcBenchmark.grid(name, 5);
            assertEquals(5, g.length, name);
            for (int i = 1; i < g.length; i++) {
                assertEquals(g[1] / g[0], g[i] / g[i - 1], 1e-12, name + ": not log-spaced at " + i);
            }
        }
    }
}
