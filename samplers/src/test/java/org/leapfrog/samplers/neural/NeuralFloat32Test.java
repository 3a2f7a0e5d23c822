package org.leapfrog.samplers.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leapfrog.kernels.LfMathF;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.kernels.nn.NetworkSpec;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.samplers.Lanes;
import org.leapfrog.samplers.Precision;
import org.leapfrog.samplers.target.KnownMoments;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/**
 * The coupling sampler in float32: the OpenCL float kernel against its Java twin (float storage, double
 * arithmetic, the float kernel's normals and uniforms), the float32 step against the float64 one, and
 * invariance of exact draws.
 *
 * <p>Tolerance ({@link #stepTol}), derived rather than fitted, as in {@code L2hmcFloat32Test}: with u = 2^-24,
 * a sum of n terms errs by at most about n u times the sum of its terms' magnitudes, and OpenCL's float exp,
 * expm1 and tanh by at most 3, 3 and 5 ulp (10 u). One half-update evaluates the R and V networks (their layers'
 * fan-ins plus 10 per layer) and the target's gradient once (its summation length T plus 10: T = D for the
 * Gaussians, the data count plus D for the regressions); an iteration runs 2K half-updates in each of the two
 * flows and evaluates the target once more at the proposal. With magnitudes taken as 1 + |value|, positions
 * and log densities of agreeing chains agree within that bound times (1 + |value|), log a within it times the
 * sum of the magnitudes it is a difference of: 1 + K0 + K1 + |log p| at both ends + |log det| of both flows,
 * where K1 <= K0 + |log p0| + |log p1| + |log det| + |log a| and the log-determinants (O(1) here) are covered by
 * counting each |log p| (hundreds for these regressions) once more. A decision may differ only where
 * |log u - log a| is within the log a bound.
 */
class NeuralFloat32Test {
    private static final double U = 0x1p-24;
    private static final long SEED = 424243L;

    @AfterEach
    void clearLanes() {
        System.clearProperty(Lanes.FLOAT32_PROPERTY);
    }

    /** The relative rounding bound of a float32 iteration (class comment); {@code terms} = T. */
    static double stepTol(NeuralFlow flow, int terms) {
        double nets = 0;
        for (NetworkSpec s : flow.specs()) {
            for (NetworkSpec.Layer l : s.layers()) {
                nets += l.in() + 10;
            }
        }
        int halves = 2 * 2 * flow.steps();
        return U * (halves * (nets + terms + 10) + terms + 10);
    }

