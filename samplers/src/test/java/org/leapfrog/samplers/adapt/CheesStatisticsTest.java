package org.leapfrog.samplers.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The cross-chain reductions of ChEES adaptation against direct formulas. */
class CheesStatisticsTest {
    private static final int CHAINS = 9;
    private static final int DIM = 3;

    @Test
    void harmonicMeanSkipsDivergentChainsAndIsZeroWhenAChainCannotMove() {
        CheesStatistics s = new CheesStatistics(4, 1);
        assertEquals(3 / (1 / 0.5 + 1 / 0.25 + 1 / 1.0), s.harmonicMeanAcceptance(new double[] {0.5, 0.25, 1.0, 0.0},
                new int[] {0, 0, 0, 1}), 1e-15);
        assertEquals(0.0, s.harmonicMeanAcceptance(new double[] {0.5, 0.0, 1.0, 1.0}, new int[4]), 0.0);
        assertEquals(0.0, s.harmonicMeanAcceptance(new double[] {0.5, 0.5, 0.5, 0.5}, new int[] {1, 1, 1, 1}), 0.0);
    }

    /**
     * The gradient equals u T d/dt of the acceptance-weighted criterion 1/4 mean((|z'(t) - m'|^2 - |z - m|^2)^2),
     * with z = x / sqrt(M^-1), the proposal moving along its velocity M^-1 p' and the means held fixed, by a
     * central difference.
     */
    @Test
    void gradientIsTheDerivativeOfTheWhitenedCriterion() {
        Random r = new Random(5);
        double[] before = new double[DIM * CHAINS], prop = new double[DIM * CHAINS], mom = new double[DIM * CHAINS];
        double[] accept = new double[CHAINS], inverseMass = {0.5, 2.0, 3.0};
        int[] divergent = new int[CHAINS];
        for (int i = 0; i < before.length; i++) {
            before[i] = r.nextGaussian();
            prop[i] = 1.5 * r.nextGaussian();
            mom[i] = r.nextGaussian();
        }
        for (int c = 0; c < CHAINS; c++) {
            accept[c] = 0.2 + 0.8 * r.nextDouble();
        }
        divergent[3] = 1;
        double u = 0.375, length = 2.5;
        double g = new CheesStatistics(CHAINS, DIM).logLengthGradient(before, prop, mom, accept, divergent, inverseMass,
                u, length);
        double h = 1e-5;
        double numeric = (criterion(before, prop, mom, accept, divergent, inverseMass, h)
                - criterion(before, prop, mom, accept, divergent, inverseMass, -h)) / (2 * h) * u * length;
        assertEquals(numeric, g, 1e-6 * Math.abs(numeric));
    }

    private static double criterion(double[] before, double[] prop, double[] mom, double[] accept, int[] divergent,
                                    double[] inverseMass, double t) {
        double[] mb = new double[DIM], mp = new double[DIM];
        double ws = 0;
        for (int c = 0; c < CHAINS; c++) {
            ws += divergent[c] == 0 ? accept[c] : 0;
        }
        for (int d = 0; d < DIM; d++) {
            for (int c = 0; c < CHAINS; c++) {
                mb[d] += before[d * CHAINS + c] / CHAINS;
                mp[d] += (divergent[c] == 0 ? accept[c] : 0) * prop[d * CHAINS + c] / ws;
            }
        }
        double sum = 0;
        for (int c = 0; c < CHAINS; c++) {
            if (divergent[c] != 0) {
                continue;
            }
            double a = 0, b = 0;
            for (int d = 0; d < DIM; d++) {
                int i = d * CHAINS + c;
                double xt = prop[i] + t * inverseMass[d] * mom[i];
                a += (xt - mp[d]) * (xt - mp[d]) / inverseMass[d];
                b += (before[i] - mb[d]) * (before[i] - mb[d]) / inverseMass[d];
            }
            sum += accept[c] * 0.25 * (a - b) * (a - b);
        }
        return sum / ws;
    }

