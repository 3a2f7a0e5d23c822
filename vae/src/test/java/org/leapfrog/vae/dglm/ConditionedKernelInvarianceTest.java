package org.leapfrog.vae.dglm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.samplers.l2hmc.L2hmcGraph;

/**
 * The conditioned kernel leaves the exact posterior invariant. Model: a linear Gaussian decoder,
 * {@code z ~ N(0, I_3)}, {@code x | z ~ N(z W + b, s^2 I_5)}, whose posterior is Gaussian in closed form:
 * precision {@code P = I + W W' / s^2}, mean {@code P^-1 W (x - b) / s^2}. 10,000 chains, 2,500 for each of four
 * datapoints x (the kernel's networks read an encoding of each row's x), start at exact posterior draws and take
 * two transitions of a kernel whose networks are perturbed far from 0. If the posterior is invariant the end states
 * are again exact draws, so per datapoint and coordinate the paired differences f(z_end) - f(z_start) have mean 0
 * for f = z, z^2 and the indicators of z below the 10%, 50% and 90% quantiles (from an independent exact sample).
 * Each is a z-test on 2,500 paired differences failing at |z| > 5 (two-sided p = 5.7e-7); 4 x 3 x 5 = 60 tests,
 * so the false-failure rate is at most 3.5e-5. The chains must move (mean acceptance > 0.1).
 */
class ConditionedKernelInvarianceTest {
    private static final int LATENT = 3;
    private static final int OBS = 5;
    private static final int DATA = 4;
    private static final int PER = 2500;
    private static final double NOISE = 0.7;
    private static final double Z_MAX = 5.0;