    private static Backend openCl() {
        return Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { });
    }

    /** One step: positions, log densities, log a, accepted flags, the start's log densities, probabilities. */
    private static double[][] step(Backend b, Target t, NeuralFlow flow, double[] w, double[] start, int n, int it,
                                   Precision p) {
        try (NeuralSampler s = new NeuralSampler(b, t, flow, w, n, SEED, p)) {
            assertEquals(p, s.precision());
            s.init(start);
            double[][] out = {new double[t.dimension() * n], new double[n], new double[n], new double[n], new double[n],
                new double[n]};
            s.readState(new double[t.dimension() * n], out[4]);
            s.step(it);
            s.readState(out[0], out[1]);
            s.readLogAcceptance(out[2]);
            int[] acc = new int[n];
            s.readInfo(out[5], acc, new int[n], new double[n]);
            for (int c = 0; c < n; c++) {
                out[3][c] = acc[c];
            }
            return out;
        }
    }

    /** Asserts agreement within {@code tol} (class comment); returns the largest relative position difference. */
    private static double assertClose(String what, Target t, double[][] a, double[][] b, double tol, int it) {
        int dim = t.dimension();
        int n = a[1].length;
        int[] words = new int[4];
        float[] pair = new float[4];
        double[] z = new double[4];
        double worst = 0;
        for (int c = 0; c < n; c++) {
            // magnitudes of log a's terms: both kinetic energies (the second at most about the first plus |log a|
            // plus the log density change), both log densities
            double k0 = 0;
            for (int k = 0; k < dim; k += 4) {
                LfMathF.normals(SEED, c, it, RandomStream.PURPOSE_MOMENTUM, k / 4, words, pair, z, 0, Math.min(4, dim - k));
                for (int q = 0; q < 4 && k + q < dim; q++) {
                    k0 += 0.5 * z[q] * z[q];
                }
            }
            double scale = 1 + 2 * k0 + Math.abs(a[2][c]) + 3 * (Math.abs(a[4][c]) + Math.abs(a[1][c]));
            double logTol = tol * scale;
            if (a[3][c] != b[3][c]) {
                double logU = Math.log(LfMathF.uniform(SEED, c, it, RandomStream.PURPOSE_ACCEPT, words));
                assertTrue(Math.abs(logU - a[2][c]) <= logTol, what + ": decisions differ away from the threshold, chain "
                        + c + ": |log u - log a| = " + Math.abs(logU - a[2][c]));
                continue;
            }
            assertEquals(a[2][c], b[2][c], logTol, what + ": log a of chain " + c);
            // min(1, exp(x)) moves by at most as much as x
            assertEquals(a[5][c], b[5][c], logTol, what + ": acceptance probability of chain " + c);
            for (double[][] r : new double[][][] {a, b}) {
                org.leapfrog.samplers.l2hmc.L2hmcFloat32TestAccess.assertProbabilityMatchesLogRatio(what, r[5][c],
                        r[2][c], c);
            }
            assertEquals(a[1][c], b[1][c], tol * (1 + Math.abs(a[1][c])), what + ": log p of chain " + c);
            for (int d = 0; d < dim; d++) {
                double x = a[0][d * n + c], y = b[0][d * n + c];
                worst = Math.max(worst, Math.abs(x - y) / (1 + Math.abs(x)));
                assertEquals(x, y, tol * (1 + Math.abs(x)), what + ": x" + d + " of chain " + c);
            }
        }
        return worst;
    }

    /**
     * OpenCL float kernel vs Java float twin on Heart and German credit (random nonzero weights, 101 chains), at
     * 16 and 1 lanes; terms = the data count plus D.
     */
    @ParameterizedTest
    @CsvSource({"heart, 284, 8, 2, 0.1, 0.3, 0.1, 16", "heart, 284, 8, 2, 0.1, 0.3, 0.1, 1",
        "german, 1025, 16, 1, 0.01, 0.1, 0.05, 16"})
    void openClFloat32MatchesTheJavaTwin(String name, int terms, int width, int steps, double eps, double outScale,
                                         double startScale, int lanes) {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        System.setProperty(Lanes.FLOAT32_PROPERTY, Integer.toString(lanes));
        Target t = Targets.byName(name, null);
        int dim = t.dimension(), n = 101;
        NeuralFlow flow = NeuralFlow.create(dim, width, steps, 21);
        double[] w = NeuralFlowTest.randomWeights(flow, outScale, eps, 9);
        double[] start = NeuralFlowTest.values(dim * n, startScale, 13);
        double[][] java;
        double[][] ocl;
        try (Backend jb = new JavaBackend(2); Backend ob = openCl()) {
            java = step(jb, t, flow, w, start, n, 3, Precision.FLOAT32);
            ocl = step(ob, t, flow, w, start, n, 3, Precision.FLOAT32);
        }
        double accepted = 0;
        for (double a : java[3]) {
            accepted += a;
        }
        assertTrue(accepted > 0.1 * n && accepted < n, name + ": the fixture should mix accepted and rejected "
                + "proposals (" + accepted + " of " + n + ")");
        double worst = assertClose(name + " OpenCL vs Java (float32)", t, java, ocl, stepTol(flow, terms), 3);
        assertTrue(worst > 0, "the float kernel and the double-arithmetic twin round differently");
    }

    /**
     * The float32 step agrees with the float64 one within the same bound (float32 adds the rounding of the start,
     * the weights and the float normals, a few u each), on the Java backend (Heart). On OpenCL it follows: the
     * float kernel equals this float twin (above) and the float64 kernel the float64 twin to 1e-12
     * ({@code NeuralFlowTest}).
     */
    @Test
    void float32StepAgreesWithFloat64() {
        Target t = Targets.byName("heart", null);
        int dim = t.dimension(), n = 101;
        NeuralFlow flow = NeuralFlow.create(dim, 8, 2, 22);
        double[] w = NeuralFlowTest.randomWeights(flow, 0.3, 0.1, 10);
        double[] start = NeuralFlowTest.values(dim * n, 0.1, 14);
        try (Backend backend = new JavaBackend(2)) {
            double[][] f64 = step(backend, t, flow, w, start, n, 5, Precision.FLOAT64);
            double[][] f32 = step(backend, t, flow, w, start, n, 5, Precision.FLOAT32);
            double worst = assertClose("heart float32 vs float64", t, f64, f32, stepTol(flow, 284), 5);
            assertTrue(worst > 0, "float32 rounds");
        }
    }

    /**
     * Invariance in float32: 10,000 chains from exact draws of ICG-50 and SCG, 6 iterations with random nonzero
     * weights, on OpenCL (Java without it). Per coordinate z-tests of the mean and the second moment against the
     * truth at |z| < 4.89 (two-sided 1e-6 each, as {@code NeuralInvarianceTest}): (50 + 2) x 2 = 104 tests, a
     * false-failure rate of at most 1.04e-4 (fixed seeds: the outcome is fixed per code).
     */
    @Test
    void exactDrawsStayExactInFloat32() {
        int chains = 10_000, iterations = 6;
        boolean cl = OpenClRequirement.availableOrFailInCi();
        for (String name : new String[] {"icg50", "scg"}) {
            Target target = Targets.byName(name, null);
            int dim = target.dimension();
            NeuralFlow flow = NeuralFlow.create(dim, 8, 1, 31);
            double[] w = NeuralFlowTest.randomWeights(flow, 0.1, 0.1, 41);
            double[] start = NeuralInvarianceTest.exactDraws(name, target, chains, 1235);
            double[] pos = new double[dim * chains], lp = new double[chains], prob = new double[chains];
            double acceptance = 0;
            try (Backend b = cl ? openCl() : new JavaBackend(2);
                 NeuralSampler s = new NeuralSampler(b, target, flow, w, chains, 98, Precision.FLOAT32)) {
                s.init(start);
                for (int it = 0; it < iterations; it++) {
                    s.step(it);
                    s.readAcceptance(prob);
                    for (double p : prob) {
                        acceptance += p / ((double) chains * iterations);
                    }
                }
                s.readState(pos, lp);
            }
            assertTrue(acceptance > 0.2, name + ": mean acceptance " + acceptance + " is too low for the check to bite");
            KnownMoments k = target.moments().orElseThrow();
            for (int d = 0; d < dim; d++) {
                double var = k.variance(d), m = 0, s2 = 0;
                for (int c = 0; c < chains; c++) {
                    m += pos[d * chains + c];
                }
                m /= chains;
                for (int c = 0; c < chains; c++) {
                    s2 += pos[d * chains + c] * pos[d * chains + c];
                }
                s2 /= chains;
                double zMean = m / Math.sqrt(var / chains);
                double zVar = (s2 - var) / (var * Math.sqrt(2.0 / chains));
                assertTrue(Math.abs(zMean) < 4.89, name + " float32: coordinate " + d + " mean " + m + " (z = " + zMean + ")");
                assertTrue(Math.abs(zVar) < 4.89, name + " float32: coordinate " + d + " second moment " + s2 + " vs " + var
                        + " (z = " + zVar + ")");
            }
        }
    }
}
