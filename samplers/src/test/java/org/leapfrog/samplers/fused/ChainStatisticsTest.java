package org.leapfrog.samplers.fused;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.leapfrog.kernels.ElementType;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Arg;
import org.leapfrog.kernels.KernelSources;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.samplers.KernelSignaturesTestAccess;
import org.leapfrog.samplers.Precision;
import org.leapfrog.samplers.diagnostics.OnlineMoments;
import org.leapfrog.samplers.hmc.HmcParameters;
import org.leapfrog.samplers.hmc.HmcSampler;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/**
 * Device-side chain statistics: the same bits as the host's accumulation (moments, per-chain sums), the same bits
 * on OpenCL and on the Java twin, kept chains packed as read back, and exact continuation from a snapshot.
 */
class ChainStatisticsTest {
    private static final int CHAINS = 203; // not a multiple of any lane width: padding chains must not count
    private static final int KEPT = 5;
    private static final int DRAWS = 12;

    /** HMC on ICG-50 with jitter from an overdispersed start: acceptance varies and some transitions diverge. */
    private static HmcSampler sampler(Backend b, Precision p) {
        Target t = Targets.byName("icg50", null);
        HmcSampler s = new HmcSampler(b, t, HmcParameters.hmc(0.3, 10, Metric.unit(t.dimension())).withJitter(0.5),
                CHAINS, 11L, p);
        double[] start = new double[t.dimension() * CHAINS];
        for (int i = 0; i < start.length; i++) {
            start[i] = 1.5 * Math.sin(0.37 * i + 1);
        }
        s.init(start);
        return s;
    }

