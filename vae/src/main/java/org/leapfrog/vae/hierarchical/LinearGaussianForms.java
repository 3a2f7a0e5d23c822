package org.leapfrog.vae.hierarchical;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * Closed forms of a {@link LinearHierarchicalModel} (Hirt et al. section 6.4): the prior of z = (z1, z2) is
 * N(mu_z, Sigma_z) with Sigma_z = [[I, A'], [A, A A' + Lambda]], the data are x ~ N(mu_x, Sigma_x) with
 * mu_x = W mu_z + b + Wd c and Sigma_x = W Sigma_z W' + Sigma_x|z, and the posterior covariance is equation (11),
 * Sigma_z|x = Sigma_z - (W Sigma_z)' Sigma_x^-1 W Sigma_z. Dense EJML linear algebra; matrices row-major.
 */
public final class LinearGaussianForms {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private LinearGaussianForms() {
    }

    /** Sigma_z = [[I, A'], [A, A A' + diag(exp(s))]]. */
    public static DMatrixRMaj priorCovariance(LinearHierarchicalModel m) {
        int n1 = m.n1(), n2 = m.n2();
        DMatrixRMaj cov = new DMatrixRMaj(n1 + n2, n1 + n2);
        DMatrixRMaj aat = new DMatrixRMaj(n2, n2);
        CommonOps_DDRM.multTransB(m.a(), m.a(), aat);
        for (int i = 0; i < n1; i++) {
            cov.set(i, i, 1.0);
        }
        for (int i = 0; i < n2; i++) {
            for (int j = 0; j < n1; j++) {
                cov.set(n1 + i, j, m.a().get(i, j));
                cov.set(j, n1 + i, m.a().get(i, j));
            }
            for (int j = 0; j < n2; j++) {
                cov.set(n1 + i, n1 + j, aat.get(i, j));
            }
            cov.add(n1 + i, n1 + i, Math.exp(m.s()[i]));
        }
        return cov;
    }

    /** Sigma_z^-1 = [[I + A' Lambda^-1 A, -A' Lambda^-1], [-Lambda^-1 A, Lambda^-1]] (no inversion needed). */
    public static DMatrixRMaj priorPrecision(LinearHierarchicalModel m) {
        int n1 = m.n1(), n2 = m.n2();
        DMatrixRMaj prec = new DMatrixRMaj(n1 + n2, n1 + n2);
        DMatrixRMaj la = m.a().copy();   // Lambda^-1 A
        for (int i = 0; i < n2; i++) {
            double inv = Math.exp(-m.s()[i]);
            for (int j = 0; j < n1; j++) {
                la.set(i, j, la.get(i, j) * inv);
            }
        }
        DMatrixRMaj atla = new DMatrixRMaj(n1, n1);
        CommonOps_DDRM.multTransA(m.a(), la, atla);
        for (int i = 0; i < n1; i++) {
            for (int j = 0; j < n1; j++) {
                prec.set(i, j, atla.get(i, j) + (i == j ? 1.0 : 0.0));
            }
        }
        for (int i = 0; i < n2; i++) {
            for (int j = 0; j < n1; j++) {
                prec.set(n1 + i, j, -la.get(i, j));
                prec.set(j, n1 + i, -la.get(i, j));
            }
            prec.set(n1 + i, n1 + i, Math.exp(-m.s()[i]));
        }
        return prec;
    }

    /** mu_x = W mu_z + b + Wd c = (Wz + Wd) c + b. */
    public static double[] marginalMean(LinearHierarchicalModel m) {
        double[] mu = m.offset();
        double[] muZ = m.priorMean();
        DMatrixRMaj w = m.loadings();
        for (int i = 0; i < mu.length; i++) {
            for (int j = 0; j < muZ.length; j++) {
                mu[i] += w.get(i, j) * muZ[j];
            }
        }
        return mu;
    }

    /** Sigma_x = W Sigma_z W' + diag(exp(v)). */
    public static DMatrixRMaj marginalCovariance(LinearHierarchicalModel m) {
        DMatrixRMaj w = m.loadings();
        DMatrixRMaj wsz = new DMatrixRMaj(w.numRows, w.numCols);
        CommonOps_DDRM.mult(w, priorCovariance(m), wsz);
        DMatrixRMaj sx = new DMatrixRMaj(w.numRows, w.numRows);
        CommonOps_DDRM.multTransB(wsz, w, sx);
        for (int i = 0; i < sx.numRows; i++) {
            sx.add(i, i, Math.exp(m.v()[i]));
        }
        return symmetrised(sx);
    }

    /** Equation (11): Sigma_z|x = Sigma_z - (W Sigma_z)' Sigma_x^-1 (W Sigma_z). */
    public static DMatrixRMaj posteriorCovariance(LinearHierarchicalModel m) {
        DMatrixRMaj sz = priorCovariance(m);
        DMatrixRMaj w = m.loadings();
        DMatrixRMaj wsz = new DMatrixRMaj(w.numRows, w.numCols);
        CommonOps_DDRM.mult(w, sz, wsz);
        DMatrixRMaj solved = new DMatrixRMaj(w.numRows, w.numCols);   // Sigma_x^-1 W Sigma_z
        CholeskyDecomposition_F64<DMatrixRMaj> chol = cholesky(marginalCovariance(m), "Sigma_x");
        solveCholesky(chol, wsz, solved);
        DMatrixRMaj out = sz.copy();
        CommonOps_DDRM.multAddTransA(-1.0, wsz, solved, out);
        return symmetrised(out);
    }

