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

    /** The in-step run's outcome: statistics, last packed draw, acceptance total (Snapshot.acceptSum), final positions. */
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
            double[] serialAcceptSums = new double[CHAINS];
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
                        serialAcceptSums[c] += prob[c];
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
            assertArrayEquals(serialAcceptSums, x.acceptSums(), 0.0, "each chain's acceptance probabilities, added on the host");
            assertTrue(x.totalDivergences() > 0 && x.totalDivergences() < (long) CHAINS * x.count(),
                    "some transitions diverge: " + x.totalDivergences());
            double[] pf = new double[d * CHAINS], pp = new double[d * CHAINS], lf = new double[CHAINS];
            double[] lpp = new double[CHAINS];
            fused.readState(pf, lf);
            plain.readState(pp, lpp);
            assertArrayEquals(pp, pf, 0.0, "the chains move exactly as with the plain step");
            assertArrayEquals(lpp, lf, 0.0);
            return new Outcome(x, a.clone(), x.acceptSum(), pf);
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

    /** A run in launches of up to {@code launch} iterations: every packed draw in order, statistics, positions. */
    private record Blocked(double[] packed, ChainStatistics.Snapshot snapshot, double acceptTotal, double[] positions,
                           long gradients) {
    }

    private static final int BLOCKED_ITERATIONS = 37;

    private static Blocked runBlocked(Backend b, Numerics numerics, int launch) {
        Target t = Targets.byName("icg50", null);
        int d = t.dimension(), rows = (d + 4) * KEPT;
        int draws = 0;
        for (int it = 0; it < BLOCKED_ITERATIONS; it++) {
            draws += kept(it) ? 1 : 0;
        }
        double[] packed = new double[draws * rows];
        try (HmcSampler s = new HmcSampler("blocked", b, t, params(d), CHAINS, 11L, numerics, KEPT)) {
            ChainStatistics stats = s.statistics();
            assertTrue(stats.maxIterationsPerLaunch() >= 16, "default iterations per launch");
            s.init(start(d));
            double[] a = new double[rows];
            int written = 0;
            for (int it = 0; it < BLOCKED_ITERATIONS; it += launch) {
                int n = Math.min(launch, BLOCKED_ITERATIONS - it), mask = 0;
                for (int k = 0; k < n; k++) {
                    mask |= kept(it + k) ? 1 << k : 0;
                }
                stats.beforeSteps(n, mask);
                s.fusedChains().enqueueSteps(it, n, STEPS);
                if (mask != 0) {
                    int slot = stats.record();
                    for (int j = 0; j < Integer.bitCount(mask); j++) {
                        stats.awaitKept(slot, j, a);
                        System.arraycopy(a, 0, packed, written++ * rows, rows);
                    }
                }
            }
            stats.finish();
            double[] pos = new double[d * CHAINS], lp = new double[CHAINS];
            s.readState(pos, lp);
            return new Blocked(packed, stats.snapshot(), stats.snapshot().acceptSum(), pos, s.gradientEvaluations());
        }
    }

    private static void assertSameRun(Blocked expected, Blocked actual, String what) {
        assertArrayEquals(expected.packed(), actual.packed(), 0.0, what + ": packed draws");
        ChainStatistics.Snapshot x = expected.snapshot(), y = actual.snapshot();
        assertEquals(x.count(), y.count(), what);
        assertArrayEquals(x.means(), y.means(), 0.0, what + ": means");
        assertArrayEquals(x.sumsOfSquares(), y.sumsOfSquares(), 0.0, what + ": sums of squares");
        assertArrayEquals(x.acceptSums(), y.acceptSums(), 0.0, what);
        assertArrayEquals(x.divergences(), y.divergences(), what);
        assertArrayEquals(x.energyMeans(), y.energyMeans(), 0.0, what);
        assertArrayEquals(x.energySumsOfSquares(), y.energySumsOfSquares(), 0.0, what);
        assertArrayEquals(x.energyJumps(), y.energyJumps(), 0.0, what);
        assertArrayEquals(x.energyPrevious(), y.energyPrevious(), 0.0, what);
        assertEquals(expected.acceptTotal(), actual.acceptTotal(), 0.0, what + ": acceptance total");
        assertArrayEquals(expected.positions(), actual.positions(), 0.0, what + ": positions");
        assertEquals(expected.gradients(), actual.gradients(), what + ": gradient count");
    }

    /**
     * Several iterations per launch (kept and skipped iterations mixed inside a launch, a last launch cut short)
     * give the run of one iteration per launch bit for bit: draws, statistics, host sum, positions.
     */
    private static void launchesOfSeveralIterationsEqualSingleOnes(Backend b, Numerics numerics) {
        Blocked single = runBlocked(b, numerics, 1);
        assertSameRun(single, runBlocked(b, numerics, 5), "5 iterations per launch");
        assertSameRun(single, runBlocked(b, numerics, 16), "16 iterations per launch");
    }

    @ParameterizedTest
    @EnumSource(Numerics.class)
    void javaTwinRunsSeveralIterationsPerLaunchExactly(Numerics numerics) {
        try (Backend b = new JavaBackend(2)) {
            launchesOfSeveralIterationsEqualSingleOnes(b, numerics);
        }
    }

    @ParameterizedTest
    @EnumSource(Numerics.class)
    void openClKernelRunsSeveralIterationsPerLaunchExactly(Numerics numerics) {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        try (Backend b = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { })) {
            launchesOfSeveralIterationsEqualSingleOnes(b, numerics);
        }
    }

    /** Conformance of the launch of several iterations: the OpenCL kernel and its Java twin, same bits. */
    @Test
    void openClKernelOfSeveralIterationsEqualsItsJavaTwin() {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        Blocked java, cl;
        try (Backend b = new JavaBackend(2)) {
            java = runBlocked(b, Numerics.REPRODUCIBLE, 16);
        }
        try (Backend b = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { })) {
            cl = runBlocked(b, Numerics.REPRODUCIBLE, 16);
        }
        assertSameRun(java, cl, "OpenCL against Java");
    }

    @Test
    void badLaunchesAreRejected() {
        Target t = Targets.byName("icg50", null);
        try (Backend b = new JavaBackend(1);
             HmcSampler s = new HmcSampler("x", b, t, params(t.dimension()), 10, 1L, Numerics.REPRODUCIBLE, 2)) {
            ChainStatistics stats = s.statistics();
            int max = stats.maxIterationsPerLaunch();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> stats.beforeSteps(max + 1, 0));
            assertTrue(e.getMessage().startsWith("iterations per launch: " + (max + 1) + "; allowed: 1 to " + max),
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> stats.beforeSteps(2, 0b100));
            assertTrue(e.getMessage().startsWith("kept mask: 100; allowed: bits 0 to 1 only"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ChainStatistics.forStep(b,
                    s.fusedChains().buffers(), 2, ChainStatistics.MAX_ITERATIONS_PER_LAUNCH + 1));
        }
        try (Backend b = new JavaBackend(1);
             HmcSampler s = new HmcSampler(b, t, params(t.dimension()), 10, 1L)) {
            assertThrows(IllegalStateException.class, () -> s.steps(0, 2));
        }
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
