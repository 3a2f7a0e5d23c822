package org.leapfrog.samplers.hmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leapfrog.kernels.LfMathF;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.samplers.Lanes;
import org.leapfrog.samplers.Precision;
import org.leapfrog.samplers.Stats;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.DiagonalGaussian;
import org.leapfrog.samplers.target.KnownMoments;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/**
 * HMC and MALA in float32: the OpenCL float kernel against its Java twin (float storage, double arithmetic,
 * float momenta and uniforms), and exactness of many independent chains on both backends.
 */
class HmcFloat32Test {
    static final long SEED = 20261205L;
    /** Positions: |ocl - java| <= POSITION_TOL * (1 + |java|) for chains whose decisions agree so far. */
    static final double POSITION_TOL = 2e-4;
    /**
     * Energy errors (log acceptance probabilities) of the two agree to {@code 1e-4 + 2^-18 |log p|}: the float
     * kernel sums the log density in float, and its rounding grows with |log p| (2^-24 per term, up to 64 terms'
     * worth here; German credit's |log p| is about 600, its 1,000 data terms err by about 1e-3). A decision may
     * differ only where the chain sat that close to the threshold: |log u - log alpha| within the same bound.
     */
    static double energyTol(double logDensity) {
        return 1e-4 + 0x1p-18 * Math.abs(logDensity);
    }
    /** At most this fraction of chains may part that way over the run. */
    static final double MAX_PARTED = 0.02;

    @AfterEach
    void clearLanes() {
        System.clearProperty(Lanes.FLOAT32_PROPERTY);
    }

