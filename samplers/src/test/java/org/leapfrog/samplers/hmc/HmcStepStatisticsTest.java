package org.leapfrog.samplers.hmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.samplers.Numerics;
import org.leapfrog.samplers.Precision;
import org.leapfrog.samplers.fused.ChainStatistics;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/**
 * Chain statistics accumulated inside the HMC step ({@code lf_hmc_step_stats} and its Java twin): the chains move
 * exactly as with the plain step, and the statistics, the packed kept chains and the host's acceptance total are
 * bit-identical to the separate statistics launch after a plain step (itself tested bit-identical to the host's
 * accumulation) and to the host loop's running sum, on both backends and in both numerics modes; the OpenCL kernel
 * and its twin agree bit for bit.
 */
class HmcStepStatisticsTest {
    private static final int CHAINS = 203; // not a multiple of any lane width: padding chains must not count
    private static final int KEPT = 5;
    private static final int ITERATIONS = 14;
    private static final int STEPS = 10;

    private static HmcParameters params(int d) {
        return HmcParameters.hmc(0.3, STEPS, Metric.unit(d)).withJitter(0.5);
    }

    private static double[] start(int d) {
        double[] x = new double[d * CHAINS];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1.5 * Math.sin(0.37 * i + 1);
        }
        return x;
    }

    /** Iterations 3, 7, 11 are not kept (thinning-like gaps): the kernel must then leave the statistics alone. */
    private static boolean kept(int it) {
        return it % 4 != 3;
    }

    /** The in-step run's outcome: statistics, last packed draw, host acceptance total, final positions. */
    private record Outcome(ChainStatistics.Snapshot snapshot, double[] lastPacked, double acceptTotal,
                           double[] positions) {
    }

    /** In-step statistics, checked draw by draw against a plain sampler followed by the separate launch. */
    private static Outcome runAndCompare(Backend b, Numerics numerics) {
        Target t = Targets.byName("icg50", null);
        int d = t.dimension();
        try (HmcSampler fused = new HmcSampler("fused", b, t, params(d), CHAINS, 11L, numerics, KEPT);
             HmcSampler plain = new HmcSampler("plain", b, t, params(d), CHAINS, 11L, Precision.FLOAT64, numerics);
             ChainStatistics separate = new ChainStatistics(b, plain.fusedChains().buffers(), KEPT)) {
            ChainStatistics inStep = fused.statistics();
            assertTrue(inStep.inStep());
            fused.init(start(d));
            plain.init(start(d));
            double[] a = new double[(d + 4) * KEPT], e = new double[(d + 4) * KEPT];
            double[] prob = new double[CHAINS], energy = new double[CHAINS];
            int[] acc = new int[CHAINS], div = new int[CHAINS];
            double serialAcceptSum = 0;
            int pending = -1;
            for (int it = 0; it < ITERATIONS; it++) {
                boolean keep = kept(it);
                inStep.beforeStep(keep);
                fused.fusedChains().enqueueStep(it, STEPS);
                int slot = keep ? inStep.record() : -1;
                // The run loop's order: the previous kept draw is collected after the next step was enqueued.
                if (pending >= 0) {
                    inStep.awaitKept(pending, a);
                    assertArrayEquals(e, a, 0.0, "packed draw before iteration " + it);
                }
                plain.step(it);
                if (keep) {
                    inStep.awaitKept(slot, a); // also collects (a later awaitKept of the same slot re-reads it)
                    int s = separate.record();
                    separate.awaitKept(s, e);
                    assertArrayEquals(e, a, 0.0, "packed kept chains, iteration " + it);
                    plain.readInfo(prob, acc, div, energy);
                    for (int c = 0; c < CHAINS; c++) {
                        serialAcceptSum += prob[c];
                    }
                    pending = slot;
                }
            }
            inStep.finish();
            ChainStatistics.Snapshot x = inStep.snapshot(), y = separate.snapshot();
            assertEquals(y.count(), x.count());
            assertArrayEquals(y.means(), x.means(), 0.0, "means");
            assertArrayEquals(y.sumsOfSquares(), x.sumsOfSquares(), 0.0, "sums of squares");
            assertArrayEquals(y.acceptSums(), x.acceptSums(), 0.0);
            assertArrayEquals(y.divergences(), x.divergences());
            assertArrayEquals(y.energyMeans(), x.energyMeans(), 0.0);
            assertArrayEquals(y.energySumsOfSquares(), x.energySumsOfSquares(), 0.0);
            assertArrayEquals(y.energyJumps(), x.energyJumps(), 0.0);
            assertArrayEquals(y.energyPrevious(), x.energyPrevious(), 0.0);
            assertEquals(serialAcceptSum, inStep.hostAcceptSum(), 0.0, "the host loop's running sum, same bits");
            assertTrue(x.totalDivergences() > 0 && x.totalDivergences() < (long) CHAINS * x.count(),
                    "some transitions diverge: " + x.totalDivergences());
            double[] pf = new double[d * CHAINS], pp = new double[d * CHAINS], lf = new double[CHAINS];
            double[] lpp = new double[CHAINS];
            fused.readState(pf, lf);
            plain.readState(pp, lpp);
            assertArrayEquals(pp, pf, 0.0, "the chains move exactly as with the plain step");
            assertArrayEquals(lpp, lf, 0.0);
            return new Outcome(x, a.clone(), inStep.hostAcceptSum(), pf);
        }
    }

    @ParameterizedTest
    @EnumSource(Numerics.class)
    void javaTwinEqualsTheSeparateLaunchAndTheHostSum(Numerics numerics) {
        try (Backend b = new JavaBackend(2)) {
            runAndCompare(b, numerics);
        }
    }

    @ParameterizedTest
    @EnumSource(Numerics.class)
    void openClKernelEqualsTheSeparateLaunchAndTheHostSum(Numerics numerics) {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        try (Backend b = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { })) {
            runAndCompare(b, numerics);
        }
    }

    /** Conformance: the OpenCL kernel and its Java twin, same bits (reproducible numerics). */
    @Test
    void openClKernelEqualsItsJavaTwin() {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        Outcome java, cl;
        try (Backend b = new JavaBackend(2)) {
            java = runAndCompare(b, Numerics.REPRODUCIBLE);
        }
        try (Backend b = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { })) {
            cl = runAndCompare(b, Numerics.REPRODUCIBLE);
        }
        assertArrayEquals(java.snapshot().means(), cl.snapshot().means(), 0.0);
        assertArrayEquals(java.snapshot().sumsOfSquares(), cl.snapshot().sumsOfSquares(), 0.0);
        assertArrayEquals(java.snapshot().acceptSums(), cl.snapshot().acceptSums(), 0.0);
        assertArrayEquals(java.snapshot().divergences(), cl.snapshot().divergences());
        assertArrayEquals(java.snapshot().energyMeans(), cl.snapshot().energyMeans(), 0.0);
        assertArrayEquals(java.snapshot().energySumsOfSquares(), cl.snapshot().energySumsOfSquares(), 0.0);
        assertArrayEquals(java.snapshot().energyJumps(), cl.snapshot().energyJumps(), 0.0);
        assertArrayEquals(java.snapshot().energyPrevious(), cl.snapshot().energyPrevious(), 0.0);
        assertArrayEquals(java.lastPacked(), cl.lastPacked(), 0.0);
        assertEquals(java.acceptTotal(), cl.acceptTotal(), 0.0);
        assertArrayEquals(java.positions(), cl.positions(), 0.0);
    }

    @Test
    void badArgumentsAreRejected() {
        Target t = Targets.byName("icg50", null);
        try (Backend b = new JavaBackend(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new HmcSampler("x", b, t, params(t.dimension()), 10, 1L, Numerics.REPRODUCIBLE, 11));
            assertTrue(e.getMessage().startsWith("keptChains: 11; allowed: 0 to chains (10)"), e.getMessage());
            try (HmcSampler s = new HmcSampler("x", b, t, params(t.dimension()), 10, 1L, Numerics.REPRODUCIBLE, 2)) {
                assertThrows(IllegalStateException.class, () -> s.statistics().pack());
            }
        }
    }
}
