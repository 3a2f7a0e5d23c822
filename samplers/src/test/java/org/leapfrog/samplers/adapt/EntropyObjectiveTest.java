package org.leapfrog.samplers.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leapfrog.samplers.target.DenseGaussian;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/** The hand-derived gradient of the entropy-adaptation objective against central finite differences. */
class EntropyObjectiveTest {
    /**
     * Non-Gaussian target (German credit logistic regression, d = 25): the acceptance term's gradient through L
     * leapfrog steps (beta = 0, so the Hessian-correction term, whose Hessian point is held fixed, plays no part).
     * Gaussian target with a dense precision: the full objective with beta > 0, where the Hessian is constant
     * so holding its point fixed is exact.
     */
    @ParameterizedTest
    @CsvSource({"german, LOWER_TRIANGULAR, 1, 0.0", "german, LOWER_TRIANGULAR, 3, 0.0", "german, DIAGONAL, 4, 0.0",
            "gauss, LOWER_TRIANGULAR, 1, 0.7", "gauss, LOWER_TRIANGULAR, 3, 0.7", "gauss, DIAGONAL, 2, 0.3",
            "gauss, LOWER_TRIANGULAR, 5, 1.3"})
    void gradientMatchesFiniteDifferences(String targetName, Preconditioner.Kind kind, int steps, double beta) {
        Random rng = new Random(7 + steps);
        Target target = targetName.equals("german") ? Targets.byName("german", null) : gaussian(6, rng);
        int d = target.dimension();
        int n = 8;
        double step = targetName.equals("german") ? 0.15 : 0.5;
        Preconditioner pre = new Preconditioner(kind, d, step);
        double[] w = pre.parameters();
        for (int i = 1; i < w.length; i++) {
            w[i] = (i <= d ? 0.3 : 0.1) * rng.nextGaussian();
        }
        pre.refresh();
        double[] z = new double[d * n], v = new double[d * n], g = new double[d * n], lp = new double[n];
        for (int i = 0; i < z.length; i++) {
            z[i] = 0.2 * rng.nextGaussian();
            v[i] = rng.nextGaussian();
        }
        target.logDensityAndGradient(z, g, lp, n, 0, n);
        EntropyObjective obj = new EntropyObjective(target, n, steps, 3);
        double[] grad = new double[w.length];
        obj.evaluate(pre, beta, z, lp, g, v, grad);
        int positive = 0;
        for (double e : obj.energyError()) {
            positive += e > 0 ? 1 : 0;
        }
        assertTrue(positive > 0, "some chain must have Delta > 0, or the acceptance term is not exercised");
        int checked = 0;
        for (int k = 0; k < w.length; k += Math.max(1, w.length / 40)) {
            double save = w[k];
            double hstep = 1e-6;
            w[k] = save + hstep;
            pre.refresh();
            double up = obj.evaluate(pre, beta, z, lp, g, v, null);
            w[k] = save - hstep;
            pre.refresh();
            double down = obj.evaluate(pre, beta, z, lp, g, v, null);
            w[k] = save;
            pre.refresh();
            double fd = (up - down) / (2 * hstep);
            assertEquals(fd, grad[k], 1e-5 * Math.max(1.0, Math.abs(fd)), "parameter " + k);
            checked++;
        }
        assertTrue(checked >= Math.min(w.length, 20));
    }

    /** A correlated Gaussian with a random covariance A A' + 0.5 I. */
    static DenseGaussian gaussian(int d, Random rng) {
        double[] a = new double[d * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextGaussian() / Math.sqrt(d);
        }
        double[] cov = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = i == j ? 0.5 : 0.0;
                for (int k = 0; k < d; k++) {
                    s += a[i * d + k] * a[j * d + k];
                }
                cov[i * d + j] = s;
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                cov[i * d + j] = cov[j * d + i];
            }
        }
        return new DenseGaussian("gauss", new double[d], cov);
    }
}