    /**
     * The gradient's coordinate-major passes give the bits of the chain-by-chain formula (each chain's sums over
     * coordinates in order, the cross-chain sums over chains in order), with divergent chains, a non-finite
     * proposal, a non-finite momentum, an acceptance at {@link CheesStatistics#MIN_ACCEPTANCE} and a zero one.
     */
    @Test
    void gradientHasTheBitsOfTheChainByChainFormula() {
        int chains = 203, dim = 25;
        Random r = new Random(11);
        double[] before = new double[dim * chains], prop = new double[dim * chains], mom = new double[dim * chains];
        double[] accept = new double[chains], inverseMass = new double[dim];
        int[] divergent = new int[chains];
        for (int i = 0; i < before.length; i++) {
            before[i] = r.nextGaussian() * 3;
            prop[i] = before[i] + r.nextGaussian();
            mom[i] = r.nextGaussian();
        }
        for (int c = 0; c < chains; c++) {
            accept[c] = r.nextDouble();
            divergent[c] = r.nextInt(17) == 0 ? 1 : 0;
        }
        for (int d = 0; d < dim; d++) {
            inverseMass[d] = 0.1 + r.nextDouble() * 4;
        }
        prop[7 * chains + 5] = Double.NaN;
        mom[3 * chains + 9] = Double.POSITIVE_INFINITY;
        accept[11] = CheesStatistics.MIN_ACCEPTANCE;
        accept[12] = 0.0;
        CheesStatistics s = new CheesStatistics(chains, dim);
        for (double[] metric : new double[][] {inverseMass, null}) {
            double expected = chainByChain(chains, dim, before, prop, mom, accept, divergent, metric, 0.3125, 1.7);
            double got = s.logLengthGradient(before, prop, mom, accept, divergent, metric, 0.3125, 1.7);
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(got),
                    "expected " + expected + ", got " + got);
        }
    }

    /** The gradient chain by chain, as first written (the reference the faster passes must match bit for bit). */
    private static double chainByChain(int chains, int dim, double[] before, double[] proposal, double[] momentum,
                                       double[] accept, int[] divergent, double[] inverseMass, double u,
                                       double length) {
        double[] weight = new double[chains], meanBefore = new double[dim], meanProposal = new double[dim];
        double weightSum = 0;
        for (int c = 0; c < chains; c++) {
            boolean finite = true;
            for (int d = 0; d < dim; d++) {
                finite &= Double.isFinite(proposal[d * chains + c]) && Double.isFinite(momentum[d * chains + c]);
            }
            double a = accept[c];
            weight[c] = divergent[c] == 0 && a > 0 && finite ? a : 0.0;
            weightSum += weight[c];
        }
        for (int d = 0; d < dim; d++) {
            double sum = 0, sw = 0;
            for (int c = 0; c < chains; c++) {
                sum += before[d * chains + c];
                if (weight[c] > 0) {
                    sw += weight[c] * proposal[d * chains + c];
                }
            }
            meanBefore[d] = sum / chains;
            meanProposal[d] = sw / (weightSum + 1e-20);
        }
        double total = 0;
        for (int c = 0; c < chains; c++) {
            if (!(weight[c] > CheesStatistics.MIN_ACCEPTANCE)) {
                continue;
            }
            double sqProposal = 0, sqBefore = 0, dot = 0;
            for (int d = 0; d < dim; d++) {
                int i = d * chains + c;
                double scale = inverseMass == null ? 1.0 : inverseMass[d];
                double dp = proposal[i] - meanProposal[d];
                double db = before[i] - meanBefore[d];
                sqProposal += dp * dp / scale;
                sqBefore += db * db / scale;
                dot += dp * momentum[i];
            }
            double g = u * (sqProposal - sqBefore) * dot;
            if (Double.isFinite(g)) {
                total += weight[c] * g;
            }
        }
        return total / (weightSum + 1e-20) * length;
    }

    @Test
    void varianceIsTheUnbiasedCrossChainVariance() {
        double[] x = {1, 2, 3, 4, 10, 10, 10, 10};
        double[] out = new double[2];
        new CheesStatistics(4, 2).variance(x, out);
        assertEquals(5.0 / 3.0, out[0], 1e-15);
        assertEquals(0.0, out[1], 0.0);
    }
}
