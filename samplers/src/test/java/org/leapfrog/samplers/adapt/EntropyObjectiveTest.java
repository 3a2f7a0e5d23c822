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

    /**
     * The guard ({@link EntropyGuard}) on a Gaussian with precision diag(1, 2, 4), C = I, L = 5 (K = I - 4 h^2 P),
     * chains at the mode with v = 0 (Delta = 0 exactly: the acceptance term is flat). Below the singularity
     * (h = 0.2) d F / d log h is beta (d + sum_i 2 k p_i / (k p_i - 1)), k = 4 h^2, the correction pulling h down;
     * beyond it (h = 0.4, two eigenvalues of K below 0) that formula would be positive and growing, rewarding larger
     * steps; the guarded objective gives only beta d (the d log h term) and the constant floor.
     */
    @org.junit.jupiter.api.Test
    void correctionBeyondTheSingularityIsAConstantFloor() {
        double[] p = {1, 2, 4};
        int d = p.length, n = 4, steps = 5;
        Target target = new DenseGaussian("diag", new double[d], new double[] {1, 0, 0, 0, 0.5, 0, 0, 0, 0.25});
        double[] z = new double[d * n], v = new double[d * n], g = new double[d * n], lp = new double[n];
        target.logDensityAndGradient(z, g, lp, n, 0, n);
        EntropyObjective obj = new EntropyObjective(target, n, steps, 2);
        double beta = 0.7;
        for (double h : new double[] {0.2, 0.4}) {
            Preconditioner pre = new Preconditioner(Preconditioner.Kind.DIAGONAL, d, h);
            double[] grad = new double[Preconditioner.size(Preconditioner.Kind.DIAGONAL, d)];
            double value = obj.evaluate(pre, beta, z, lp, g, v, grad);
            for (double e : obj.energyError()) {
                assertEquals(0.0, e, 0.0, "chains at the mode with v = 0 stay there");
            }
            double k = EntropyObjective.hessianCorrectionFactor(steps) * h * h;
            double logDet = 0, unguarded = d;
            for (double pi : p) {
                logDet += Math.log(Math.abs(1 - k * pi));
                unguarded += 2 * k * pi / (k * pi - 1);
            }
            if (h < 0.3) {
                assertEquals(beta * unguarded, grad[0], 1e-10, "h = " + h + ": positive definite, the correction acts");
                assertTrue(unguarded < d, "below the singularity the correction pulls h down");
                assertEquals(beta * (d * Math.log(h) + logDet), value, 1e-10);
            } else {
                assertTrue(unguarded > d + 5, "beyond the singularity the unguarded correction would push h up");
                assertEquals(beta * d, grad[0], 1e-12, "h = " + h + ": no gradient from the correction");
                assertEquals(beta * (d * Math.log(h) + EntropyGuard.LOG_DET_FLOOR), value, 1e-12);
                for (int i = 1; i <= d; i++) {
                    assertEquals(beta, grad[i], 1e-12, "C_ii: only the log C_ii term");
                }
            }
        }
    }

    /** The shared Cholesky test of the symmetric part, strided as a chain-minor batch. */
    @org.junit.jupiter.api.Test
    void positiveDefinitenessOfTheSymmetricPart() {
        double[] work = new double[4];
        assertTrue(EntropyGuard.positiveDefinite(new double[] {2, 1, 1, 2}, work, 2, 0, 1));
        assertEquals(Math.sqrt(2), work[0], 0.0);
        assertTrue(!EntropyGuard.positiveDefinite(new double[] {1, 2, 2, 1}, work, 2, 0, 1), "eigenvalues 3, -1");
        assertTrue(!EntropyGuard.positiveDefinite(new double[] {1, 0, 0, 0}, work, 2, 0, 1), "singular");
        // Symmetric part of [[1, 3], [-3, 1]] is I although A itself is not symmetric.
        assertTrue(EntropyGuard.positiveDefinite(new double[] {1, 3, -3, 1}, work, 2, 0, 1));
        // Two matrices chain-minor (stride 2): I and diag(1, -1).
        double[] batch = {1, 1, 0, 0, 0, 0, 1, -1};
        double[] bw = new double[8];
        assertTrue(EntropyGuard.positiveDefinite(batch, bw, 2, 0, 2));
        assertTrue(!EntropyGuard.positiveDefinite(batch, bw, 2, 1, 2));
    }
}
