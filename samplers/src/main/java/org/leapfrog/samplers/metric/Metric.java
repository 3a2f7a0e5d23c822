package org.leapfrog.samplers.metric;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * The kinetic energy's metric, given as an inverse mass matrix (Stan's and BlackJAX's convention): momentum
 * p ~ N(0, M), velocity M^-1 p, kinetic energy p' M^-1 p / 2.
 *
 * <p>{@link #kernelData()} is the layout the fused kernels read: unit: nothing; diagonal: M^-1 then sqrt(M);
 * dense: the lower Cholesky factor of M, then M^-1 (both row-major). The Java methods are the kernels' twin.
 */
public final class Metric {
    /** Kernel build code of each kind (the {@code METRIC} define). */
    public enum Kind { UNIT, DIAGONAL, DENSE }

    private final Kind kind;
    private final int dimension;
    private final double[] data;

    private Metric(Kind kind, int dimension, double[] data) {
        this.kind = kind;
        this.dimension = dimension;
        this.data = data;
    }

    public static Metric unit(int dimension) {
        checkDimension(dimension);
        return new Metric(Kind.UNIT, dimension, new double[] {0.0});
    }

    /** A diagonal metric from the inverse mass (e.g. posterior variances); entries must be finite and positive. */
    public static Metric diagonal(double[] inverseMass) {
        checkDimension(inverseMass.length);
        int d = inverseMass.length;
        double[] data = new double[2 * d];
        for (int i = 0; i < d; i++) {
            double v = inverseMass[i];
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("inverseMassMatrix[" + i + "]: " + v + "; allowed: finite and > 0");
            }
            data[i] = v;
            data[d + i] = Math.sqrt(1.0 / v);
        }
        return new Metric(Kind.DIAGONAL, d, data);
    }

    /** A dense metric from a symmetric positive-definite inverse mass matrix, row-major d x d. */
    public static Metric dense(double[] inverseMass, int dimension) {
        checkDimension(dimension);
        if (inverseMass.length != dimension * dimension) {
            throw new IllegalArgumentException("inverseMassMatrix: length " + inverseMass.length + " for dimension "
                    + dimension + "; allowed: " + dimension * dimension + " (row-major d x d)");
        }
        for (int i = 0; i < dimension; i++) {
            for (int j = 0; j < i; j++) {
                double a = inverseMass[i * dimension + j], b = inverseMass[j * dimension + i];
                if (!(Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b))) && a != b) {
                    throw new IllegalArgumentException("inverseMassMatrix: not symmetric at (" + i + ", " + j + "): "
                            + a + " vs " + b + "; allowed: a symmetric positive-definite matrix");
                }
            }
        }
        DMatrixRMaj minv = DMatrixRMaj.wrap(dimension, dimension, inverseMass.clone());
        DMatrixRMaj mass = new DMatrixRMaj(dimension, dimension);
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(dimension, true);
        if (!chol.decompose(minv.copy())) {
            throw new IllegalArgumentException("inverseMassMatrix: not positive definite (Cholesky failed); "
                    + "allowed: a symmetric positive-definite matrix");
        }
        if (!CommonOps_DDRM.invert(minv.copy(), mass)) {
            throw new IllegalArgumentException("inverseMassMatrix: singular; allowed: a symmetric positive-definite matrix");
        }
        CholeskyDecomposition_F64<DMatrixRMaj> massChol = DecompositionFactory_DDRM.chol(dimension, true);
        if (!massChol.decompose(mass.copy())) {
            throw new IllegalArgumentException("inverseMassMatrix: too ill-conditioned to factor its inverse");
        }
        DMatrixRMaj lower = massChol.getT(null);
        double[] data = new double[2 * dimension * dimension];
        for (int i = 0; i < dimension; i++) {
            for (int j = 0; j <= i; j++) {
                data[i * dimension + j] = lower.get(i, j);
            }
        }
        System.arraycopy(inverseMass, 0, data, dimension * dimension, dimension * dimension);
        return new Metric(Kind.DENSE, dimension, data);
    }

    private static void checkDimension(int d) {
        if (d < 1) {
            throw new IllegalArgumentException("dimension: " + d + "; allowed: 1 or more");
        }
    }

    public Kind kind() {
        return kind;
    }

    public int dimension() {
        return dimension;
    }

    /**
     * The inverse mass matrix this metric was built from: empty for unit, the diagonal for diagonal, row-major
     * d x d for dense (so {@link #of} can rebuild the metric, e.g. from a checkpoint).
     */
    public double[] inverseMass() {
        switch (kind) {
            case UNIT:
                return new double[0];
            case DIAGONAL:
                return java.util.Arrays.copyOf(data, dimension);
            default:
                return java.util.Arrays.copyOfRange(data, dimension * dimension, 2 * dimension * dimension);
        }
    }

    /** Rebuilds a metric from its kind and {@link #inverseMass()}. */
    public static Metric of(Kind kind, int dimension, double[] inverseMass) {
        switch (kind) {
            case UNIT:
                return unit(dimension);
            case DIAGONAL:
                return diagonal(inverseMass);
            default:
                return dense(inverseMass, dimension);
        }
    }

    /** The array the fused kernels read (see the class comment); do not modify. */
    public double[] kernelData() {
        return data;
    }

    /**
     * Velocity v = M^-1 p for chains [from, to) of chain-minor arrays with the given stride.
     */
    public void velocity(double[] p, double[] v, int stride, int from, int to) {
        int d = dimension;
        switch (kind) {
            case UNIT:
                for (int i = 0; i < d; i++) {
                    System.arraycopy(p, i * stride + from, v, i * stride + from, to - from);
                }
                break;
            case DIAGONAL:
                for (int i = 0; i < d; i++) {
                    double mi = data[i];
                    int o = i * stride;
                    for (int c = from; c < to; c++) {
                        v[o + c] = mi * p[o + c];
                    }
                }
                break;
            default: {
                int off = d * d;
                for (int i = 0; i < d; i++) {
                    int oi = i * stride;
                    for (int c = from; c < to; c++) {
                        v[oi + c] = 0.0;
                    }
                    for (int j = 0; j < d; j++) {
                        double a = data[off + i * d + j];
                        int oj = j * stride;
                        for (int c = from; c < to; c++) {
                            v[oi + c] += a * p[oj + c];
                        }
                    }
                }
            }
        }
    }

    /** Momentum p = M^(1/2) z from standard normals z (the kernels' order of operations). */
    public void momentumFromNormals(double[] z, double[] p, int stride, int from, int to) {
        int d = dimension;
        switch (kind) {
            case UNIT:
                for (int i = 0; i < d; i++) {
                    System.arraycopy(z, i * stride + from, p, i * stride + from, to - from);
                }
                break;
            case DIAGONAL:
                for (int i = 0; i < d; i++) {
                    double s = data[d + i];
                    int o = i * stride;
                    for (int c = from; c < to; c++) {
                        p[o + c] = s * z[o + c];
                    }
                }
                break;
            default:
                for (int i = 0; i < d; i++) {
                    int oi = i * stride;
                    for (int c = from; c < to; c++) {
                        p[oi + c] = 0.0;
                    }
                    for (int j = 0; j <= i; j++) {
                        double a = data[i * d + j];
                        int oj = j * stride;
                        for (int c = from; c < to; c++) {
                            p[oi + c] += a * z[oj + c];
                        }
                    }
                }
        }
    }
}
