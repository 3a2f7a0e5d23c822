package org.leapfrog.vae.mcmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.samplers.adapt.Preconditioner;

/**
 * The kernels leave the exact posterior of a linear Gaussian model invariant: 4000 chains start at exact posterior
 * draws, run K = 3 MH steps with a non-trivial h C (acceptance well inside (0, 1)), and the final states' means and
 * variances are z-tested per coordinate against the closed form. |z| < 4.5 per test: false-failure rate
 * 6.8e-6 per test, 6 tests per case, 4 cases: about 1.6e-4 for the class; the seeds are fixed.
 */
class MarkovRefinementInvarianceTest {
    private static final int N = 4000;
    private static final double Z = 4.5;

    /** A small linear Gaussian model and its exact posterior for one x (row-major 3 x 3 posterior covariance). */
    static final class Model {
        final int d = 3;
        final int p = 5;
        final double s = 0.7;
        final double[][] a = new double[d][p];
        final double[] x = new double[p];
        final double[] mean = new double[d];
        final double[][] cov = new double[d][d];
        final double[][] chol = new double[d][d];

        Model(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < p; j++) {
                    a[i][j] = r.nextDouble(-1.5, 1.5);
                }
            }
            for (int j = 0; j < p; j++) {
                x[j] = r.nextDouble(-2, 2);
            }
            // precision = I + A A' / s^2 (A is d x p: z A is the mean of x), mean = cov A x / s^2
            double[][] prec = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int k = 0; k < d; k++) {
                    double v = i == k ? 1.0 : 0.0;
                    for (int j = 0; j < p; j++) {
                        v += a[i][j] * a[k][j] / (s * s);
                    }
                    prec[i][k] = v;
                }
            }
            invert3(prec, cov);
            for (int i = 0; i < d; i++) {
                double v = 0;
                for (int k = 0; k < d; k++) {
                    double ax = 0;
                    for (int j = 0; j < p; j++) {
                        ax += a[k][j] * x[j];
                    }
                    v += cov[i][k] * ax / (s * s);
                }
                mean[i] = v;
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j <= i; j++) {
                    double v = cov[i][j];
                    for (int k = 0; k < j; k++) {
                        v -= chol[i][k] * chol[j][k];
                    }
                    chol[i][j] = i == j ? Math.sqrt(v) : v / chol[j][j];
                }
            }
        }

        Function<Tensor, Tensor> logJoint(Engine e) {
            double[] af = new double[d * p];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < p; j++) {
                    af[j * d + i] = a[i][j];
                }
            }
            Tensor at = e.wrap(d, p, af);
            Tensor xt = e.wrap(1, p, x.clone());
            return z -> z.square().sumCols().mul(-0.5).sub(xt.sub(z.matmul(at)).square().sumCols().mul(0.5 / (s * s)));
        }

        /** n exact posterior draws, feature-major n x d. */
        double[] draws(int n, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            double[] out = new double[n * d];
            double[] e = new double[d];
            for (int c = 0; c < n; c++) {
                for (int i = 0; i < d; i++) {
                    e[i] = normal(r);
                }
                for (int i = 0; i < d; i++) {
                    double v = mean[i];
                    for (int k = 0; k <= i; k++) {
                        v += chol[i][k] * e[k];
                    }
                    out[i * n + c] = v;
                }
            }
            return out;
        }

        private static double normal(SplittableRandom r) {
            double u = r.nextDouble(), v = r.nextDouble();
            return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
        }

        private static void invert3(double[][] m, double[][] out) {
            double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                    + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    int i1 = (j + 1) % 3, i2 = (j + 2) % 3, j1 = (i + 1) % 3, j2 = (i + 2) % 3;
                    out[i][j] = (m[i1][j1] * m[i2][j2] - m[i1][j2] * m[i2][j1]) / det;
                }
            }
        }
    }

    /** Sets h and a non-trivial C on a GRADIENT refinement (log diagonal, and lower entries for LT). */
    static void setProposal(MarkovRefinement r, double h, double[] logDiag, double[] lowerRowMajor) {
        var ps = r.parameters();
        ps.get(0).assign(new double[] {Math.log(h)});
        ps.get(1).assign(logDiag);
        if (ps.size() > 2) {
            int d = logDiag.length;
            double[] fm = new double[d * d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    fm[j * d + i] = lowerRowMajor[i * d + j];
                }
            }
            ps.get(2).assign(fm);
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"1, DIAGONAL, 0.9", "1, LOWER_TRIANGULAR, 0.9", "4, DIAGONAL, 0.35", "4, LOWER_TRIANGULAR, 0.35"})
    void exactPosteriorIsInvariant(int leapfrogSteps, Preconditioner.Kind kind, double h) {
        Engine e = Engine.java();
        Model m = new Model(11);
        RefinementSettings s = leapfrogSteps == 1 ? RefinementSettings.gradMala(3, kind)
                : RefinementSettings.gradHmc(3, leapfrogSteps, kind);
        MarkovRefinement r = new MarkovRefinement(e, m.d, s);
        setProposal(r, h, new double[] {Math.log(0.5), Math.log(0.8), Math.log(0.35)},
                new double[] {0, 0, 0, 0.2, 0, 0, -0.1, 0.15, 0});
        Tensor z0 = e.wrap(N, m.d, m.draws(N, 5));
        MarkovRefinement.Result res = r.run(z0, m.logJoint(e), 77, 3, false);
        double[] st = res.stats().toArray();
        assertTrue(st[0] > 0.2 && st[0] < 0.95, "accepted fraction " + st[0] + " should be inside (0.2, 0.95)");
        double[] z = res.z().toArray();
        for (int i = 0; i < m.d; i++) {
            double mean = 0;
            for (int c = 0; c < N; c++) {
                mean += z[i * N + c];
            }
            mean /= N;
            double var = 0;
            for (int c = 0; c < N; c++) {
                var += (z[i * N + c] - mean) * (z[i * N + c] - mean);
            }
            var /= N - 1;
            double sd = Math.sqrt(m.cov[i][i]);
            double zMean = (mean - m.mean[i]) / (sd / Math.sqrt(N));
            double zVar = (var - m.cov[i][i]) / (m.cov[i][i] * Math.sqrt(2.0 / (N - 1)));
            assertTrue(Math.abs(zMean) < Z, "coordinate " + i + ": mean z-score " + zMean);
            assertTrue(Math.abs(zVar) < Z, "coordinate " + i + ": variance z-score " + zVar);
            // the chains moved: not the starting draws
        }
        double moved = 0;
        double[] start = z0.toArray();
        for (int k = 0; k < z.length; k++) {
            moved += z[k] != start[k] ? 1 : 0;
        }
        assertTrue(moved / z.length > 0.3, "fraction of coordinates that moved: " + moved / z.length);
        assertEquals(N, res.logJoint().rows());
    }
}