    /** Sigma_z|x^-1 = Sigma_z^-1 + W' Sigma_x|z^-1 W (the same matrix as the inverse of equation (11)). */
    public static DMatrixRMaj posteriorPrecision(LinearHierarchicalModel m) {
        DMatrixRMaj w = m.loadings();
        DMatrixRMaj scaled = w.copy();
        for (int i = 0; i < w.numRows; i++) {
            double inv = Math.exp(-m.v()[i]);
            for (int j = 0; j < w.numCols; j++) {
                scaled.set(i, j, scaled.get(i, j) * inv);
            }
        }
        DMatrixRMaj out = priorPrecision(m);
        CommonOps_DDRM.multAddTransA(w, scaled, out);
        return symmetrised(out);
    }

    /** Posterior mean of z given one observation {@code x}: mu_z + (W Sigma_z)' Sigma_x^-1 (x - mu_x). */
    public static double[] posteriorMean(LinearHierarchicalModel m, double[] x) {
        int dx = m.dataDim();
        if (x.length != dx) {
            throw new IllegalArgumentException("x: length " + x.length + "; allowed: " + dx);
        }
        double[] mux = marginalMean(m);
        DMatrixRMaj r = new DMatrixRMaj(dx, 1);
        for (int i = 0; i < dx; i++) {
            r.set(i, 0, x[i] - mux[i]);
        }
        DMatrixRMaj solved = new DMatrixRMaj(dx, 1);
        solveCholesky(cholesky(marginalCovariance(m), "Sigma_x"), r, solved);
        DMatrixRMaj w = m.loadings();
        DMatrixRMaj wsz = new DMatrixRMaj(w.numRows, w.numCols);
        CommonOps_DDRM.mult(w, priorCovariance(m), wsz);
        DMatrixRMaj dz = new DMatrixRMaj(w.numCols, 1);
        CommonOps_DDRM.multTransA(wsz, solved, dz);
        double[] mean = m.priorMean();
        for (int i = 0; i < mean.length; i++) {
            mean[i] += dz.get(i, 0);
        }
        return mean;
    }

    /** log p(x_i) per observation of a row-major {@code n x dx} array, under x ~ N(mu_x, Sigma_x). */
    public static double[] logLikelihoods(LinearHierarchicalModel m, double[] x) {
        int dx = m.dataDim();
        if (x.length == 0 || x.length % dx != 0) {
            throw new IllegalArgumentException("x: length " + x.length + "; allowed: a positive multiple of dx = " + dx);
        }
        int n = x.length / dx;
        CholeskyDecomposition_F64<DMatrixRMaj> chol = cholesky(marginalCovariance(m), "Sigma_x");
        DMatrixRMaj l = chol.getT(null);
        double logDet = 0;
        for (int i = 0; i < dx; i++) {
            logDet += 2 * Math.log(l.get(i, i));
        }
        double[] mu = marginalMean(m);
        double[] out = new double[n];
        double[] y = new double[dx];
        for (int r = 0; r < n; r++) {
            // Forward substitution L y = x - mu; the quadratic form is |y|^2.
            double q = 0;
            for (int i = 0; i < dx; i++) {
                double acc = x[r * dx + i] - mu[i];
                for (int j = 0; j < i; j++) {
                    acc -= l.get(i, j) * y[j];
                }
                y[i] = acc / l.get(i, i);
                q += y[i] * y[i];
            }
            out[r] = -0.5 * (dx * LOG_2PI + logDet + q);
        }
        return out;
    }

    /** The exact log-likelihood summed over the rows of {@code x} (row-major {@code n x dx}). */
    public static double logLikelihood(LinearHierarchicalModel m, double[] x) {
        double sum = 0;
        for (double v : logLikelihoods(m, x)) {
            sum += v;
        }
        return sum;
    }

    private static CholeskyDecomposition_F64<DMatrixRMaj> cholesky(DMatrixRMaj spd, String what) {
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(spd.numRows, true);
        if (!chol.decompose(spd.copy())) {
            throw new IllegalStateException(what + " is not positive definite");
        }
        return chol;
    }

    /** Solves (L L') out = rhs for the lower Cholesky factor L. */
    private static void solveCholesky(CholeskyDecomposition_F64<DMatrixRMaj> chol, DMatrixRMaj rhs, DMatrixRMaj out) {
        DMatrixRMaj l = chol.getT(null);
        int n = l.numRows, k = rhs.numCols;
        out.reshape(n, k);
        for (int col = 0; col < k; col++) {
            for (int i = 0; i < n; i++) {
                double acc = rhs.get(i, col);
                for (int j = 0; j < i; j++) {
                    acc -= l.get(i, j) * out.get(j, col);
                }
                out.set(i, col, acc / l.get(i, i));
            }
            for (int i = n - 1; i >= 0; i--) {
                double acc = out.get(i, col);
                for (int j = i + 1; j < n; j++) {
                    acc -= l.get(j, i) * out.get(j, col);
                }
                out.set(i, col, acc / l.get(i, i));
            }
        }
    }

    static DMatrixRMaj symmetrised(DMatrixRMaj a) {
        DMatrixRMaj s = new DMatrixRMaj(a.numRows, a.numCols);
        for (int i = 0; i < a.numRows; i++) {
            for (int j = 0; j < a.numCols; j++) {
                s.set(i, j, 0.5 * (a.get(i, j) + a.get(j, i)));
            }
        }
        return s;
    }
}
