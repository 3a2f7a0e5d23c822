package org.leapfrog.samplers.l2hmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
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
import org.leapfrog.samplers.target.DenseGaussian;
import org.leapfrog.samplers.target.DiagonalGaussian;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/**
 * L2HMC in float32: the OpenCL float kernel against its Java twin (float storage, double arithmetic, the float
 * kernel's momenta and uniforms), the float32 proposal against the float64 one, and invariance of exact draws.
 *
 * <p>Tolerance ({@link #proposalTol}), derived rather than fitted: with float's unit roundoff u = 2^-24, a dot
 * product of n terms errs by at most about n u times the sum of its terms' magnitudes (Higham's gamma_n), and
 * OpenCL's float exp and tanh by at most 3 and 5 ulp (10 u). A network evaluation therefore errs by at most
 * (sum of its layers' fan-ins + 10 per layer) u relative to its magnitudes; an augmented leapfrog step evaluates a
 * network four times and the target's gradient once ((D + 10) u), and M steps add up. Taking the magnitudes as
 * 1 + |value| (the targets and networks here are O(1) per coordinate), positions, momenta and the log-determinant
 * agree within that bound times (1 + |value|); the log acceptance ratio within it times (1 + |K0| + |K1| + |log
 * p0| + |log p1| + |log det|), the magnitudes it is a difference of. This assumes no step amplifies an error by
 * more than a factor of order 1, true of these stable step sizes; chaotic targets (Rough Well, modes) are left
 * to the float64 bit-identity tests, as for HMC. Measured: the largest position difference is 45 (SCG) to 1,500
 * (ICG-50) times below the bound.
 */
class L2hmcFloat32Test {
    private static final long SEED = 20261205L;
    private static final double U = 0x1p-24;

    @AfterEach
    void clearLanes() {
        System.clearProperty(Lanes.FLOAT32_PROPERTY);
    }

    /** The relative rounding bound of a float32 proposal of {@code m} (class comment). */
    static double proposalTol(L2hmcModel m) {
        int d = m.dimension();
        double network = 0; // the X and V networks have the same shape
        for (NetworkSpec.Layer l : L2hmcModel.spec("x", d, m.hidden()).layers()) {
            network += l.in() + 10;
        }
        return U * m.steps() * (4 * network + (d + 10));
    }

    /** One traced float32 or float64 step: proposal x, v, log-det, log acceptance; accepted flags, probabilities. */
    private static double[][] traced(Backend backend, Target t, L2hmcModel m, double[] x0, int it, Precision p) {
        int dim = t.dimension();
        int n = x0.length / dim;
        try (L2hmcSampler s = new L2hmcSampler(backend, t, m, n, SEED, p, true)) {
            assertEquals(p, s.precision());
            s.init(x0);
            s.step(it);
            double[][] tr = {new double[dim * n], new double[dim * n], new double[n], new double[n], new double[n],
                new double[n]};
            s.readTrace(tr[0], tr[1], tr[2], tr[3]);
            int[] acc = new int[n];
            s.readInfo(tr[5], acc, new int[n], new double[n]);
            for (int c = 0; c < n; c++) {
                tr[4][c] = acc[c];
            }
            return tr;
        }
    }

    private static Backend openCl() {
        return Backends.open(new BackendRequest(BackendKind.OPENCL, -1), msg -> { });
    }

