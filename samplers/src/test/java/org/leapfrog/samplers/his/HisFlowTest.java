package org.leapfrog.samplers.his;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.samplers.GaussianTestTarget;
import org.leapfrog.samplers.Precision;
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
        double[][] start = FlowChecks.gaussianStarts();
        double[] logw;
        try (Backend b = new JavaBackend(2)) {
            logw = FlowChecks.normaliserLogWeights(b, start[0], start[1], Precision.FLOAT64);
        }
        FlowChecks.checkUnbiasedForTheNormaliser("mean importance weight", logw);
    }

    @Test
    void openClFlowMatchesJava() {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        FlowChecks.openClMatchesJava(Precision.FLOAT64, v -> 1e-10);
    }
}
