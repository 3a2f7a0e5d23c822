package org.leapfrog.bench.adaptation;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.leapfrog.samplers.target.DenseGaussian;
import org.leapfrog.vae.hierarchical.Conditioning;
import org.leapfrog.vae.hierarchical.LinearHierarchicalModel;

/**
 * The posterior of the two-layer linear hierarchical model of Hirt et al. section 6.4: z1 ~ N(0, I_n1),
 * z2 | z1 ~ N(A z1, I_n2), x | z ~ N(W z, 0.5^2 I) with W = [Wd A, Wz], so the prior covariance is
 * [[I, A'], [A, A A' + I]] and the posterior precision is Sigma_z^-1 + W' W / 0.25. The paper leaves the
 * generating matrices open; here A, Wd and Wz have N(0, 1) entries scaled by 1/sqrt(columns), the data dimension
 * equals n2, and one x is simulated from the model (it moves the posterior mean only).
 */
public final class LinearHierarchicalGaussian {
    static final double OBSERVATION_SD = 0.5;

    private LinearHierarchicalGaussian() {
    }

    /** The posterior of z = (z1, z2) for latent sizes (n1, n2). */
    public static DenseGaussian posterior(int n1, int n2, long seed) {
        if (n1 < 1 || n2 < 1) {
            throw new IllegalArgumentException("layer sizes: (" + n1 + ", " + n2 + "); allowed: both >= 1");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int d = n1 + n2, dx = n2;
        // The model's matrices are shared with the linear hierarchical VAE experiment (same draws).
        LinearHierarchicalModel model = LinearHierarchicalModel.truth(n1, n2, dx, OBSERVATION_SD, rng);
        DMatrixRMaj a = model.a();
        DMatrixRMaj w = model.loadings();
        // Prior precision [[I + A'A, -A'], [-A, I]].
        DMatrixRMaj prec = new DMatrixRMaj(d, d);
        DMatrixRMaj ata = new DMatrixRMaj(n1, n1);
        CommonOps_DDRM.multTransA(a, a, ata);
        for (int i = 0; i < d; i++) {
            prec.set(i, i, 1.0);
        }
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n1; j++) {
                prec.add(i, j, ata.get(i, j));
            }
        }
        for (int i = 0; i < n2; i++) {
            for (int j = 0; j < n1; j++) {
                prec.set(n1 + i, j, -a.get(i, j));
                prec.set(j, n1 + i, -a.get(i, j));
            }
        }
        DMatrixRMaj wtw = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(w, w, wtw);
        double s2 = OBSERVATION_SD * OBSERVATION_SD;
        for (int i = 0; i < d * d; i++) {
            prec.data[i] += wtw.data[i] / s2;
        }
        // One data point from the model: z1, z2 | z1, x | z.
        double[] z = new double[d];
        for (int i = 0; i < n1; i++) {
            z[i] = rng.nextGaussian();
        }
        for (int i = 0; i < n2; i++) {
            double m = 0;
            for (int j = 0; j < n1; j++) {
                m += a.get(i, j) * z[j];
            }
            z[n1 + i] = m + rng.nextGaussian();
        }
        double[] wtx = new double[d];
        for (int r = 0; r < dx; r++) {
            double x = OBSERVATION_SD * rng.nextGaussian();
            for (int j = 0; j < d; j++) {
                x += w.get(r, j) * z[j];
            }
            for (int j = 0; j < d; j++) {
                wtx[j] += w.get(r, j) * x / s2;
            }
        }
        DMatrixRMaj cov = new DMatrixRMaj(d, d);
        if (!CommonOps_DDRM.invert(prec.copy(), cov)) {
            throw new IllegalStateException("posterior precision is singular");
        }
        double[] covSym = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                covSym[i * d + j] = 0.5 * (cov.get(i, j) + cov.get(j, i));
            }
        }
        double[] mean = new double[d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                mean[i] += covSym[i * d + j] * wtx[j];
            }
        }
        return new DenseGaussian("linear-hierarchical-" + n1 + "-" + n2, mean, covSym);
    }

    /** Condition number (largest over smallest eigenvalue) of a symmetric positive-definite matrix, row-major. */
    public static double conditionNumber(double[] sym, int d) {
        return Conditioning.conditionNumber(sym, d);
    }

    /** C' P C for a row-major C (d x d) and precision P. */
    public static double[] transformed(double[] precision, double[] c, int d) {
        return Conditioning.transformed(precision, c, d);
    }
}
