package org.leapfrog.vae.gaussian;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;

class GaussianExperimentTest {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    @Test
    void truthIsThePapers() {
        assertArrayEquals(new double[] {-0.4, -0.2, 0.0, 0.2, 0.4}, GaussianData.trueDelta(5), 1e-15);
        double[] s = GaussianData.trueSigma(5);
        assertEquals(1.0, s[0], 1e-15);
        assertEquals(0.1, s[2], 1e-15);
        assertEquals(1.0, s[4], 1e-15);
        assertEquals(0.325, s[1], 1e-15);
        assertArrayEquals(new double[] {1.0}, GaussianData.trueSigma(1));
        assertThrows(IllegalArgumentException.class, () -> GaussianData.generate(0, 10, 1L));
    }

    /** The sufficient statistics give the log joint of the raw data (regenerated in the generator's order). */
    @Test
    void logJointMatchesTheRawData() {
        int d = 3, n = 40;
        GaussianData data = GaussianData.generate(d, n, 9L);
        SplittableRandom rng = new SplittableRandom(9L);
        double[] z = new double[d];
        for (int j = 0; j < d; j++) {
            z[j] = rng.nextGaussian();
        }
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = z[j] + data.delta()[j] + data.sigma()[j] * rng.nextGaussian();
            }
        }
        assertArrayEquals(z, data.z(), 0.0);
        Engine e = Engine.java();
        GaussianFit fit = new GaussianFit(e, data, GaussianMethod.vb(), 1, 1L);
        List<Tensor> p = fit.parameters();
        double[] delta = {0.3, -0.1, 0.2}, logSigma = {0.1, -0.5, 0.4};
        p.get(0).assign(delta);
        p.get(1).assign(logSigma);
        int rows = 2;
        double[] zs = {0.5, -1.0, 0.2, 0.7, 1.5, -0.3};
        double[] lj = fit.logJoint().apply(e.wrap(rows, d, zs)).toArray();
        for (int r = 0; r < rows; r++) {
            double want = 0;
            for (int j = 0; j < d; j++) {
                double zj = zs[j * rows + r];
                want += -0.5 * zj * zj - 0.5 * LOG_2PI;
                for (int i = 0; i < n; i++) {
                    double res = (x[i][j] - zj - delta[j]) / Math.exp(logSigma[j]);
                    want += -0.5 * res * res - logSigma[j] - 0.5 * LOG_2PI;
                }
            }
            assertEquals(want, lj[r], 1e-9 * Math.abs(want), "row " + r);
        }
    }

    /** Mean-field VB is exact here: at the true posterior its analytic ELBO is log p(D). */
    @Test
    void vbElboAtThePosteriorIsTheMarginalLikelihood() {
        int d = 4, n = 500;
        GaussianData data = GaussianData.generate(d, n, 5L);
        Engine e = Engine.java();
        GaussianFit fit = new GaussianFit(e, data, GaussianMethod.vb(), 1, 1L);
        double[] delta = {0.1, 0.2, -0.3, 0.0}, logSigma = {0.0, -0.7, 0.3, -1.2};
        double[] mu = new double[d], logS = new double[d];
        double logPd = 0;
        for (int j = 0; j < d; j++) {
            double v = Math.exp(2 * logSigma[j]);
            double prec = 1 + n / v;
            mu[j] = (n / v) * (data.mean()[j] - delta[j]) / prec;
            logS[j] = -0.5 * Math.log(prec);
            double m = 1 + v / n, r = data.mean()[j] - delta[j];
            logPd += -0.5 * n * Math.log(2 * Math.PI * v) - data.centredSquares()[j] / (2 * v)
                    + 0.5 * Math.log(2 * Math.PI * v / n) - 0.5 * Math.log(2 * Math.PI * m) - r * r / (2 * m);
        }
        List<Tensor> p = fit.parameters();
        p.get(0).assign(delta);
        p.get(1).assign(logSigma);
        p.get(2).assign(mu);
        p.get(3).assign(logS);
        assertEquals(logPd, fit.elbo(0).item(), 1e-9 * Math.abs(logPd));
    }

    /** Training raises every method's ELBO and brings sigma towards the truth (d = 2, short runs). */
    @Test
    void shortTrainingImproves() {
        GaussianData data = GaussianData.generate(2, 1000, 3L);
        for (GaussianMethod m : List.of(GaussianMethod.vb(), GaussianMethod.hvae(2, true), GaussianMethod.nf(2))) {
            Engine e = Engine.java();
            GaussianFit fit = new GaussianFit(e, data, m, 10, 4L);
            double before = fit.elbo(0).item();
            double sigmaBefore = fit.sigmaError();
            double after = fit.train(300, 1e-2);
            assertTrue(after > before, m.label() + ": ELBO " + before + " -> " + after);
            assertTrue(fit.sigmaError() < 0.5 * sigmaBefore, m.label() + ": sigma error " + sigmaBefore + " -> "
                    + fit.sigmaError());
        }
    }

    /** Runs are deterministic, so a resumed experiment (finished runs given) gives the same table. */
    @Test
    void resumedExperimentGivesTheSameRuns() throws InterruptedException {
        GaussianExperiment.Plan plan = new GaussianExperiment.Plan(List.of(1, 3), 2, 200, 25, 1e-2, 4,
                List.of(GaussianMethod.vb(), GaussianMethod.hvae(2, true), GaussianMethod.nf(1)), 7L);
        List<GaussianExperiment.Run> first = new ArrayList<>();
        List<GaussianExperiment.Run> all = new GaussianExperiment(plan, 2).run(List.of(), first::add);
        assertEquals(plan.runs(), all.size());
        assertEquals(plan.runs(), first.size());
        List<GaussianExperiment.Run> again = new ArrayList<>();
        List<GaussianExperiment.Run> resumed = new GaussianExperiment(plan, 1).run(all.subList(0, 5), again::add);
        assertEquals(plan.runs() - 5, again.size());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(all.get(i).deltaError(), resumed.get(i).deltaError(), 0.0);
            assertEquals(all.get(i).sigmaError(), resumed.get(i).sigmaError(), 0.0);
        }
        List<GaussianExperiment.Cell> cells = GaussianExperiment.summarise(plan, all);
        assertEquals(6, cells.size());
        assertEquals(2, cells.get(0).datasets());
    }
}
