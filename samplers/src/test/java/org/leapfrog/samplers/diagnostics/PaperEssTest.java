package org.leapfrog.samplers.diagnostics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PaperEssTest {

    /** The L2HMC release's formula written out directly (O(T^2 N D)), on centred and scaled draws. */
    private static double[] directL2hmcSpectrum(StepSamples s, double[] mu, double trace) {
        int steps = s.steps();
        double[] rho = new double[steps - 1];
        for (int tau = 0; tau < steps - 1; tau++) {
            double acc = 0;
            for (int t = 0; t < steps - tau; t++) {
                double sum = 0;
                for (int c = 0; c < s.chains(); c++) {
                    for (int d = 0; d < s.dimension(); d++) {
                        sum += (s.get(t, c, d) - mu[d]) * (s.get(t + tau, c, d) - mu[d]) / trace;
                    }
                }
                acc += sum / s.chains();
            }
            rho[tau] = acc / (steps - tau);
        }
        return rho;
    }

    /** Unit-variance AR(1) in every coordinate: x' = mu + phi (x - mu) + sqrt(1 - phi^2) e, started stationary. */
    private static StepSamples ar1(int steps, int chains, int dim, double phi, double[] mu, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[steps * chains * dim];
        double noise = Math.sqrt(1 - phi * phi);
        for (int i = 0; i < chains * dim; i++) {
            v[i] = mu[i / chains] + rng.nextGaussian();
        }
        for (int t = 1; t < steps; t++) {
            for (int i = 0; i < chains * dim; i++) {
                double m = mu[i / chains];
                v[t * chains * dim + i] = m + phi * (v[(t - 1) * chains * dim + i] - m) + noise * rng.nextGaussian();
            }
        }
        return new StepSamples(steps, chains, dim, v);
    }

    @Test
    void l2hmcSpectrumEqualsTheDirectFormula() {
        double[] mu = {0.5, -1.0, 2.0};
        StepSamples s = ar1(40, 5, 3, 0.8, mu, 1);
        double[] fft = PaperEss.l2hmcSpectrum(s, mu, 3.0);
        double[] direct = directL2hmcSpectrum(s, mu, 3.0);
        assertArrayEquals(direct, fft, 1e-12);
        assertEquals(PaperEss.essFromSpectrum(direct), PaperEss.l2hmc(s, mu, 3.0), 1e-12);
    }

    @Test
    void cutoffDropsSmallLagsOneByOneAndSkipsLagZero() {
        // lag 0 never counts; 0.05 itself is dropped; a later lag above the cut-off still counts.
        double[] rho = {1.0, 0.5, 0.05, 0.01, 0.2};
        assertEquals(1.0 / (1.0 + 2.0 * (0.5 + 0.2)), PaperEss.essFromSpectrum(rho), 1e-15);
    }

    @Test
    void ar1EssPerStepMatchesTheory() {
        // rho_tau = 0.5^tau: lags 1..4 exceed 0.05, lag 5 (0.031) does not; ESS/step = 1 / (1 + 2 * 0.9375).
        // Estimation sd of ESS/step here is about 0.002; tolerance 0.012 is ~6 sd: false-failure rate < 1e-8.
        double[] mu = {3.0, -2.0};
        StepSamples s = ar1(200, 1000, 2, 0.5, mu, 2024);
        double expected = 1.0 / (1.0 + 2.0 * 0.9375);
        assertEquals(expected, PaperEss.l2hmc(s, mu, 2.0), 0.012);
        double[] perDim = PaperEss.knownMomentPerDimension(s, mu, new double[] {1.0, 1.0});
        assertEquals(expected, perDim[0], 0.012);
        assertEquals(expected, perDim[1], 0.012);
    }

    @Test
    void knownMomentEstimatorScalesEachDimension() {
        // Coordinate 1 is coordinate 0 times 10: with variances 1 and 100 both give the same spectrum.
        StepSamples base = ar1(60, 50, 1, 0.7, new double[] {0}, 5);
        double[] v = new double[60 * 50 * 2];
        for (int t = 0; t < 60; t++) {
            for (int c = 0; c < 50; c++) {
                v[(t * 2) * 50 + c] = base.get(t, c, 0);
                v[(t * 2 + 1) * 50 + c] = 10 * base.get(t, c, 0);
            }
        }
        double[] ess = PaperEss.knownMomentPerDimension(new StepSamples(60, 50, 2, v), new double[] {0, 0},
                new double[] {1, 100});
        assertEquals(ess[0], ess[1], 1e-12);
        assertEquals(PaperEss.l2hmc(base, new double[] {0}, 1.0), ess[0], 1e-12);
    }

    @Test
    void jumpDistanceOfAr1() {
        // E||x' - x||^2 = 2 (1 - phi) per unit-variance coordinate: 2 * 0.5 * 3 = 3. Estimate sd ~ 0.003;
        // tolerance 0.03 is ~10 sd.
        StepSamples s = ar1(300, 500, 3, 0.5, new double[] {0, 1, 2}, 9);
        assertEquals(3.0, JumpDistance.expectedSquared(s), 0.03);
        StepSamples tiny = new StepSamples(3, 1, 2, new double[] {0, 0, 1, 1, 1, 3});
        assertEquals((2.0 + 4.0) / 2, JumpDistance.expectedSquared(tiny), 1e-15);
    }

    @Test
    void badInputIsRejectedWithItsName() {
        StepSamples s = ar1(10, 2, 2, 0.5, new double[] {0, 0}, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PaperEss.l2hmc(s, new double[] {0}, 1.0));
        assertEquals(true, e.getMessage().contains("mean has length 1"));
        assertThrows(IllegalArgumentException.class, () -> PaperEss.l2hmc(s, new double[] {0, 0}, 0.0));
        assertThrows(IllegalArgumentException.class,
                () -> PaperEss.knownMomentPerDimension(s, new double[] {0, 0}, new double[] {1, -1}));
        assertThrows(IllegalArgumentException.class, () -> new StepSamples(2, 2, 2, new double[7]));
        assertThrows(IllegalArgumentException.class, () -> Efficiency.perGradient(10, 0));
        assertThrows(IllegalArgumentException.class, () -> Efficiency.perSecond(10, Double.NaN));
        assertEquals(0.5, Efficiency.perStep(500, 1000), 0.0);
        assertEquals(0.01, Efficiency.perGradient(500, 50_000), 1e-18);
        assertEquals(250.0, Efficiency.perSecond(500, 2.0), 0.0);
        assertEquals(1.5, Efficiency.seconds(1_000_000_000L, 2_500_000_000L), 1e-12);
    }
}
