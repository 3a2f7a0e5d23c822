package org.leapfrog.samplers.adapt;

import org.leapfrog.samplers.metric.Metric;

/**
 * The learned proposal scale of entropy-based adaptation: a step size h and a matrix C, diagonal or lower
 * triangular with a positive diagonal, so that the proposal covariance (MALA) or inverse mass matrix (HMC) is
 * C C'. Unconstrained parameters, packed in one vector: {@code [log h, log C_00 .. log C_(d-1)(d-1), then the
 * strictly lower entries row by row (lower-triangular only)]}.
 */
public final class Preconditioner {
    /** DIAGONAL or LOWER_TRIANGULAR C. */
    public enum Kind { DIAGONAL, LOWER_TRIANGULAR }

    private final Kind kind;
    private final int dim;
    private final double[] params;
    private final double[] c;

    /** h and C = I. */
    public Preconditioner(Kind kind, int dimension, double stepSize) {
        if (kind == null) {
            throw new IllegalArgumentException("kind: null; allowed: DIAGONAL or LOWER_TRIANGULAR");
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension: " + dimension + "; allowed: 1 or more");
        }
        if (!(stepSize > 0) || !Double.isFinite(stepSize)) {
            throw new IllegalArgumentException("stepSize: " + stepSize + "; allowed: finite and > 0");
        }
        this.kind = kind;
        this.dim = dimension;
        this.params = new double[size(kind, dimension)];
        this.params[0] = Math.log(stepSize);
        this.c = new double[dimension * dimension];
        refresh();
    }

    /** Length of the packed parameter vector. */
    public static int size(Kind kind, int d) {
        return 1 + d + (kind == Kind.LOWER_TRIANGULAR ? d * (d - 1) / 2 : 0);
    }

    public Kind kind() {
        return kind;
    }

    public int dimension() {
        return dim;
    }

    /** The packed parameters themselves (write them, then call {@link #refresh()}). */
    public double[] parameters() {
        return params;
    }

    /** Rebuilds C from the parameters. */
    public void refresh() {
        int d = dim;
        java.util.Arrays.fill(c, 0.0);
        for (int i = 0; i < d; i++) {
            c[i * d + i] = Math.exp(params[1 + i]);
        }
        if (kind == Kind.LOWER_TRIANGULAR) {
            int k = 1 + d;
            for (int i = 1; i < d; i++) {
                for (int j = 0; j < i; j++) {
                    c[i * d + j] = params[k++];
                }
            }
        }
    }

    public double stepSize() {
        return Math.exp(params[0]);
    }

    /** C, row-major d x d (do not modify). */
    public double[] matrix() {
        return c;
    }

    /**
     * Packs a gradient with respect to h and the (lower) entries of C into the parameter gradient.
     *
     * @param dh gradient with respect to h
     * @param dc gradient with respect to C, row-major d x d (entries above the diagonal ignored)
     * @param out packed gradient, length {@link #size}
     */
    public void packGradient(double dh, double[] dc, double[] out) {
        int d = dim;
        out[0] = dh * stepSize();
        for (int i = 0; i < d; i++) {
            out[1 + i] = dc[i * d + i] * c[i * d + i];
        }
        if (kind == Kind.LOWER_TRIANGULAR) {
            int k = 1 + d;
            for (int i = 1; i < d; i++) {
                for (int j = 0; j < i; j++) {
                    out[k++] = dc[i * d + j];
                }
            }
        }
    }

    /** The frozen metric: inverse mass matrix C C' (diagonal C: a diagonal metric). */
    public Metric metric() {
        int d = dim;
        if (kind == Kind.DIAGONAL) {
            double[] v = new double[d];
            for (int i = 0; i < d; i++) {
                v[i] = c[i * d + i] * c[i * d + i];
            }
            return Metric.diagonal(v);
        }
        double[] m = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k <= j; k++) {
                    s += c[i * d + k] * c[j * d + k];
                }
                m[i * d + j] = s;
                m[j * d + i] = s;
            }
        }
        return Metric.dense(m, d);
    }
}