    /**
     * Asserts that two traces agree within {@code tol} (class comment) and returns the largest relative position
     * difference. Accept decisions may differ only where |log u - log a| is within the log acceptance bound.
     */
    private static double assertClose(String what, Target t, double[] x0, double[][] a, double[][] b, double tol,
                                      int it) {
        int dim = t.dimension();
        int n = a[2].length;
        double worst = 0;
        double[] x = new double[dim], g = new double[dim], lp = new double[1];
        double[] z = new double[4];
        int[] words = new int[4];
        float[] pair = new float[4];
        for (int c = 0; c < n; c++) {
            double scale = 1 + Math.abs(a[2][c]);
            for (int k = 0; k < dim; k += 4) {
                LfMathF.normals(SEED, c, it, RandomStream.PURPOSE_MOMENTUM, k / 4, words, pair, z, 0, Math.min(4, dim - k));
                for (int q = 0; q < 4 && k + q < dim; q++) {
                    scale += 0.5 * z[q] * z[q];
                }
            }
            for (int d = 0; d < dim; d++) {
                double xa = a[0][d * n + c], xb = b[0][d * n + c], va = a[1][d * n + c], vb = b[1][d * n + c];
                worst = Math.max(worst, Math.abs(xa - xb) / (1 + Math.abs(xa)));
                assertEquals(xa, xb, tol * (1 + Math.abs(xa)), what + ": x" + d + " of chain " + c);
                assertEquals(va, vb, tol * (1 + Math.abs(va)), what + ": v" + d + " of chain " + c);
                x[d] = xa;
                scale += 0.5 * va * va;
            }
            t.logDensityAndGradient(x, g, lp, 1, 0, 1);
            scale += Math.abs(lp[0]);
            for (int d = 0; d < dim; d++) {
                x[d] = x0[d * n + c];
            }
            t.logDensityAndGradient(x, g, lp, 1, 0, 1);
            scale += Math.abs(lp[0]);
            assertEquals(a[2][c], b[2][c], tol * (1 + Math.abs(a[2][c])), what + ": log|det J| of chain " + c);
            assertEquals(a[3][c], b[3][c], tol * scale, what + ": log acceptance of chain " + c);
            // min(1, exp(x)) moves by at most as much as x
            assertEquals(a[5][c], b[5][c], tol * scale, what + ": acceptance probability of chain " + c);
            for (double[][] r : new double[][][] {a, b}) {
                assertProbabilityMatchesLogRatio(what, r[5][c], r[3][c], c);
            }
            if (a[4][c] != b[4][c]) {
                double logU = Math.log(LfMathF.uniform(SEED, c, it, RandomStream.PURPOSE_ACCEPT, words));
                assertTrue(Math.abs(logU - a[3][c]) <= tol * scale, what + ": decisions differ away from the "
                        + "threshold, chain " + c + ": |log u - log a| = " + Math.abs(logU - a[3][c]));
            }
        }
        return worst;
    }

    /**
     * The reported acceptance probability is min(1, exp(log a)) of the same run's float log a: within (|log a| +
     * 8) u (float exp errs by at most 3 ulp = 6 u; the twin exponentiates the unrounded log a, off by |log a| u
     * from the stored one, and rounds the result, u).
     */
    static void assertProbabilityMatchesLogRatio(String what, double prob, double logA, int c) {
        if (Double.isFinite(logA)) {
            assertEquals(Math.min(1.0, Math.exp(logA)), prob, (Math.abs(logA) + 8) * U,
                    what + ": acceptance probability against log a, chain " + c);
        }
    }

    /**
     * OpenCL float kernel vs Java float twin, 203 chains from exact draws, perturbed networks (S, Q, T far from
     * 0), the default M = 10, on ICG-50 at the benchmark's shape (H = 100) at 16 and 1 lanes, and on SCG (H = 10).
     */
    @ParameterizedTest
    @CsvSource({"icg50, 100, 0.08, 0.05, 16", "icg50, 100, 0.08, 0.05, 1", "scg, 10, 0.15, 0.3, 16"})
    void openClFloat32MatchesTheJavaTwin(String name, int hidden, double eps, double strength, int lanes) {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        System.setProperty(Lanes.FLOAT32_PROPERTY, Integer.toString(lanes));
        Target t = Targets.byName(name, null);
        int n = 203;
        L2hmcModel m = L2hmcFixtures.perturbed(t.name(), t.dimension(), L2hmcDefaults.STEPS, hidden, eps, strength, 41);
        double[] x0 = L2hmcFixtures.exactDraws(t, n, 8);
        double[][] java;
        double[][] ocl;
        try (Backend jb = new JavaBackend(2); Backend ob = openCl()) {
            java = traced(jb, t, m, x0, 3, Precision.FLOAT32);
            ocl = traced(ob, t, m, x0, 3, Precision.FLOAT32);
        }
        double accepted = 0;
        for (double a : java[4]) {
            accepted += a;
        }
        assertTrue(accepted > 0.1 * n && accepted < n, name + ": the fixture should mix accepted and rejected "
                + "proposals (" + accepted + " of " + n + ")");
        double worst = assertClose(name + " OpenCL vs Java (float32)", t, x0, java, ocl, proposalTol(m), 3);
        assertTrue(worst > 0, "the float kernel and the double-arithmetic twin round differently");
    }