    /** What the device accumulated, against the host's accumulation of the same draws read back one by one. */
    private static void compareWithHost(Backend b, Precision p) {
        try (HmcSampler s = sampler(b, p);
             ChainStatistics stats = new ChainStatistics(b, s.fusedChains().buffers(), KEPT)) {
            int d = s.dimension();
            OnlineMoments host = new OnlineMoments(CHAINS, d);
            OnlineMoments hostEnergy = new OnlineMoments(CHAINS, 1);
            double[] acceptSums = new double[CHAINS], jumps = new double[CHAINS], previous = new double[CHAINS];
            double serialAcceptSum = 0;
            int[] divergences = new int[CHAINS];
            double[] pos = new double[d * CHAINS], lp = new double[CHAINS], prob = new double[CHAINS];
            double[] energy = new double[CHAINS], packed = new double[(d + 4) * KEPT];
            int[] acc = new int[CHAINS], div = new int[CHAINS];
            for (int it = 0; it < DRAWS; it++) {
                s.step(it);
                int slot = stats.record();
                stats.awaitKept(slot, packed);
                s.readState(pos, lp);
                s.readInfo(prob, acc, div, energy);
                host.add(pos);
                hostEnergy.add(energy);
                for (int c = 0; c < CHAINS; c++) {
                    acceptSums[c] += prob[c];
                    serialAcceptSum += prob[c];
                    divergences[c] += div[c];
                    if (it > 0) {
                        jumps[c] += (energy[c] - previous[c]) * (energy[c] - previous[c]);
                    }
                    previous[c] = energy[c];
                }
                for (int k = 0; k < KEPT; k++) {
                    for (int j = 0; j < d; j++) {
                        assertEquals(pos[j * CHAINS + k], packed[j * KEPT + k], "kept chain " + k + " coordinate " + j);
                    }
                    assertEquals(lp[k], packed[d * KEPT + k]);
                    assertEquals(prob[k], packed[(d + 1) * KEPT + k]);
                    assertEquals(div[k], packed[(d + 2) * KEPT + k]);
                    assertEquals(energy[k], packed[(d + 3) * KEPT + k]);
                }
            }
            ChainStatistics.Snapshot snap = stats.snapshot();
            assertEquals(DRAWS, snap.count());
            assertArrayEquals(host.means(), snap.means(), 0.0, "means: the same operations in the same order");
            assertArrayEquals(host.sumsOfSquares(), snap.sumsOfSquares(), 0.0);
            assertArrayEquals(acceptSums, snap.acceptSums(), 0.0);
            assertArrayEquals(divergences, snap.divergences());
            assertArrayEquals(hostEnergy.means(), snap.energyMeans(), 0.0);
            assertArrayEquals(hostEnergy.sumsOfSquares(), snap.energySumsOfSquares(), 0.0);
            assertArrayEquals(jumps, snap.energyJumps(), 0.0);
            assertArrayEquals(previous, snap.energyPrevious(), 0.0);
            long divergent = snap.totalDivergences();
            assertTrue(divergent > 0 && divergent < (long) CHAINS * DRAWS, "some transitions diverge: " + divergent);
            // The mean acceptance adds per-chain sums in chain order, not draw by draw: equal to the serial host sum
            // up to rounding (measured: a few ulps).
            double serialMean = serialAcceptSum / ((double) DRAWS * CHAINS);
            assertEquals(serialMean, snap.meanAcceptance(), 1e-13 * serialMean);
            assertTrue(snap.meanAcceptance() > 0.05 && snap.meanAcceptance() < 0.95, "acceptance " + snap.meanAcceptance());
            for (int c = 0; c < CHAINS; c++) {
                assertEquals(jumps[c] / hostEnergy.sumsOfSquares()[c], snap.ebfmi(c));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void javaTwinAccumulatesExactlyWhatTheHostAccumulates(Precision p) {
        try (Backend b = new JavaBackend(2)) {
            compareWithHost(b, p);
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void openClKernelAccumulatesExactlyWhatTheHostAccumulates(Precision p) {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        try (Backend b = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { })) {
            compareWithHost(b, p);
        }
    }

    /**
     * Conformance: the OpenCL kernel and its Java twin give the same bits from the same chain state (both
     * precisions, with pack-only launches between accumulating ones). The state is written directly, so that the
     * comparison does not depend on the samplers' own cross-backend agreement (float32 HMC agrees to rounding).
     */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void openClKernelEqualsItsJavaTwin(Precision p) {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        int dim = 7;
        try (Backend java = new JavaBackend(2);
             Backend cl = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { })) {
            ChainStatistics.Snapshot[] snaps = new ChainStatistics.Snapshot[2];
            double[][] kept = new double[2][];
            Backend[] both = {java, cl};
            for (int k = 0; k < 2; k++) {
                ChainBuffers buffers = new ChainBuffers(p, dim, CHAINS, p == Precision.FLOAT32 ? 16 : 8);
                try (ChainStatistics stats = new ChainStatistics(both[k], buffers, KEPT)) {
                    double[] packed = new double[stats.keptRows() * KEPT];
                    for (int draw = 0; draw < DRAWS; draw++) {
                        fill(buffers, draw);
                        int slot = draw % 3 == 2 ? stats.pack() : stats.record();
                        stats.awaitKept(slot, packed);
                    }
                    snaps[k] = stats.snapshot();
                    kept[k] = packed;
                }
            }
            assertEquals(DRAWS - DRAWS / 3, snaps[1].count());
            assertEquals(snaps[0].count(), snaps[1].count());
            assertArrayEquals(snaps[0].means(), snaps[1].means(), 0.0);
            assertArrayEquals(snaps[0].sumsOfSquares(), snaps[1].sumsOfSquares(), 0.0);
            assertArrayEquals(snaps[0].acceptSums(), snaps[1].acceptSums(), 0.0);
            assertArrayEquals(snaps[0].divergences(), snaps[1].divergences());
            assertArrayEquals(snaps[0].energyMeans(), snaps[1].energyMeans(), 0.0);
            assertArrayEquals(snaps[0].energySumsOfSquares(), snaps[1].energySumsOfSquares(), 0.0);
            assertArrayEquals(snaps[0].energyJumps(), snaps[1].energyJumps(), 0.0);
            assertArrayEquals(snaps[0].energyPrevious(), snaps[1].energyPrevious(), 0.0);
            assertArrayEquals(kept[0], kept[1], 0.0);
            assertTrue(snaps[0].totalDivergences() > 0);
        }
    }

    /** Writes a draw's chain state (padding chains included) as a device step would leave it. */
    private static void fill(ChainBuffers b, int draw) {
        int padded = b.padded();
        for (int i = 0; i < b.dimension() * padded; i++) {
            Precision.set(b.position(), i, 3 * Math.sin(0.91 * i + 1.7 * draw) + 1e-3 * i);
        }
        for (int c = 0; c < padded; c++) {
            Precision.set(b.logDensity(), c, -50 - Math.cos(c + draw));
            Precision.set(b.acceptanceProbability(), c, 0.5 + 0.5 * Math.sin(c * 1.3 + draw));
            b.divergent().data()[c] = (c + draw) % 7 == 0 ? 1 : 0;
            Precision.set(b.energy(), c, 60 + 4 * Math.sin(c * 0.3 + 2.1 * draw));
        }
        b.position().hostChanged();
        b.logDensity().hostChanged();
        b.acceptanceProbability().hostChanged();
        b.divergent().hostChanged();
        b.energy().hostChanged();
    }

    /** A snapshot restored into fresh statistics continues exactly as the uninterrupted accumulation. */
    @Test
    void restoringASnapshotContinuesExactly() {
        try (Backend b = new JavaBackend(2)) {
            ChainStatistics.Snapshot full;
            try (HmcSampler s = sampler(b, Precision.FLOAT64);
                 ChainStatistics stats = new ChainStatistics(b, s.fusedChains().buffers(), 0)) {
                for (int it = 0; it < DRAWS; it++) {
                    s.step(it);
                    stats.record();
                }
                full = stats.snapshot();
            }
            try (HmcSampler s = sampler(b, Precision.FLOAT64)) {
                ChainStatistics.Snapshot half;
                try (ChainStatistics first = new ChainStatistics(b, s.fusedChains().buffers(), 0)) {
                    for (int it = 0; it < DRAWS / 2; it++) {
                        s.step(it);
                        first.record();
                    }
                    half = first.snapshot();
                }
                try (ChainStatistics second = new ChainStatistics(b, s.fusedChains().buffers(), 0)) {
                    second.restore(half);
                    for (int it = DRAWS / 2; it < DRAWS; it++) {
                        s.step(it);
                        second.record();
                    }
                    ChainStatistics.Snapshot resumed = second.snapshot();
                    assertEquals(full.count(), resumed.count());
                    assertArrayEquals(full.means(), resumed.means(), 0.0);
                    assertArrayEquals(full.sumsOfSquares(), resumed.sumsOfSquares(), 0.0);
                    assertArrayEquals(full.acceptSums(), resumed.acceptSums(), 0.0);
                    assertArrayEquals(full.energyJumps(), resumed.energyJumps(), 0.0);
                    assertArrayEquals(full.divergences(), resumed.divergences());
                }
            }
        }
    }

    /** The signature declares the OpenCL parameters: names, kinds, element types (REAL only for the state), const. */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void signatureMatchesTheOpenClParameters(Precision p) {
        KernelDef def = ChainStatisticsKernel.of(p);
        KernelSignature s = def.signature();
        List<Arg> parsed = KernelSignaturesTestAccess.parse(KernelSources.programText(def), def.entryPoint());
        assertEquals(parsed.size(), s.size());
        for (int i = 0; i < s.size(); i++) {
            Arg want = parsed.get(i), got = s.arg(i);
            assertEquals(want.name(), got.name());
            assertEquals(want.kind(), got.kind(), want.name());
            ElementType expected = want.elementType() == ElementType.FLOAT64
                    && List.of("pos", "logp", "accept_prob", "energy").contains(want.name()) ? p.elementType()
                    : want.elementType();
            assertEquals(expected, got.elementType(), want.name());
            assertEquals(want.access() == KernelSignature.Access.READ, got.access() == KernelSignature.Access.READ,
                    want.name());
        }
    }

    @Test
    void keptChainsOutsideTheBatchAreRefused() {
        try (Backend b = new JavaBackend(1); HmcSampler s = sampler(b, Precision.FLOAT64)) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new ChainStatistics(b, s.fusedChains().buffers(), CHAINS + 1));
            assertEquals("kept chains: 204; allowed: 0 to the sampler's chains (203)", e.getMessage());
        }
    }
}
