package org.leapfrog.samplers.target;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Java twins: gradients and Hessian-vector products against central differences; batch independence. */
class TargetDerivativesTest {
    static List<Target> targets() {
        return TargetFixtures.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void gradientMatchesCentralDifferences(Target t) {
        int d = t.dimension(), n = 6;
        SplittableRandom r = new SplittableRandom(1);
        double[] x = new double[d * n], g = new double[d * n], lp = new double[n];
        TargetFixtures.positions(t, x, n, n, r);
        t.logDensityAndGradient(x, g, lp, n, 0, n);
        double[] fd = new double[d * n];
        double[] lps = new double[2], pair = new double[2 * d], gp = new double[2 * d];
        for (int c = 0; c < n; c++) {
            for (int i = 0; i < d; i++) {
                // Two chains (x + h e_i, x - h e_i) in one call, stride 2.
                double h = 1e-5 * Math.max(1, Math.abs(x[i * n + c]));
                for (int k = 0; k < d; k++) {
                    pair[2 * k] = pair[2 * k + 1] = x[k * n + c];
                }
                pair[2 * i] += h;
                pair[2 * i + 1] -= h;
                t.logDensityAndGradient(pair, gp, lps, 2, 0, 2);
                fd[i * n + c] = (lps[0] - lps[1]) / (2 * h);
            }
            TargetFixtures.assertClose(t.name() + " gradient vs finite differences", fd, g, d, n, c, 1e-6);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void hessianVectorProductMatchesCentralDifferences(Target t) {
        int d = t.dimension(), n = 6;
        SplittableRandom r = new SplittableRandom(2);
        double[] x = new double[d * n], v = new double[d * n], hv = new double[d * n];
        TargetFixtures.positions(t, x, n, n, r);
        TargetFixtures.directions(d, v, n, n, r);
        t.hessianVectorProduct(x, v, hv, n, 0, n);
        double h = 1e-5;
        double[] xp = new double[d * n], xm = new double[d * n], gp = new double[d * n], gm = new double[d * n];
        double[] lp = new double[n];
        for (int k = 0; k < d * n; k++) {
            xp[k] = x[k] + h * v[k];
            xm[k] = x[k] - h * v[k];
        }
        t.logDensityAndGradient(xp, gp, lp, n, 0, n);
        t.logDensityAndGradient(xm, gm, lp, n, 0, n);
        double[] fd = new double[d * n];
        for (int k = 0; k < d * n; k++) {
            fd[k] = (gp[k] - gm[k]) / (2 * h);
        }
        for (int c = 0; c < n; c++) {
            TargetFixtures.assertClose(t.name() + " HVP vs finite differences", fd, hv, d, n, c, 1e-6);
        }
    }

    /** A chain's result does not depend on the batch around it or on how the batch is split (tiles included). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void resultsDoNotDependOnTheBatchSplit(Target t) {
        int d = t.dimension(), n = 300;
        SplittableRandom r = new SplittableRandom(3);
        double[] x = new double[d * n], v = new double[d * n];
        TargetFixtures.positions(t, x, n, n, r);
        TargetFixtures.directions(d, v, n, n, r);
        double[] g1 = new double[d * n], lp1 = new double[n], hv1 = new double[d * n];
        t.logDensityAndGradient(x, g1, lp1, n, 0, n);
        t.hessianVectorProduct(x, v, hv1, n, 0, n);
        double[] g2 = new double[d * n], lp2 = new double[n], hv2 = new double[d * n];
        int[] cuts = {0, 1, 130, 131, 299, 300};
        for (int k = 0; k + 1 < cuts.length; k++) {
            t.logDensityAndGradient(x, g2, lp2, n, cuts[k], cuts[k + 1]);
            t.hessianVectorProduct(x, v, hv2, n, cuts[k], cuts[k + 1]);
        }
        assertArrayEquals(lp1, lp2, 0.0);
        assertArrayEquals(g1, g2, 0.0);
        assertArrayEquals(hv1, hv2, 0.0);
    }
}
