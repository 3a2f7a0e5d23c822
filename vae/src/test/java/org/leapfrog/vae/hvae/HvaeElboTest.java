package org.leapfrog.vae.hvae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.Tensor;

/** The HVAE's ELBO (12): the VAE at K = 0, a lower bound with unbiased weights, exact gradients. */
class HvaeElboTest {
    private static final double[][] A = {{1.0, 0.5, -0.3}, {0.2, -0.8, 0.6}};
    private static final double[] B = {0.1, -0.2, 0.3};
    private static final double S = 0.7;
    private static final double[] X = {0.8, -0.5, 1.1};

    /** Posterior mean and per-dimension sd of z | x (host arithmetic, l = 2): {mean0, mean1, sd0, sd1}. */
    private static double[] posterior() {
        double[][] p = new double[2][2];
        double[] h = new double[2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double v = i == j ? 1.0 : 0.0;
                for (int k = 0; k < 3; k++) {
                    v += A[i][k] * A[j][k] / (S * S);
                }
                p[i][j] = v;
            }
            for (int k = 0; k < 3; k++) {
                h[i] += A[i][k] * (X[k] - B[k]) / (S * S);
            }
        }
        double det = p[0][0] * p[1][1] - p[0][1] * p[1][0];
        double c00 = p[1][1] / det, c11 = p[0][0] / det, c01 = -p[0][1] / det;
        return new double[] {c00 * h[0] + c01 * h[1], c01 * h[0] + c11 * h[1], Math.sqrt(c00), Math.sqrt(c11)};
    }

    @Test
    void withoutStepsTheHvaeIsTheVae() {
        Engine e = Engine.java();
        LinearGaussian model = LinearGaussian.of(e, A, B, S, false);
        int n = 9;
        Tensor mu = e.wrap(n, 2, sequence(2 * n, 0.3)), logSigma = e.wrap(n, 2, sequence(2 * n, -0.2));
        HvaeElbo.Noise noise = HvaeElbo.Noise.draw(e, n, 2, 4L, 0);
        Function<Tensor, Tensor> logJoint = model.logJoint(e.wrap(1, 3, X.clone()));
        HamiltonianFlow none = new HamiltonianFlow(e, 2, new FlowSettings(0, TemperingMode.FIXED,
                StepSizeMode.SHARED, 0.5, 0.1, 0.5));
        HvaeElbo.Estimate est = HvaeElbo.estimate(mu, logSigma, noise, logJoint, none);
        double[] vae = HvaeElbo.vae(mu, logSigma, noise.u(), logJoint).toArray();
        assertArrayEquals(vae, est.elbo().toArray(), 0.0);
        assertArrayEquals(vae, est.logWeight().toArray(), 0.0);
        assertTrue(none.parameters().isEmpty());
        // and the VAE estimate is log p(x, z0) - log N(z0 | mu, sigma^2) computed by hand
        double[] u = noise.u().toArray(), m = mu.toArray(), ls = logSigma.toArray();
        for (int r = 0; r < n; r++) {
            double lq = 0, lp = 0;
            double[] z = new double[2];
            for (int k = 0; k < 2; k++) {
                z[k] = m[k * n + r] + Math.exp(ls[k * n + r]) * u[k * n + r];
                lq += -0.5 * u[k * n + r] * u[k * n + r] - ls[k * n + r] - 0.5 * LinearGaussian.LOG_2PI;
                lp += -0.5 * z[k] * z[k] - 0.5 * LinearGaussian.LOG_2PI;
            }
            for (int j = 0; j < 3; j++) {
                double mean = B[j] + z[0] * A[0][j] + z[1] * A[1][j];
                lp += -0.5 * (X[j] - mean) * (X[j] - mean) / (S * S) - Math.log(S) - 0.5 * LinearGaussian.LOG_2PI;
            }
            assertEquals(lp - lq, vae[r], 1e-12, "row " + r);
        }
        assertThrows(IllegalArgumentException.class, () -> HvaeElbo.estimate(mu, e.zeros(n, 3), noise, logJoint, none));
        assertThrows(IllegalArgumentException.class, () -> HvaeElbo.estimate(mu, logSigma, noise, logJoint,
                new HamiltonianFlow(e, 3, FlowSettings.gaussianExperiment(2, TemperingMode.NONE))));
    }

    /**
     * On the linear Gaussian model with exact log p(x): the mean HVAE ELBO (12) over 40,000 draws lies below
     * log p(x) (by more than 5 standard errors, as q0 is not the posterior, and never above it by more than 5),
     * the mean importance weight exp(log w) / p(x) is 1 within 5 standard errors, and the Rao-Blackwellised ELBO
     * agrees with the mean log weight. Three checks at 5 se, fixed seeds: false-failure rate under 2e-6.
     */
    @ParameterizedTest
    @CsvSource({"FIXED,SHARED,5", "FREE,PER_STEP,4", "NONE,SHARED,3"})
    void theElboIsALowerBoundAndTheWeightsAreUnbiased(TemperingMode mode, StepSizeMode eps, int k) {
        Engine e = Engine.java();
        int n = 40_000;
        double[] post = posterior();
        LinearGaussian model = LinearGaussian.of(e, A, B, S, false);
        double logPx = LinearGaussian.logMarginal(A, B, S, X);
        Tensor mu = e.wrap(1, 2, new double[] {post[0] + 0.3, post[1] - 0.2});
        Tensor logSigma = e.wrap(1, 2, new double[] {Math.log(1.3 * post[2]), Math.log(1.2 * post[3])});
        HamiltonianFlow flow = new HamiltonianFlow(e, 2, new FlowSettings(k, mode, eps, 0.5, 0.15, 0.6));
        HvaeElbo.Estimate est;
        try (Engine.GradRegion r = e.noGrad()) {
            est = HvaeElbo.estimate(mu, logSigma, HvaeElbo.Noise.draw(e, n, 2, 17L, 1), model.logJoint(
                    e.wrap(1, 3, X.clone())), flow);
        }
        double[] elbo = est.elbo().toArray(), logw = est.logWeight().toArray();
        double[] m = meanAndSe(elbo);
        assertTrue(m[0] < logPx + 5 * m[1], "ELBO " + m[0] + " +- " + m[1] + " above log p(x) " + logPx);
        assertTrue(m[0] < logPx - 5 * m[1], "ELBO " + m[0] + " +- " + m[1] + " not clearly below log p(x) " + logPx);
        double[] w = new double[n];
        double[] diff = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = Math.exp(logw[i] - logPx);
            diff[i] = elbo[i] - logw[i];
        }
        double[] mw = meanAndSe(w);
        assertTrue(Math.abs(mw[0] - 1) < 5 * mw[1], "mean weight / p(x) " + mw[0] + " +- " + mw[1]);
        assertTrue(mw[1] < 0.02, "the weight check should be informative: se " + mw[1]);
        double[] md = meanAndSe(diff);
        assertTrue(Math.abs(md[0]) < 5 * md[1], "ELBO (12) - log w: " + md[0] + " +- " + md[1]);
    }

    /**
     * The gradient of the batch-mean ELBO in every parameter (model theta = A, b, log s; encoder outputs mu,
     * log sigma; flow step-size logits and tempering) against central finite differences, noise fixed.
     */
    @ParameterizedTest
    @CsvSource({"java,FIXED,SHARED,3", "java,FREE,PER_STEP,2", "java,NONE,PER_STEP,2", "opencl,FIXED,PER_STEP,2"})
    void gradientsMatchFiniteDifferences(String engineName, TemperingMode mode, StepSizeMode eps, int k) {
        Engine e = Engines.get(engineName);
        int n = 3;
        LinearGaussian model = LinearGaussian.of(e, A, B, S, true);
        Tensor mu = e.variable(n, 2, sequence(2 * n, 0.3));
        Tensor logSigma = e.variable(n, 2, sequence(2 * n, -0.4));
        Tensor x = e.wrap(n, 3, sequence(3 * n, 0.5));
        HamiltonianFlow flow = new HamiltonianFlow(e, 2, new FlowSettings(k, mode, eps, 0.5, 0.2, 0.4));
        HvaeElbo.Noise noise = HvaeElbo.Noise.draw(e, n, 2, 8L, 2);
        List<Tensor> params = new ArrayList<>(List.of(model.a, model.b, model.logS, mu, logSigma));
        params.addAll(flow.parameters());
        Supplier<Tensor> loss = () -> HvaeElbo.estimate(mu, logSigma, noise, model.logJoint(x), flow).meanElbo();
        Tensor[] g = Graph.grad(loss.get(), params, false);
        double h = 1e-6;
        for (int p = 0; p < params.size(); p++) {
            Tensor t = params.get(p);
            double[] an = g[p].toArray();
            for (int i = 0; i < t.size(); i++) {
                double old = t.data()[i];
                t.data()[i] = old + h;
                double up = loss.get().item();
                t.data()[i] = old - h;
                double down = loss.get().item();
                t.data()[i] = old;
                double fd = (up - down) / (2 * h);
                // h = 1e-6 central differences of this O(10) smooth function err by about 1e-8.
                if (!(Math.abs(an[i] - fd) <= 1e-6 * Math.max(1, Math.abs(fd)))) {
                    fail("parameter " + p + " (" + t + ") element " + i + ": analytic " + an[i] + ", finite difference " + fd);
                }
            }
        }
        assertEquals(5 + flow.parameters().size(), params.size());
    }

    /**
     * Second order through the flow (createGraph over the re-attached gradients of log p): the scalar
     * sum(grad_theta ELBO * v) differentiated in A and mu against its finite differences.
     */
    @Test
    void secondOrderGradientsMatchFiniteDifferences() {
        Engine e = Engine.java();
        int n = 2;
        LinearGaussian model = LinearGaussian.of(e, A, B, S, true);
        Tensor mu = e.variable(n, 2, sequence(2 * n, 0.3));
        Tensor logSigma = e.wrap(n, 2, sequence(2 * n, -0.4));
        Tensor x = e.wrap(n, 3, sequence(3 * n, 0.5));
        HamiltonianFlow flow = new HamiltonianFlow(e, 2, new FlowSettings(2, TemperingMode.FREE,
                StepSizeMode.PER_STEP, 0.5, 0.2, 0.4));
        HvaeElbo.Noise noise = HvaeElbo.Noise.draw(e, n, 2, 8L, 2);
        List<Tensor> inputs = List.of(model.a, mu);
        Tensor va = e.wrap(2, 3, sequence(6, 1.0)), vm = e.wrap(n, 2, sequence(2 * n, -1.0));
        Supplier<Tensor> gv = () -> {
            Tensor elbo = HvaeElbo.estimate(mu, logSigma, noise, model.logJoint(x), flow).meanElbo();
            Tensor[] g = Graph.grad(elbo, inputs, true);
            return g[0].mul(va).sum().add(g[1].mul(vm).sum());
        };
        Tensor[] g2 = Graph.grad(gv.get(), inputs, false);
        double h = 1e-5;
        for (int p = 0; p < inputs.size(); p++) {
            Tensor t = inputs.get(p);
            double[] an = g2[p].toArray();
            for (int i = 0; i < t.size(); i++) {
                double old = t.data()[i];
                t.data()[i] = old + h;
                double up = gv.get().item();
                t.data()[i] = old - h;
                double down = gv.get().item();
                t.data()[i] = old;
                double fd = (up - down) / (2 * h);
                if (!(Math.abs(an[i] - fd) <= 1e-5 * Math.max(1, Math.abs(fd)))) {
                    fail("input " + p + " element " + i + ": analytic " + an[i] + ", finite difference " + fd);
                }
            }
        }
    }

    private static double[] sequence(int n, double scale) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = scale * Math.sin(1.3 * i + 0.4);
        }
        return a;
    }

    private static double[] meanAndSe(double[] v) {
        double s = 0, sq = 0;
        for (double x : v) {
            s += x;
            sq += x * x;
        }
        double mean = s / v.length;
        return new double[] {mean, Math.sqrt((sq / v.length - mean * mean) / v.length)};
    }
}
