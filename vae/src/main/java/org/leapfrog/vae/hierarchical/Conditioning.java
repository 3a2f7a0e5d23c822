package org.leapfrog.vae.hierarchical;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Condition numbers of posterior precisions and of their preconditioned forms C' P C (Hirt et al. Table 4), shared
 * by the linear hierarchical VAE experiment and the adaptation benchmark.
 */
public final class Conditioning {
    private Conditioning() {
    }

    /** Condition number (largest over smallest eigenvalue) of a symmetric positive-definite matrix, row-major. */
    public static double conditionNumber(double[] sym, int d) {
        if (sym.length != d * d) {
            throw new IllegalArgumentException("sym: length " + sym.length + "; allowed: d * d = " + d * d);
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, false, true);
        if (!eig.decompose(DMatrixRMaj.wrap(d, d, sym.clone()))) {
            throw new IllegalStateException("eigen-decomposition failed");
        }
        double min = Double.POSITIVE_INFINITY, max = 0;
        for (int i = 0; i < d; i++) {
            double e = eig.getEigenvalue(i).real;
            min = Math.min(min, e);
            max = Math.max(max, e);
        }
        return max / min;
    }

    /** C' P C for a row-major C (d x d) and precision P, symmetrised. */
    public static double[] transformed(double[] precision, double[] c, int d) {
        if (precision.length != d * d || c.length != d * d) {
            throw new IllegalArgumentException("precision, c: lengths " + precision.length + ", " + c.length
                    + "; allowed: d * d = " + d * d);
        }
        DMatrixRMaj cm = DMatrixRMaj.wrap(d, d, c);
        DMatrixRMaj pc = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(DMatrixRMaj.wrap(d, d, precision), cm, pc);
        DMatrixRMaj out = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(cm, pc, out);
        double[] s = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                s[i * d + j] = 0.5 * (out.get(i, j) + out.get(j, i));
            }
        }
        return s;
    }
}
