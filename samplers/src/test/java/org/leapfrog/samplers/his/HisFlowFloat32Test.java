package org.leapfrog.samplers.his;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.samplers.GaussianTestTarget;
import org.leapfrog.samplers.Precision;
import org.leapfrog.samplers.Stats;

/** The tempered flow in float32: unbiased normaliser estimates on both backends, and OpenCL against the twin. */
class HisFlowFloat32Test {
    /**
     * E[exp(log w)] = (2 pi)^(3/2) for exp(-|x|^2/2) in d = 3 with z0 ~ N(0, 1.5^2 I), in float32 on Java and
     * OpenCL. Float rounding of log w (about 1e-6 here) biases exp(log w) by far less than the standard error
     * (0.3%). Two checks at 5 standard errors: false-failure rate 2 x 5.7e-7 = 1.1e-6.
     */
    @Test
    void float32WeightsAreUnbiasedForTheNormaliser() {
        int d = 3, chains = 200_000;
        double sigma0 = 1.5;
        SplittableRandom rng = new SplittableRandom(7);
        double[] z0 = new double[d * chains], logq0 = new double[chains];
        for (int c = 0; c < chains; c++) {
            double sq = 0;
            for (int k = 0; k < d; k++) {
                double z = sigma0 * rng.nextGaussian();
                z0[k * chains + c] = z;
                sq += z * z;
            }
            logq0[c] = -0.5 * sq / (sigma0 * sigma0) - d * Math.log(sigma0) - 0.5 * d * Math.log(2 * Math.PI);
        }
        check(new JavaBackend(2), z0, logq0, chains, "java");
        if (OpenClRequirement.availableOrFailInCi()) {
            check(Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { }), z0, logq0, chains, "opencl");
        }
    }

    private static void check(Backend backend, double[] z0, double[] logq0, int chains, String label) {
        double[] zk = new double[z0.length], logw = new double[chains];
        try (backend; HisFlow f = new HisFlow(backend, GaussianTestTarget.standard(3), new double[] {0.4, 0.4, 0.4},
                Tempering.fixedQuadratic(0.5, 5), chains, 11L, Precision.FLOAT32)) {
            f.run(3, z0, logq0, null, zk, null, logw);
        }
        double mean = 0, sq = 0;
        for (double lw : logw) {
            double w = Math.exp(lw);
            mean += w;
            sq += w * w;
        }
        mean /= chains;
        double se = Math.sqrt((sq / chains - mean * mean) / chains);
        Stats.check(label + " float32 mean importance weight", mean, Math.pow(2 * Math.PI, 1.5), se);
        assertTrue(se < 0.05 * mean, "the estimate should be informative: se " + se);
    }

    /**
     * The OpenCL float flow against the twin (float inputs and momenta, double arithmetic): z_K, rho_K and log w
     * within 1e-5 (x (1 + |value|)): 8 steps of float rounding (2^-24 each) with step sizes up to 0.2.
     */
    @Test
    void openClFloat32FlowMatchesTheTwin() {
        org.junit.jupiter.api.Assumptions.assumeTrue(OpenClRequirement.availableOrFailInCi());
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
        try (Backend b = new JavaBackend(2); HisFlow f = new HisFlow(b, t, eps, temp, chains, 5L, Precision.FLOAT32)) {
            f.run(9, z0, logq0, null, zj, rj, wj);
        }
        try (Backend b = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { });
             HisFlow f = new HisFlow(b, t, eps, temp, chains, 5L, Precision.FLOAT32)) {
            f.run(9, z0, logq0, null, zo, ro, wo);
        }
        for (int i = 0; i < z0.length; i++) {
            assertEquals(zj[i], zo[i], 1e-5 * (1 + Math.abs(zj[i])), "z_K " + i);
            assertEquals(rj[i], ro[i], 1e-5 * (1 + Math.abs(rj[i])), "rho_K " + i);
        }
        for (int c = 0; c < chains; c++) {
            assertEquals(wj[c], wo[c], 1e-5 * (1 + Math.abs(wj[c])), "log w " + c);
        }
    }
}
