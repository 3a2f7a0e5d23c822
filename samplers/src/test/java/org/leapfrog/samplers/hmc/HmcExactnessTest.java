package org.leapfrog.samplers.hmc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.samplers.Stats;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.DenseGaussian;
import org.leapfrog.samplers.target.KnownMoments;
import org.leapfrog.samplers.target.NealsFunnel;
import org.leapfrog.samplers.target.Target;

/** End states of many independent chains on the built-in targets match their known marginals. */
class HmcExactnessTest {
    /**
     * SCG from an overdispersed start, with the dense metric at the true covariance (this exercises the dense
     * metric's momentum draw and velocity). False-failure rate: 10 checks x 5.7e-7 = 5.7e-6.
     */
    @Test
    void stronglyCorrelatedGaussianWithADenseMetric() {
        DenseGaussian scg = DenseGaussian.scg();
        KnownMoments m = scg.moments().orElseThrow();
        int chains = 4000;
        double[] start = new double[2 * chains];
        for (int c = 0; c < chains; c++) {
            start[c] = (c % 2 == 0 ? 30 : -30);
            start[chains + c] = (c % 3 == 0 ? 25 : -20);
        }
        HmcParameters params = HmcParameters.hmc(0.5, 5, Metric.dense(m.covariance(), 2)).withJitter(0.2);
        double[] end = run(scg, params, chains, start, 30);
        for (int k = 0; k < 2; k++) {
            Stats.assertNormalMarginal(Arrays.copyOfRange(end, k * chains, (k + 1) * chains), m.mean()[k],
                    m.variance(k), "scg x" + k);
        }
    }

    /**
     * Funnel (d = 10, s = 1) started from exact draws: after 30 HMC iterations the y marginal must still be
     * N(0, 1) (invariance — a wrong acceptance rule or integrator shows here), and the chains must have moved.
     * False-failure rate: 5 checks x 5.7e-7 = 2.9e-6 (the movement check is deterministic given the seed).
     */
    @Test
    void funnelYMarginalIsPreserved() {
        NealsFunnel funnel = new NealsFunnel("funnel10", 10, 1.0);
        int d = 10, chains = 6000;
        SplittableRandom rng = new SplittableRandom(3);
        double[] start = new double[d * chains];
        for (int c = 0; c < chains; c++) {
            double y = rng.nextGaussian();
            start[c] = y;
            for (int k = 1; k < d; k++) {
                start[k * chains + c] = Math.exp(-0.5 * y) * rng.nextGaussian();
            }
        }
        double[] end = run(funnel, HmcParameters.hmc(0.2, 10, d).withJitter(0.3), chains, start, 30);
        double[] y = Arrays.copyOfRange(end, 0, chains);
        Stats.assertNormalMarginal(y, 0.0, 1.0, "funnel y");
        int moved = 0;
        for (int c = 0; c < chains; c++) {
            moved += y[c] != start[c] ? 1 : 0;
        }
        assertTrue(moved > chains / 2, "most chains must move: " + moved + " of " + chains);
    }

    static double[] run(Target target, HmcParameters params, int chains, double[] start, int iterations) {
        try (Backend b = new JavaBackend(2); HmcSampler s = new HmcSampler(b, target, params, chains, 77L)) {
            s.init(start);
            for (int it = 0; it < iterations; it++) {
                s.step(it);
            }
            double[] x = new double[start.length];
            s.readPositions(x);
            return x;
        }
    }
}