    /**
     * The float32 proposal agrees with the float64 one within the same bound (float32 adds the rounding of the
     * start, of the weights and of the float momenta, each a few u, to the arithmetic's): on the Java backend
     * and on OpenCL.
     */
    @Test
    void float32ProposalAgreesWithFloat64() {
        Target t = DiagonalGaussian.icg50();
        int n = 203;
        L2hmcModel m = L2hmcFixtures.perturbed(t.name(), t.dimension(), L2hmcDefaults.STEPS, 100, 0.08, 0.05, 43);
        double[] x0 = L2hmcFixtures.exactDraws(t, n, 9);
        boolean cl = OpenClRequirement.availableOrFailInCi();
        for (int b = 0; b < (cl ? 2 : 1); b++) {
            try (Backend backend = b == 0 ? new JavaBackend(2) : openCl()) {
                double[][] f64 = traced(backend, t, m, x0, 5, Precision.FLOAT64);
                double[][] f32 = traced(backend, t, m, x0, 5, Precision.FLOAT32);
                double worst = assertClose("icg50 float32 vs float64 on " + backend.device(), t, x0, f64, f32, proposalTol(m), 5);
                assertTrue(worst > 0, "float32 rounds");
            }
        }
    }

    /**
     * Invariance in float32: 10,000 chains from exact draws of ICG-50 and SCG, two iterations with a perturbed
     * network (M = 3), on OpenCL (Java without it); the paired z-tests of {@link L2hmcInvarianceTest#check} on
     * mean, second moment and three quantile indicators per coordinate, |z| <= 5: (50 + 2) x 5 = 260 tests at
     * two-sided 5.7e-7 each, a false-failure rate of at most 1.5e-4 (fixed seeds: the outcome is fixed per code).
     */
    @Test
    void exactDrawsStayExactInFloat32() {
        boolean cl = OpenClRequirement.availableOrFailInCi();
        List<String> failures = new ArrayList<>();
        int chains = 10_000;
        for (Target t : List.of(DiagonalGaussian.icg50(), DenseGaussian.scg())) {
            int dim = t.dimension();
            double eps = dim > 2 ? 0.08 : 0.15;
            L2hmcModel m = L2hmcFixtures.perturbed(t.name(), dim, 3, dim > 2 ? 10 : 8, eps, 0.3, 31);
            double[] x0 = L2hmcFixtures.exactDraws(t, chains, 1001);
            double[] ref = L2hmcFixtures.exactDraws(t, chains, 2002);
            double[] x1 = new double[x0.length];
            double sum = 0;
            try (Backend b = cl ? openCl() : new JavaBackend(2);
                 L2hmcSampler s = new L2hmcSampler(b, t, m, chains, 4243, Precision.FLOAT32)) {
                s.init(x0);
                double[] ap = new double[chains];
                for (int it = 0; it < 2; it++) {
                    s.step(it);
                    s.readInfo(ap, new int[chains], new int[chains], new double[chains]);
                    for (double a : ap) {
                        sum += a;
                    }
                }
                s.readPositions(x1);
            }
            assertTrue(sum / (2.0 * chains) > 0.1, t.name() + ": acceptance " + sum / (2.0 * chains));
            L2hmcInvarianceTest.check(t.name() + " float32", dim, x0, x1, ref, failures);
        }
        assertTrue(failures.isEmpty(), failures.size() + " statistics with |z| > 5: " + failures);
    }
}
