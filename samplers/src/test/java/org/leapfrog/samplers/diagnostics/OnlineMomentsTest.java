package org.leapfrog.samplers.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OnlineMomentsTest {
    @Test
    void matchesTwoPassMomentsPerChainAndPooled() {
        int chains = 7;
        int dim = 3;
        int steps = 500;
        SplittableRandom rng = new SplittableRandom(4);
        double[][] byChainCoord = new double[chains * dim][steps];
        OnlineMoments m = new OnlineMoments(chains, dim);
        double[] position = new double[chains * dim];
        for (int t = 0; t < steps; t++) {
            for (int d = 0; d < dim; d++) {
                for (int c = 0; c < chains; c++) {
                    double x = 1e6 + c + d * rng.nextGaussian(); // large offset: Welford must stay accurate
                    position[d * chains + c] = x;
                    byChainCoord[d * chains + c][t] = x;
                }
            }
            m.add(position);
        }
        for (int d = 0; d < dim; d++) {
            double[] pooled = new double[chains * steps];
            for (int c = 0; c < chains; c++) {
                double[] series = byChainCoord[d * chains + c];
                System.arraycopy(series, 0, pooled, c * steps, steps);
                assertEquals(RStats.mean(series), m.mean(c, d), 1e-14 * 1e6);
                assertEquals(RStats.var(series), m.variance(c, d), 1e-9 * Math.max(1, RStats.var(series)));
            }
            assertEquals(RStats.mean(pooled), m.pooledMean(d), 1e-14 * 1e6);
            assertEquals(RStats.var(pooled), m.pooledVariance(d), 1e-8 * RStats.var(pooled));
        }
        assertEquals(steps, m.count());
    }

    @Test
    void rejectsBadShapes() {
        assertThrows(IllegalArgumentException.class, () -> new OnlineMoments(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new OnlineMoments(1 << 20, 1 << 12));
        OnlineMoments m = new OnlineMoments(2, 2);
        assertThrows(IllegalArgumentException.class, () -> m.add(new double[3]));
        m.add(new double[4]);
        assertEquals(Double.NaN, m.variance(0, 0));
    }
}
