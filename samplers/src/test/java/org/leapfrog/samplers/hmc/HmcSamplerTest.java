package org.leapfrog.samplers.hmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.samplers.GaussianTestTarget;
import org.leapfrog.samplers.Stats;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.DeviceCode;
import org.leapfrog.samplers.target.Target;

class HmcSamplerTest {
    private static final long SEED = 42L;

    @Test
    void oneIterationMatchesAHandComputedTransition() {
        Target normal = GaussianTestTarget.standard(1);
        double eps = 0.4;
        try (Backend b = new JavaBackend(1);
             HmcSampler s = new HmcSampler(b, normal, HmcParameters.hmc(eps, 1, 1), 3, SEED)) {
            double[] x0 = {0.5, -1.5, 2.5};
            s.init(x0);
            s.step(7);
            double[] x = new double[3], lp = new double[3], prob = new double[3], energy = new double[3];
            int[] acc = new int[3], div = new int[3];
            s.readState(x, lp);
            s.readInfo(prob, acc, div, energy);
            int[] w = new int[4];
            double[] z = new double[4];
            for (int c = 0; c < 3; c++) {
                RandomStream.normals(SEED, c, 7, RandomStream.PURPOSE_MOMENTUM, 0, w, z, 0, 4);
                double p = z[0], q = x0[c];
                double h0 = 0.5 * p * p + 0.5 * q * q;
                double ph = p - 0.5 * eps * q;
                double q1 = q + eps * ph;
                double p1 = ph - 0.5 * eps * q1;
                double h1 = 0.5 * p1 * p1 + 0.5 * q1 * q1;
                double u = RandomStream.uniform(SEED, c, 7, RandomStream.PURPOSE_ACCEPT, w);
                boolean accept = Math.log(u) < h0 - h1;
                assertEquals(Math.min(1, Math.exp(h0 - h1)), prob[c], 1e-14, "acceptance probability of chain " + c);
                assertEquals(accept ? 1 : 0, acc[c], "decision of chain " + c);
                assertEquals(accept ? q1 : q, x[c], 1e-14, "position of chain " + c);
                assertEquals(accept ? h1 : h0, energy[c], 1e-14, "energy of chain " + c);
                assertEquals(0, div[c]);
            }
        }
    }

    /** End states of independent chains; false-failure rate: 20 checks x 5.7e-7 = 1.1e-5. */
    @Test
    void standardNormalEndStatesMatchTheTruth() {
        int d = 4, chains = 4000;
        double[] start = new double[d * chains];
        for (int i = 0; i < start.length; i++) {
            start[i] = 3.0 + (i % 7); // far from the mode: the chains must get there
        }
        double[] end = run(GaussianTestTarget.standard(d), HmcParameters.hmc(0.3, 8, d), chains, start, 60);
        for (int k = 0; k < d; k++) {
            Stats.assertNormalMarginal(java.util.Arrays.copyOfRange(end, k * chains, (k + 1) * chains), 0, 1, "x" + k);
        }
    }

    /**
     * ICG-50 (variances 1e-2..1e2) with a diagonal metric at the true variances, from an overdispersed start;
     * false-failure rate: 250 checks x 5.7e-7 = 1.4e-4.
     */
    @Test
    void illConditionedGaussianEndStatesMatchTheTruth() {
        int d = 50, chains = 3000;
        GaussianTestTarget icg = GaussianTestTarget.icg(d);
        double[] var = new double[d];
        for (int k = 0; k < d; k++) {
            var[k] = icg.moments().orElseThrow().variance(k);
        }
        double[] start = new double[d * chains];
        for (int k = 0; k < d; k++) {
            for (int c = 0; c < chains; c++) {
                start[k * chains + c] = 3.0 * Math.sqrt(var[k]) * ((c % 2) * 2 - 1);
            }
        }
        HmcParameters params = HmcParameters.hmc(0.5, 6, Metric.diagonal(var)).withJitter(0.2);
        double[] end = run(icg, params, chains, start, 40);
        for (int k = 0; k < d; k++) {
            Stats.assertNormalMarginal(java.util.Arrays.copyOfRange(end, k * chains, (k + 1) * chains), 0, var[k], "x" + k);
        }
    }

    static double[] run(Target target, HmcParameters params, int chains, double[] start, int iterations) {
        try (Backend b = new JavaBackend(2); HmcSampler s = new HmcSampler(b, target, params, chains, SEED)) {
            s.init(start);
            for (int it = 0; it < iterations; it++) {
                s.step(it);
            }
            double[] x = new double[start.length];
            s.readPositions(x);
            assertEquals((long) chains * (1 + iterations * params.numIntegrationSteps()), s.gradientEvaluations());
            return x;
        }
    }

    @Test
    void chainIOfASmallBatchEqualsChainIOfALargeBatch() {
        int d = 3;
        Target t = GaussianTestTarget.icg(d);
        HmcParameters params = HmcParameters.hmc(0.1, 5, d).withJitter(0.3);
        double[] big = new double[d * 1000];
        for (int i = 0; i < big.length; i++) {
            big[i] = Math.cos(i * 1.3);
        }
        double[] small = new double[d * 10];
        for (int k = 0; k < d; k++) {
            System.arraycopy(big, k * 1000, small, k * 10, 10);
        }
        double[] endBig = run(t, params, 1000, big, 30);
        double[] endSmall = run(t, params, 10, small, 30);
        for (int k = 0; k < d; k++) {
            for (int c = 0; c < 10; c++) {
                assertEquals(endBig[k * 1000 + c], endSmall[k * 10 + c], 0.0, "chain " + c + " coordinate " + k);
            }
        }
    }

