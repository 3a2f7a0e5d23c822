package org.leapfrog.samplers.his;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.samplers.GaussianTestTarget;
import org.leapfrog.samplers.Precision;
import org.leapfrog.samplers.Stats;

/** The experiments the float64 and float32 flow tests share, so both precisions check the same thing. */
final class FlowChecks {
    /** Dimension and chain count of the normaliser experiment. */
    static final int D = 3, CHAINS = 200_000;
    private static final double SIGMA0 = 1.5;

    private FlowChecks() {
    }

    /**
     * Starting points z0 ~ N(0, 1.5^2 I) in d = 3 (chain-minor) and their log densities log q0, seed 7:
     * {@code {z0, logq0}}.
     */
    static double[][] gaussianStarts() {
        SplittableRandom rng = new SplittableRandom(7);
        double[] z0 = new double[D * CHAINS], logq0 = new double[CHAINS];
        for (int c = 0; c < CHAINS; c++) {
            double sq = 0;
            for (int k = 0; k < D; k++) {
                double z = SIGMA0 * rng.nextGaussian();
                z0[k * CHAINS + c] = z;
                sq += z * z;
            }
            logq0[c] = -0.5 * sq / (SIGMA0 * SIGMA0) - D * Math.log(SIGMA0) - 0.5 * D * Math.log(2 * Math.PI);
        }
        return new double[][] {z0, logq0};
    }

    /** Runs the normaliser flow (3 steps of 0.4, quadratic tempering from 0.5 over 5 steps, seed 11). */
    static double[] normaliserLogWeights(Backend backend, double[] z0, double[] logq0, Precision precision) {
        double[] zk = new double[z0.length], logw = new double[CHAINS];
        try (HisFlow f = new HisFlow(backend, GaussianTestTarget.standard(D), new double[] {0.4, 0.4, 0.4},
                Tempering.fixedQuadratic(0.5, 5), CHAINS, 11L, precision)) {
            f.run(3, z0, logq0, null, zk, null, logw);
        }
        return logw;
    }

    /**
     * E[exp(log w)] = Z = (2 pi)^(3/2) for the unnormalised standard normal in d = 3: one check at 5 standard
     * errors (false-failure rate 5.7e-7), and the estimate must be informative (se under 5% of the mean).
     */
    static void checkUnbiasedForTheNormaliser(String label, double[] logw) {
        double mean = 0, sq = 0;
        for (double lw : logw) {
            double w = Math.exp(lw);
            mean += w;
            sq += w * w;
        }
        int chains = logw.length;
        mean /= chains;
        double se = Math.sqrt((sq / chains - mean * mean) / chains);
        Stats.check(label, mean, Math.pow(2 * Math.PI, 1.5), se);
        assertTrue(se < 0.05 * mean, "the estimate should be informative: se " + se);
    }

    /**
     * The same tempered flow (icg(5), 37 chains, 9 steps, quadratic tempering from 0.4 over 7 steps, seed 5) on the
     * Java backend and on OpenCL: z_K, rho_K and log w must agree within {@code tol(value)}.
     */
    static void openClMatchesJava(Precision precision, DoubleUnaryOperator tol) {
        GaussianTestTarget t = GaussianTestTarget.icg(5);
        int chains = 37;
        double[] z0 = new double[5 * chains], logq0 = new double[chains];
        for (int i = 0; i < z0.length; i++) {
            z0[i] = Math.sin(0.7 * i);
        }
        for (int c = 0; c < chains; c++) {
            logq0[c] = -0.1 * c;
        }
        double[] eps = {0.01, 0.02, 0.05, 0.1, 0.2};
        Tempering temp = Tempering.fixedQuadratic(0.4, 7);
        double[] zj = new double[z0.length], rj = new double[z0.length], wj = new double[chains];
        double[] zo = new double[z0.length], ro = new double[z0.length], wo = new double[chains];
        try (Backend b = new JavaBackend(2); HisFlow f = new HisFlow(b, t, eps, temp, chains, 5L, precision)) {
            f.run(9, z0, logq0, null, zj, rj, wj);
        }
        try (Backend b = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { });
             HisFlow f = new HisFlow(b, t, eps, temp, chains, 5L, precision)) {
            f.run(9, z0, logq0, null, zo, ro, wo);
        }
        for (int i = 0; i < z0.length; i++) {
            assertEquals(zj[i], zo[i], tol.applyAsDouble(zj[i]), "z_K " + i);
            assertEquals(rj[i], ro[i], tol.applyAsDouble(rj[i]), "rho_K " + i);
        }
        for (int c = 0; c < chains; c++) {
            assertEquals(wj[c], wo[c], tol.applyAsDouble(wj[c]), "log w " + c);
        }
    }
}