    /**
     * Per iteration: decisions agree or differ only at the threshold (then the chain is dropped from further
     * comparison), positions of the rest within {@link #POSITION_TOL}, and the log density and energy agree.
     * Rough Well is left out: its ripple gradient amplifies rounding by 1 / eta = 100 per evaluation, so the float
     * kernel and the double-arithmetic twin part within an iteration (in float64 both are bit-identical instead);
     * so is the two-component mixture from these starts between its modes, where trajectories diverge like
     * exp(20 t) (curvature ~400 at the saddle).
     */
    @ParameterizedTest
    @CsvSource({"icg50, 0.18, 10, 16, unit, 0.0", "icg50, 0.18, 10, 8, unit, 0.0", "icg50, 0.05, 10, 1, diagonal, 0.1", "scg, 0.15, 10, 8, dense, 0.0",
        "german, 0.03, 10, 16, unit, 0.1", "funnel3, 0.05, 10, 4, unit, 0.0", "heart, 0.05, 10, 2, diagonal, 0.1", "icg50, 0.1, 1, 8, unit, 0.0"})
    void openClFloat32MatchesTheJavaTwin(String name, double eps, int steps, int lanes, String metricKind,
                                         double jitter) {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        System.setProperty(Lanes.FLOAT32_PROPERTY, Integer.toString(lanes));
        Target target = Targets.byName(name, null);
        int dim = target.dimension(), chains = 203, iterations = 6;
        HmcParameters params = new HmcParameters(fill(eps, dim), steps,
                HmcCrossBackendTest.metric(metricKind, dim), jitter, HmcParameters.DEFAULT_MAX_ENERGY_ERROR);
        double[] start = new double[dim * chains];
        for (int i = 0; i < start.length; i++) {
            start[i] = 0.5 * Math.sin(i * 0.61);
        }
        try (Backend jb = new JavaBackend(2);
             Backend ob = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { });
             HmcSampler js = new HmcSampler(jb, target, params, chains, SEED, Precision.FLOAT32);
             HmcSampler os = new HmcSampler(ob, target, params, chains, SEED, Precision.FLOAT32)) {
            js.init(start);
            os.init(start);
            boolean[] parted = new boolean[chains];
            int partedCount = 0;
            double[] pj = new double[dim * chains], po = new double[dim * chains];
            double[] lj = new double[chains], lo = new double[chains];
            double[] aj = new double[chains], ao = new double[chains], ej = new double[chains], eo = new double[chains];
            int[] cj = new int[chains], co = new int[chains], dj = new int[chains], dz = new int[chains];
            int[] words = new int[4];
            double worst = 0, acceptSum = 0;
            for (int it = 0; it < iterations; it++) {
                js.step(it);
                os.step(it);
                js.readInfo(aj, cj, dj, ej);
                os.readInfo(ao, co, dz, eo);
                js.readState(pj, lj);
                os.readState(po, lo);
                for (int c = 0; c < chains; c++) {
                    acceptSum += co[c];
                    if (parted[c]) {
                        continue;
                    }
                    if (cj[c] != co[c]) {
                        double logU = Math.log(LfMathF.uniform(SEED, c, it, RandomStream.PURPOSE_ACCEPT, words));
                        double gap = Math.abs(logU - Math.log(ao[c]));
                        assertTrue(gap <= energyTol(lo[c]), name + ": decisions differ away from the threshold, chain " + c
                                + " iteration " + it + ": |log u - log alpha| = " + gap);
                        parted[c] = true;
                        partedCount++;
                        continue;
                    }
                    assertEquals(Math.log(aj[c]), Math.log(ao[c]), energyTol(lo[c]), name + " log acceptance probability " + c);
                    assertEquals(lj[c], lo[c], POSITION_TOL * (1 + Math.abs(lj[c])), name + " log density " + c);
                    assertEquals(ej[c], eo[c], POSITION_TOL * (1 + Math.abs(ej[c])), name + " energy " + c);
                    for (int d = 0; d < dim; d++) {
                        double x = pj[d * chains + c], y = po[d * chains + c];
                        worst = Math.max(worst, Math.abs(x - y) / (1 + Math.abs(x)));
                        assertEquals(x, y, POSITION_TOL * (1 + Math.abs(x)),
                                name + " coordinate " + d + " of chain " + c + " at iteration " + it);
                    }
                }
            }
            assertTrue(acceptSum > 0.2 * iterations * chains, name + ": proposals must be accepted for the comparison to "
                    + "mean something: " + acceptSum / (iterations * chains));
            assertTrue(partedCount <= MAX_PARTED * chains, name + ": " + partedCount + " chains parted");
            assertEquals(js.gradientEvaluations(), os.gradientEvaluations());
            assertEquals(Precision.FLOAT32, os.precision());
        }
    }

    /**
     * ICG-50 (variances log-spaced 1e-2 .. 1e2), HMC in float32 with jittered steps, from exact draws: after 20
     * iterations every coordinate's marginal is still N(0, variance) on both backends (invariance: a wrong
     * acceptance or integrator in float shows here) and chains moved. Checks: 50 coordinates x 5 statistics x
     * 2 backends at 5 standard errors: false-failure rate 500 x 5.7e-7 = 2.9e-4 (fixed seeds: it either always
     * passes or always fails for this code).
     */
    @Test
    void icg50MarginalsArePreservedInFloat32OnBothBackends() {
        DiagonalGaussian icg = (DiagonalGaussian) Targets.byName("icg50", null);
        KnownMoments m = icg.moments().orElseThrow();
        int d = icg.dimension(), chains = 4000;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(5);
        double[] start = new double[d * chains];
        for (int k = 0; k < d; k++) {
            double sd = Math.sqrt(m.variance(k));
            for (int c = 0; c < chains; c++) {
                start[k * chains + c] = sd * rng.nextGaussian();
            }
        }
        HmcParameters params = HmcParameters.hmc(0.15, 10, Metric.unit(d)).withJitter(0.3);
        checkIcg(new JavaBackend(2), icg, m, params, chains, start, "java");
        if (OpenClRequirement.availableOrFailInCi()) {
            checkIcg(Backends.open(new BackendRequest(BackendKind.OPENCL, -1), x -> { }), icg, m, params, chains, start,
                    "opencl");
        }
    }

    /**
     * MALA in float32 on a 10-d normal with a diagonal metric from an overdispersed start: 200 iterations reach
     * N(0, I) (checks 10 coordinates x 5 statistics at 5 SE on Java: 50 x 5.7e-7 = 2.9e-5).
     */
    @Test
    void malaInFloat32ReachesTheTarget() {
        int d = 10, chains = 3000;
        Target t = new org.leapfrog.samplers.target.StandardNormal(d);
        double[] start = new double[d * chains];
        for (int i = 0; i < start.length; i++) {
            start[i] = 3.0 * Math.sin(1.3 * i);
        }
        double[] inv = new double[d];
        Arrays.fill(inv, 1.0);
        double[] end;
        try (Backend b = new JavaBackend(2);
             HmcSampler s = new HmcSampler(b, t, HmcParameters.mala(0.9, Metric.diagonal(inv)), chains, 31L,
                     Precision.FLOAT32)) {
            s.init(start);
            for (int it = 0; it < 200; it++) {
                s.step(it);
            }
            end = new double[start.length];
            s.readPositions(end);
        }
        for (int k = 0; k < d; k++) {
            Stats.assertNormalMarginal(Arrays.copyOfRange(end, k * chains, (k + 1) * chains), 0.0, 1.0, "mala x" + k);
        }
    }

    private static void checkIcg(Backend backend, Target icg, KnownMoments m, HmcParameters params, int chains,
                                 double[] start, String label) {
        int d = icg.dimension();
        double[] end = new double[start.length];
        double[] prob = new double[chains], energy = new double[chains];
        int[] acc = new int[chains], div = new int[chains];
        double meanAccept = 0;
        try (backend; HmcSampler s = new HmcSampler(backend, icg, params, chains, 99L, Precision.FLOAT32)) {
            s.init(start);
            for (int it = 0; it < 20; it++) {
                s.step(it);
                s.readInfo(prob, acc, div, energy);
                for (int c = 0; c < chains; c++) {
                    meanAccept += prob[c] / (20.0 * chains);
                }
            }
            s.readPositions(end);
        }
        assertTrue(meanAccept > 0.3, label + ": chains must move (mean acceptance " + meanAccept + ")");
        for (int k = 0; k < d; k++) {
            Stats.assertNormalMarginal(Arrays.copyOfRange(end, k * chains, (k + 1) * chains), 0.0, m.variance(k),
                    label + " icg50 x" + k);
        }
    }

    private static double[] fill(double v, int d) {
        double[] a = new double[d];
        Arrays.fill(a, v);
        return a;
    }
}