    /** A Gaussian whose density is NaN below x0 = -40: chains that go there must be isolated. */
    static final class NanBelowMinus40 implements Target {
        private final GaussianTestTarget inner = GaussianTestTarget.icg(2);

        @Override
        public String name() {
            return "nan-below-minus-40";
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public void logDensityAndGradient(double[] x, double[] g, double[] lp, int stride, int from, int to) {
            inner.logDensityAndGradient(x, g, lp, stride, from, to);
            for (int c = from; c < to; c++) {
                if (x[c] < -40) {
                    lp[c] = Double.NaN;
                    g[c] = Double.NaN;
                    g[stride + c] = Double.NaN;
                }
            }
        }

        @Override
        public void hessianVectorProduct(double[] x, double[] v, double[] out, int stride, int from, int to) {
            inner.hessianVectorProduct(x, v, out, stride, from, to);
        }

        @Override
        public Optional<DeviceCode> deviceCode() {
            return Optional.empty();
        }
    }

    @Test
    void aChainThatHitsNaNIsRejectedAndMarkedWhileOthersAreUntouched() {
        int chains = 20, iterations = 10;
        double[] start = new double[2 * chains];
        for (int c = 0; c < chains; c++) {
            // Chains 0..2 start at 45 in the stiff coordinate (sd 0.1): their oscillation reaches -45, into NaN.
            start[c] = c < 3 ? 45.0 : 0.01 * c;
            start[chains + c] = 0.5;
        }
        HmcParameters params = HmcParameters.hmc(0.05, 7, 2);
        double[] clean = run(GaussianTestTarget.icg(2), params, chains, start, iterations);
        try (Backend b = new JavaBackend(2); HmcSampler s = new HmcSampler(b, new NanBelowMinus40(), params, chains, SEED)) {
            s.init(start);
            int[] divergentSeen = new int[chains];
            double[] prob = new double[chains], energy = new double[chains];
            int[] acc = new int[chains], div = new int[chains];
            for (int it = 0; it < iterations; it++) {
                s.step(it);
                s.readInfo(prob, acc, div, energy);
                for (int c = 0; c < chains; c++) {
                    divergentSeen[c] |= div[c];
                }
            }
            double[] x = new double[2 * chains], lp = new double[chains];
            s.readState(x, lp);
            for (int c = 0; c < chains; c++) {
                assertTrue(Double.isFinite(x[c]) && Double.isFinite(lp[c]), "chain " + c + " state must stay finite");
                if (c < 3) {
                    assertEquals(1, divergentSeen[c], "chain " + c + " hit NaN and must be marked divergent");
                } else {
                    assertEquals(clean[c], x[c], 0.0, "chain " + c + " must be unaffected");
                    assertEquals(clean[chains + c], x[chains + c], 0.0, "chain " + c + " must be unaffected");
                }
            }
        }
    }

    @Test
    void badInputGivesClearErrors() {
        Target t = GaussianTestTarget.standard(2);
        try (Backend b = new JavaBackend(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> HmcParameters.hmc(0.0, 10, 2));
            assertTrue(e.getMessage().contains("stepSize") && e.getMessage().contains("> 0"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> HmcParameters.hmc(-0.1, 10, 2));
            assertTrue(e.getMessage().contains("-0.1"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> HmcParameters.hmc(0.1, 0, 2));
            assertTrue(e.getMessage().contains("numIntegrationSteps"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> new HmcSampler(b, t, HmcParameters.hmc(0.1, 10, 3), 4, 1L));
            assertTrue(e.getMessage().contains("dimension"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> Metric.dense(new double[] {1, 2, 2, 1}, 2));
            assertTrue(e.getMessage().contains("positive definite"), e.getMessage());
            try (HmcSampler s = new HmcSampler(b, t, HmcParameters.hmc(0.1, 10, 2), 4, 1L)) {
                e = assertThrows(IllegalArgumentException.class, () -> s.init(new double[7]));
                assertTrue(e.getMessage().contains("length 7"), e.getMessage());
                double[] start = new double[8];
                start[5] = Double.NaN;
                e = assertThrows(IllegalArgumentException.class, () -> s.init(start));
                assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("chain 1"), e.getMessage());
                assertThrows(IllegalStateException.class, () -> s.step(0));
            }
        }
    }

    @Test
    void malaIsOneLeapfrogStep() {
        HmcParameters p = HmcParameters.mala(0.2, Metric.unit(3));
        assertEquals(1, p.numIntegrationSteps());
        try (Backend b = new JavaBackend(1); HmcSampler s = new HmcSampler(b, GaussianTestTarget.standard(3), p, 2, 1L)) {
            assertEquals("mala", s.name());
            assertEquals(1, s.gradientsPerIteration());
        }
        assertArrayEquals(new double[] {0.2, 0.2, 0.2}, p.stepSize());
    }
}
