package org.leapfrog.samplers.his;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.samplers.GaussianTestTarget;
import org.leapfrog.samplers.Stats;
import org.leapfrog.samplers.target.Target;

class HisFlowTest {
    @Test
    void fixedQuadraticTemperingEndsAtOneAndMultipliesToBeta0() {
        Tempering t = Tempering.fixedQuadratic(0.3, 6);
        double prod = 1;
        for (double a : t.alphas()) {
            assertTrue(a > 0 && a <= 1, "alpha in (0, 1]: " + a);
            prod *= a * a;
        }
        assertEquals(0.3, prod, 1e-12, "prod alpha^2 = beta0 / beta_K = beta0");
        assertEquals(0.3, Tempering.free(t.alphas()).beta0(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Tempering.fixedQuadratic(1.5, 3));
        assertThrows(IllegalArgumentException.class, () -> Tempering.free(new double[] {0.5, 1.2}));
    }

    /** With no tempering and q0 = the target density itself, log w = -(energy error) of plain leapfrog. */
    @Test
    void withoutTemperingTheWeightIsMinusTheEnergyError() {
        Target t = GaussianTestTarget.icg(3);
        int chains = 5;
        double[] z0 = new double[3 * chains], rho0 = new double[3 * chains], logq0 = new double[chains];
        double[] lp = new double[chains], g = new double[3 * chains];
        for (int i = 0; i < z0.length; i++) {
            z0[i] = Math.sin(i);
            rho0[i] = Math.cos(i);
        }
        t.logDensityAndGradient(z0, g, lp, chains, 0, chains);
        System.arraycopy(lp, 0, logq0, 0, chains);
        double[] zk = new double[z0.length], rhok = new double[z0.length], logw = new double[chains];
        try (Backend b = new JavaBackend(1);
             HisFlow f = new HisFlow(b, t, new double[] {0.002, 0.02, 0.03}, Tempering.none(20), chains, 1L)) {
            f.run(0, z0, logq0, rho0, zk, rhok, logw);
            double[] lpk = new double[chains];
            f.readLogDensity(lpk);
            for (int c = 0; c < chains; c++) {
                double k0 = 0, kk = 0;
                for (int d = 0; d < 3; d++) {
                    k0 += 0.5 * rho0[d * chains + c] * rho0[d * chains + c];
                    kk += 0.5 * rhok[d * chains + c] * rhok[d * chains + c];
                }
                double energyError = (kk - lpk[c]) - (k0 - lp[c]);
                assertEquals(-energyError, logw[c], 1e-12);
                assertTrue(Math.abs(energyError) < 1e-2, "small steps conserve energy: " + energyError);
            }
            assertEquals(chains * 21L, f.gradientEvaluations());
        }
    }

    /**
     * E[exp(log w)] = Z for the unnormalised standard normal exp(-|x|^2/2) in d = 3, Z = (2 pi)^(3/2),
     * with z0 ~ N(0, 1.5^2 I). One check at 5 standard errors: false-failure rate 5.7e-7.
     */
    @Test
    void importanceWeightsAreUnbiasedForTheNormaliser() {
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
        double[] zk = new double[z0.length], logw = new double[chains];
        try (Backend b = new JavaBackend(2);
             HisFlow f = new HisFlow(b, GaussianTestTarget.standard(d), new double[] {0.4, 0.4, 0.4},
                     Tempering.fixedQuadratic(0.5, 5), chains, 11L)) {
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
        Stats.check("mean importance weight", mean, Math.pow(2 * Math.PI, 1.5), se);
        assertTrue(se < 0.05 * mean, "the estimate should be informative: se " + se);
    }

    @Test
    void openClFlowMatchesJava() {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        Target t = GaussianTestTarget.icg(5);
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
        try (Backend b = new JavaBackend(2); HisFlow f = new HisFlow(b, t, eps, temp, chains, 5L)) {
            f.run(9, z0, logq0, null, zj, rj, wj);
        }
        try (Backend b = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { });
             HisFlow f = new HisFlow(b, t, eps, temp, chains, 5L)) {
            f.run(9, z0, logq0, null, zo, ro, wo);
        }
        for (int i = 0; i < z0.length; i++) {
            assertEquals(zj[i], zo[i], 1e-10, "z_K " + i);
            assertEquals(rj[i], ro[i], 1e-10, "rho_K " + i);
        }
        for (int c = 0; c < chains; c++) {
            assertEquals(wj[c], wo[c], 1e-10, "log w " + c);
        }
    }
}
