package org.leapfrog.vae.hierarchical;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The parameters theta of the two-layer linear hierarchical model of Hirt et al. section 6.4, as dense row-major
 * matrices (EJML), with its closed forms in {@link LinearGaussianForms}:
 *
 * <pre>
 *   z1 ~ N(0, I_n1),   z2 | z1 ~ N(A z1 + c, diag(exp(s))),   x | z ~ N(Wz z2 + Wd d2 + b, diag(exp(v)))
 * </pre>
 *
 * where {@code d2 = A z1 + c} is the mean part of the top-down deterministic variable (its sigma part
 * {@code s = c2^sigma = 2 log sigma_{z2|z1}} is constant, so its decoder weight would only add to b). With
 * {@code z = (z1, z2)} this is {@code x | z ~ N(W z + b + Wd c, diag(exp(v)))}, {@code W = [Wd A, Wz]}.
 *
 * @param a   A, {@code n2 x n1}
 * @param c   c2^mu, {@code n2}
 * @param s   c2^sigma = log-variances of z2 | z1, {@code n2}
 * @param wz  W2^z, {@code dx x n2}
 * @param wd  W2^d, {@code dx x n2}
 * @param b   b, {@code dx}
 * @param v   log-variances of x | z, {@code dx}
 */
public record LinearHierarchicalModel(DMatrixRMaj a, double[] c, double[] s, DMatrixRMaj wz, DMatrixRMaj wd,
                                      double[] b, double[] v) {
    public LinearHierarchicalModel {
        int n2 = a.numRows, dx = wz.numRows;
        if (c.length != n2 || s.length != n2 || wz.numCols != n2 || wd.numRows != dx || wd.numCols != n2
                || b.length != dx || v.length != dx) {
            throw new IllegalArgumentException("shapes: A " + a.numRows + "x" + a.numCols + ", c " + c.length + ", s "
                    + s.length + ", Wz " + wz.numRows + "x" + wz.numCols + ", Wd " + wd.numRows + "x" + wd.numCols
                    + ", b " + b.length + ", v " + v.length + "; allowed: A n2 x n1, c and s n2, Wz and Wd dx x n2,"
                    + " b and v dx");
        }
    }

    /**
     * The ground truth of the experiment (the conventions of the adaptation benchmark's posterior): A, Wd and Wz
     * with N(0, 1) entries scaled by 1/sqrt(columns), drawn in that order from {@code rng}; c = 0, unit
     * conditional variances of z2 and b = 0; observation noise sd {@code noiseSd}.
     */
    public static LinearHierarchicalModel truth(int n1, int n2, int dx, double noiseSd, SplittableRandom rng) {
        if (n1 < 1 || n2 < 1) {
            throw new IllegalArgumentException("layer sizes: (" + n1 + ", " + n2 + "); allowed: both >= 1");
        }
        if (dx < 1) {
            throw new IllegalArgumentException("dx: " + dx + "; allowed: >= 1");
        }
        if (!(noiseSd > 0) || Double.isInfinite(noiseSd)) {
            throw new IllegalArgumentException("noiseSd: " + noiseSd + "; allowed: finite and > 0");
        }
        DMatrixRMaj a = scaledGaussian(n2, n1, rng);
        DMatrixRMaj wd = scaledGaussian(dx, n2, rng);
        DMatrixRMaj wz = scaledGaussian(dx, n2, rng);
        double[] v = new double[dx];
        java.util.Arrays.fill(v, Math.log(noiseSd * noiseSd));
        return new LinearHierarchicalModel(a, new double[n2], new double[n2], wz, wd, new double[dx], v);
    }

    /** A {@code rows x cols} matrix of N(0, 1/cols) entries, row by row from {@code rng}. */
    public static DMatrixRMaj scaledGaussian(int rows, int cols, SplittableRandom rng) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        double scale = 1.0 / Math.sqrt(cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = scale * rng.nextGaussian();
        }
        return m;
    }

    public int n1() {
        return a.numCols;
    }

    public int n2() {
        return a.numRows;
    }

    /** Latent dimension n1 + n2. */
    public int latentDim() {
        return a.numCols + a.numRows;
    }

    public int dataDim() {
        return wz.numRows;
    }

    /** W = [Wd A, Wz], {@code dx x (n1 + n2)}. */
    public DMatrixRMaj loadings() {
        int n1 = n1(), dx = dataDim();
        DMatrixRMaj wdA = new DMatrixRMaj(dx, n1);
        CommonOps_DDRM.mult(wd, a, wdA);
        DMatrixRMaj w = new DMatrixRMaj(dx, latentDim());
        CommonOps_DDRM.insert(wdA, w, 0, 0);
        CommonOps_DDRM.insert(wz, w, 0, n1);
        return w;
    }

    /** Prior mean (0, c). */
    public double[] priorMean() {
        double[] m = new double[latentDim()];
        System.arraycopy(c, 0, m, n1(), n2());
        return m;
    }

    /** The constant of x | z's mean besides W z: b + Wd c. */
    public double[] offset() {
        double[] o = b.clone();
        for (int i = 0; i < o.length; i++) {
            for (int j = 0; j < c.length; j++) {
                o[i] += wd.get(i, j) * c[j];
            }
        }
        return o;
    }

    /**
     * n observations simulated from the model, row-major {@code n x dx}: z1, then z2 | z1, then x | z per
     * observation, in that order from {@code rng}.
     */
    public double[] simulate(int n, SplittableRandom rng) {
        if (n < 1) {
            throw new IllegalArgumentException("n: " + n + "; allowed: >= 1");
        }
        int n1 = n1(), n2 = n2(), dx = dataDim();
        DMatrixRMaj w = loadings();
        double[] off = offset();
        double[] x = new double[n * dx];
        double[] z = new double[n1 + n2];
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < n1; i++) {
                z[i] = rng.nextGaussian();
            }
            for (int i = 0; i < n2; i++) {
                double m = c[i];
                for (int j = 0; j < n1; j++) {
                    m += a.get(i, j) * z[j];
                }
                z[n1 + i] = m + Math.exp(0.5 * s[i]) * rng.nextGaussian();
            }
            for (int k = 0; k < dx; k++) {
                double m = off[k];
                for (int j = 0; j < n1 + n2; j++) {
                    m += w.get(k, j) * z[j];
                }
                x[r * dx + k] = m + Math.exp(0.5 * v[k]) * rng.nextGaussian();
            }
        }
        return x;
    }
}