    @Test
    void exactPosteriorDrawsStayExact() {
        Engine e = Engine.java();
        SplittableRandom rng = new SplittableRandom(4);
        double[][] w = new double[LATENT][OBS];
        double[] b = new double[OBS];
        double[][] xs = new double[DATA][OBS];
        for (int i = 0; i < LATENT; i++) {
            for (int j = 0; j < OBS; j++) {
                w[i][j] = rng.nextGaussian();
            }
        }
        for (int j = 0; j < OBS; j++) {
            b[j] = 0.5 * rng.nextGaussian();
        }
        for (int d = 0; d < DATA; d++) {
            for (int j = 0; j < OBS; j++) {
                xs[d][j] = 2.0 * rng.nextGaussian();
            }
        }
        int n = DATA * PER;
        double[] xData = new double[n * OBS];
        for (int c = 0; c < n; c++) {
            for (int j = 0; j < OBS; j++) {
                xData[j * n + c] = xs[c % DATA][j];
            }
        }
        double[] z0 = exactPosterior(w, b, xs, n, new SplittableRandom(11));
        double[] ref = exactPosterior(w, b, xs, n, new SplittableRandom(12));

        Tensor x = e.wrap(n, OBS, xData);
        Tensor wt = e.wrap(LATENT, OBS, columnMajor(w));
        Tensor bt = e.wrap(1, OBS, b);
        L2hmcGraph.FunctionTarget target = new L2hmcGraph.FunctionTarget(e,
                z -> x.sub(z.matmul(wt).add(bt)).square().sumCols().mul(-0.5 / (NOISE * NOISE))
                        .sub(z.square().sumCols().mul(0.5)));
        ConditionedL2hmc k = new ConditionedL2hmc(e, LATENT, OBS, 3, 10, 4, 8, 0.25, 5);
        DglmFixtures.perturb(k, 0.5, 6);
        double[] z1;
        double acc = 0;
        try (Engine.GradRegion g = e.noGrad()) {
            Tensor cond = k.condition(x);
            Tensor z = e.wrap(n, LATENT, z0);
            Tensor lp = target.logDensity(z);
            for (int it = 0; it < 2; it++) {
                ConditionedL2hmc.Step s = k.step(target, cond, z, lp, 77, it);
                acc += s.meanAcceptance() / 2;
                z = s.next();
                lp = s.nextLogDensity();
            }
            z1 = z.toArray();
        }
        assertTrue(acc > 0.1 && acc < 0.99, "acceptance " + acc + ": outside (0.1, 0.99) tests little");
        List<String> failures = new ArrayList<>();
        for (int d = 0; d < DATA; d++) {
            for (int i = 0; i < LATENT; i++) {
                double[] a = new double[PER];
                double[] c = new double[PER];
                double[] r = new double[PER];
                for (int m = 0; m < PER; m++) {
                    int row = m * DATA + d;
                    a[m] = z0[i * n + row];
                    c[m] = z1[i * n + row];
                    r[m] = ref[i * n + row];
                }
                Arrays.sort(r);
                double[] cuts = {r[PER / 10], r[PER / 2], r[9 * PER / 10]};
                for (int f = 0; f < 5; f++) {
                    double[] diff = new double[PER];
                    for (int m = 0; m < PER; m++) {
                        diff[m] = stat(f, c[m], cuts) - stat(f, a[m], cuts);
                    }
                    double zs = pairedZ(diff);
                    if (Math.abs(zs) > Z_MAX) {
                        failures.add("datapoint " + d + " coordinate " + i + " statistic " + f + ": z = " + zs);
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " statistics with |z| > " + Z_MAX + ": " + failures);
        double moved = 0;
        for (int q = 0; q < z0.length; q++) {
            moved += Math.abs(z1[q] - z0[q]) / z0.length;
        }
        assertTrue(moved > 0.05, "chains moved on average " + moved);
    }

    /** n exact posterior draws (chain-minor), row c for datapoint c % DATA. */
    private static double[] exactPosterior(double[][] w, double[] b, double[][] xs, int n, SplittableRandom rng) {
        DMatrixRMaj prec = CommonOps_DDRM.identity(LATENT);
        for (int i = 0; i < LATENT; i++) {
            for (int k = 0; k < LATENT; k++) {
                double s = 0;
                for (int j = 0; j < OBS; j++) {
                    s += w[i][j] * w[k][j];
                }
                prec.add(i, k, s / (NOISE * NOISE));
            }
        }
        DMatrixRMaj cov = new DMatrixRMaj(LATENT, LATENT);
        CommonOps_DDRM.invert(prec, cov);
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(LATENT, true);
        DMatrixRMaj lower = cov.copy();
        assertTrue(chol.decompose(lower), "posterior covariance is positive definite");
        DMatrixRMaj l = chol.getT(null);
        double[][] means = new double[DATA][LATENT];
        for (int d = 0; d < DATA; d++) {
            for (int i = 0; i < LATENT; i++) {
                double s = 0;
                for (int k = 0; k < LATENT; k++) {
                    double proj = 0;
                    for (int j = 0; j < OBS; j++) {
                        proj += w[k][j] * (xs[d][j] - b[j]);
                    }
                    s += cov.get(i, k) * proj / (NOISE * NOISE);
                }
                means[d][i] = s;
            }
        }
        double[] z = new double[n * LATENT];
        double[] eps = new double[LATENT];
        for (int c = 0; c < n; c++) {
            for (int i = 0; i < LATENT; i++) {
                eps[i] = rng.nextGaussian();
            }
            for (int i = 0; i < LATENT; i++) {
                double s = means[c % DATA][i];
                for (int k = 0; k <= i; k++) {
                    s += l.get(i, k) * eps[k];
                }
                z[i * n + c] = s;
            }
        }
        return z;
    }

    /** A (rows x cols) host matrix in the engine's feature-major layout. */
    private static double[] columnMajor(double[][] m) {
        int r = m.length;
        int c = m[0].length;
        double[] out = new double[r * c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                out[j * r + i] = m[i][j];
            }
        }
        return out;
    }

    private static double stat(int f, double v, double[] cuts) {
        return switch (f) {
            case 0 -> v;
            case 1 -> v * v;
            default -> v < cuts[f - 2] ? 1.0 : 0.0;
        };
    }

    private static double pairedZ(double[] diff) {
        double mean = 0;
        for (double v : diff) {
            mean += v;
        }
        mean /= diff.length;
        double var = 0;
        for (double v : diff) {
            var += (v - mean) * (v - mean);
        }
        var /= diff.length - 1;
        if (var == 0) {
            return mean == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return mean / Math.sqrt(var / diff.length);
    }
}
