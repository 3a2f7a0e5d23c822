package org.leapfrog.samplers.adapt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.samplers.Precision;
import org.leapfrog.samplers.hmc.JitteredHmcSampler;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.KnownMoments;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

class CheesAdaptationTest {
    private static double[] start(int dim, int chains) {
        double[] x = new double[dim * chains];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1.8 * Math.sin(i * 0.37 + 0.1);
        }
        return x;
    }

    /**
     * ICG-50 (variances 1e-2 .. 1e2): the adapted diagonal metric recovers the variances, the step size lands where
     * the harmonic-mean acceptance is 0.651, and the sampling phase then reproduces every coordinate's variance.
     * Bounds: the metric is the cross-sectional variance of 512 chains (relative sd sqrt(2/511) = 6%), so a
     * factor 1.5 is more than 6 sd away; the sampled variances use 512 chains x 150 draws of a well-mixing chain.
     */
    @Test
    void icg50MetricStepSizeAndSampledVariances() {
        Target target = Targets.byName("icg50", null);
        KnownMoments truth = target.moments().orElseThrow();
        int chains = 512, dim = target.dimension(), warmup = 250, draws = 150;
        try (Backend b = new JavaBackend(2)) {
            CheesTuned tuned = new CheesAdaptation(b, target, CheesSettings.paper(warmup, 0.18, 10))
                    .run(start(dim, chains), chains, 7L);
            double[] inverseMass = tuned.parameters().metric().inverseMass();
            for (int d = 0; d < dim; d++) {
                double ratio = inverseMass[d] / truth.variance(d);
                assertTrue(ratio > 1 / 1.5 && ratio < 1.5, "coordinate " + d + ": metric / variance = " + ratio);
            }
            double eps = tuned.parameters().stepSize()[0];
            assertTrue(eps > 0.3 && eps < 1.6, "step size " + eps + " on whitened N(0, I_50)");
            double t = tuned.trajectory().length();
            assertTrue(t > 0.5 && t < 10, "trajectory length " + t);
            assertTrue(tuned.adaptationAcceptance() > 0.55 && tuned.adaptationAcceptance() < 0.95,
                    "acceptance " + tuned.adaptationAcceptance());
            double[] sum = new double[dim], sumSq = new double[dim];
            double[] pos = new double[dim * chains], lp = new double[chains];
            try (JitteredHmcSampler s = tuned.sampler(b, target, 7L, Precision.FLOAT64)) {
                for (int it = warmup; it < warmup + draws; it++) {
                    s.step(it);
                    s.readState(pos, lp);
                    for (int d = 0; d < dim; d++) {
                        for (int c = 0; c < chains; c++) {
                            double v = pos[d * chains + c];
                            sum[d] += v;
                            sumSq[d] += v * v;
                        }
                    }
                }
            }
            double n = (double) chains * draws;
            for (int d = 0; d < dim; d++) {
                double var = sumSq[d] / n - (sum[d] / n) * (sum[d] / n);
                double ratio = var / truth.variance(d);
                // Even at an ESS of only 5,000 of the 76,800 draws, the variance's relative sd is 2%; 0.85..1.15
                // is over 7 sd (false-failure rate below 1e-12 per coordinate).
                assertTrue(ratio > 0.85 && ratio < 1.15, "coordinate " + d + ": sampled variance / truth = " + ratio);
            }
        }
    }

    /** The adapted step size, trajectory length, metric and end-of-warmup positions are the same bits on both backends. */
    @ParameterizedTest
    @CsvSource({"icg50, 0.18", "german, 0.03"})
    void adaptationIsBitIdenticalAcrossBackends(String name, double eps) {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        Target target = Targets.byName(name, null);
        int chains = 203, warmup = 80;
        CheesTuned java, ocl;
        try (Backend b = new JavaBackend(2)) {
            java = new CheesAdaptation(b, target, CheesSettings.paper(warmup, eps, 10)).run(start(target.dimension(),
                    chains), chains, 11L);
        }
        try (Backend b = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { })) {
            ocl = new CheesAdaptation(b, target, CheesSettings.paper(warmup, eps, 10)).run(start(target.dimension(),
                    chains), chains, 11L);
        }
        assertEquals(java.trajectory(), ocl.trajectory(), name + ": trajectory length and step size");
        assertArrayEquals(java.parameters().metric().inverseMass(), ocl.parameters().metric().inverseMass(), 0.0);
        assertArrayEquals(java.positions(), ocl.positions(), 0.0, name + ": positions");
        assertEquals(java.gradientEvaluations(), ocl.gradientEvaluations());
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class,
                () -> CheesSettings.paper(100, 0.1, 10).withMetricKind(Metric.Kind.DENSE));
        assertThrows(IllegalArgumentException.class, () -> CheesSettings.paper(0, 0.1, 10));
        Target target = Targets.byName("normal", 3);
        try (Backend b = new JavaBackend(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new CheesAdaptation(b, target, CheesSettings.paper(10, 0.1, 3)).run(new double[3], 1, 1L));
            assertTrue(e.getMessage().contains("chains: 1"), e.getMessage());
        }
    }
}
