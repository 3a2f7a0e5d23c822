package org.leapfrog.samplers.target;

import java.util.Optional;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * A Gaussian N(m, S) with a dense covariance: log density {@code -(x - m)' P (x - m) / 2} with the precision
 * {@code P = S^-1} computed once from an EJML Cholesky factor of S (constant dropped). Evaluation reads P only.
 */
public final class DenseGaussian implements Target {
    /** Smallest allowed ratio of the Cholesky factor's squared pivots to the largest variance. */
    private static final double MIN_PIVOT_RATIO = 1e-14;

    private final String name;
    private final int dimension;
    private final double[] mean;
    private final double[] covariance;
    private final double[] precision;
    private final double logDetCovariance;
    private final DeviceCode code;

    /**
     * @param name       the target's name
     * @param mean       the mean, finite
     * @param covariance the covariance, row-major d x d, symmetric positive definite
     * @throws IllegalArgumentException naming the covariance when it is not symmetric positive definite
     */
    public DenseGaussian(String name, double[] mean, double[] covariance) {
        this.name = Checks.name(name);
        this.dimension = Checks.dimension(mean == null ? 0 : mean.length);
        int d = dimension;
        this.mean = Checks.finite("mean", mean, d);
        this.covariance = Checks.finite("covariance", covariance, d * d);
        double maxVar = 0;
        for (int i = 0; i < d; i++) {
            maxVar = Math.max(maxVar, Math.abs(this.covariance[i * d + i]));
            for (int j = 0; j < i; j++) {
                double a = this.covariance[i * d + j], b = this.covariance[j * d + i];
                if (Math.abs(a - b) > 1e-12 * Math.max(Math.abs(a), Math.abs(b))) {
                    throw new IllegalArgumentException("covariance: not symmetric, element (" + i + ", " + j + ") = " + a
                            + " but (" + j + ", " + i + ") = " + b + "; allowed: a symmetric positive definite matrix");
                }
            }
        }
        DMatrixRMaj s = new DMatrixRMaj(d, d, true, this.covariance);
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(d, true);
        if (!chol.decompose(s.copy())) {
            throw notPositiveDefinite("its Cholesky factorisation failed");
        }
        DMatrixRMaj l = chol.getT(null);
        double logDet = 0;
        for (int i = 0; i < d; i++) {
            double pivot = l.get(i, i);
            if (!(pivot > 0) || pivot * pivot < MIN_PIVOT_RATIO * maxVar) {
                throw notPositiveDefinite("Cholesky pivot " + i + " is " + pivot + " (numerically singular)");
            }
            logDet += 2 * Math.log(pivot);
        }
        this.logDetCovariance = logDet;
        DMatrixRMaj lInv = l.copy();
        if (!CommonOps_DDRM.invert(lInv)) {
            throw notPositiveDefinite("its Cholesky factor is singular");
        }
        DMatrixRMaj p = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(lInv, lInv, p);
        this.precision = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                // Exactly symmetric, so the Hessian the samplers see is too.
                precision[i * d + j] = 0.5 * (p.get(i, j) + p.get(j, i));
            }
        }
        double[] td = new double[d + d * d];
        System.arraycopy(this.mean, 0, td, 0, d);
        System.arraycopy(precision, 0, td, d, d * d);
        this.code = new DeviceCode(TargetSources.compose(name, d, "dense_gaussian.cl"), td);
    }

    private static IllegalArgumentException notPositiveDefinite(String why) {
        return new IllegalArgumentException("covariance: not positive definite (" + why
                + "); allowed: a symmetric positive definite matrix");
    }

    /**
     * The strongly correlated Gaussian SCG of the L2HMC code: zero mean, covariance
     * [[50.05, -49.95], [-49.95, 50.05]] (variances 100 and 0.1 along the diagonals x = -y and x = y).
     */
    public static DenseGaussian scg() {
        return rotated2d("scg", 100, 0.1);
    }

    /** The L2HMC paper's SCG variant: variances 100 and 0.01, rotated the same way as {@link #scg()}. */
    public static DenseGaussian scgPaper() {
        return rotated2d("scg-paper", 100, 0.01);
    }

    /** Zero mean, variance {@code large} along (1, -1) and {@code small} along (1, 1). */
    private static DenseGaussian rotated2d(String name, double large, double small) {
        double diag = 0.5 * (large + small), off = -0.5 * (large - small);
        return new DenseGaussian(name, new double[2], new double[] {diag, off, off, diag});
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** The precision matrix S^-1, row-major (a copy). */
    public double[] precision() {
        return precision.clone();
    }

    @Override
    public void logDensityAndGradient(double[] x, double[] grad, double[] logDensity, int stride, int from, int to) {
        int d = dimension;
        for (int i = 0; i < d; i++) {
            int gi = i * stride;
            for (int c = from; c < to; c++) {
                grad[gi + c] = 0;
            }
            for (int j = 0; j < d; j++) {
                double p = precision[i * d + j], m = mean[j];
                int xj = j * stride;
                for (int c = from; c < to; c++) {
                    grad[gi + c] -= p * (x[xj + c] - m);
                }
            }
        }
        for (int c = from; c < to; c++) {
            logDensity[c] = 0;
        }
        for (int i = 0; i < d; i++) {
            int b = i * stride;
            double m = mean[i];
            for (int c = from; c < to; c++) {
                logDensity[c] += (x[b + c] - m) * grad[b + c];
            }
        }
        for (int c = from; c < to; c++) {
            logDensity[c] *= 0.5;
        }
    }

    @Override
    public void hessianVectorProduct(double[] x, double[] v, double[] out, int stride, int from, int to) {
        int d = dimension;
        for (int i = 0; i < d; i++) {
            int oi = i * stride;
            for (int c = from; c < to; c++) {
                out[oi + c] = 0;
            }
            for (int j = 0; j < d; j++) {
                double p = precision[i * d + j];
                int vj = j * stride;
                for (int c = from; c < to; c++) {
                    out[oi + c] -= p * v[vj + c];
                }
            }
        }
    }

    /** log Z with density exp(logDensity) / Z: {@code (d log(2 pi) + log det S) / 2}. */
    public double logNormalizer() {
        return 0.5 * (dimension * Math.log(2 * Math.PI) + logDetCovariance);
    }

    @Override
    public Optional<DeviceCode> deviceCode() {
        return Optional.of(code);
    }

    @Override
    public Optional<KnownMoments> moments() {
        return Optional.of(new KnownMoments(mean.clone(), covariance.clone()));
    }
}
