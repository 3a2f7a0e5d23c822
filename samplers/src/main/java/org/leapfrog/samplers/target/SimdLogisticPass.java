package org.leapfrog.samplers.target;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.leapfrog.kernels.SimdMath;

/**
 * The logistic-regression data term with explicit SIMD lanes (jdk.incubator.vector): for a group of
 * {@link #GROUP} chains, four rows' logits live in registers while the pass goes over the coefficients, the
 * way the OpenCL kernel keeps its double8 lanes. Per element the floating-point operations and their order
 * are those of {@link LogisticRegression}'s scalar pass, so the results are the same bits. Loaded only when
 * {@link org.leapfrog.kernels.Simd#ENABLED}.
 *
 * <p>Only the preferred double shape is used: mixing vector shapes in one process pollutes the Vector API's
 * type profiles and C2 then boxes vectors.
 */
final class SimdLogisticPass {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int L = D.length();
    /** Chains per group: two vectors, so four rows give eight independent accumulators. */
    static final int GROUP = 2 * L;


    private SimdLogisticPass() {
    }

    /** grad = -a x and the prior's sum of squares into sq[off, off + GROUP), for the group at c0. */
    static void prior(double[] x, double[] grad, double[] sq, int off, double a, int d, int stride, int c0) {
        DoubleVector s0 = DoubleVector.zero(D), s1 = s0;
        for (int j = 0; j < d; j++) {
            int b = j * stride + c0;
            DoubleVector x0 = DoubleVector.fromArray(D, x, b), x1 = DoubleVector.fromArray(D, x, b + L);
            x0.mul(-a).intoArray(grad, b);
            x1.mul(-a).intoArray(grad, b + L);
            s0 = s0.add(x0.mul(x0));
            s1 = s1.add(x1.mul(x1));
        }
        s0.intoArray(sq, off);
        s1.intoArray(sq, off + L);
    }

    /** Logits of rows n..n+3 (z row-major, d columns) for the group at c0 into e[off + k * GROUP + t]. */
    static void logits4(double[] z, int n, int d, double[] x, int stride, int c0, double[] e, int off) {
        DoubleVector e00 = DoubleVector.zero(D), e01 = e00, e10 = e00, e11 = e00;
        DoubleVector e20 = e00, e21 = e00, e30 = e00, e31 = e00;
        int row = n * d;
        for (int j = 0; j < d; j++) {
            int b = j * stride + c0;
            DoubleVector x0 = DoubleVector.fromArray(D, x, b), x1 = DoubleVector.fromArray(D, x, b + L);
            DoubleVector z0 = DoubleVector.broadcast(D, z[row + j]), z1 = DoubleVector.broadcast(D, z[row + d + j]);
            DoubleVector z2 = DoubleVector.broadcast(D, z[row + 2 * d + j]);
            DoubleVector z3 = DoubleVector.broadcast(D, z[row + 3 * d + j]);
            e00 = x0.fma(z0, e00);
            e01 = x1.fma(z0, e01);
            e10 = x0.fma(z1, e10);
            e11 = x1.fma(z1, e11);
            e20 = x0.fma(z2, e20);
            e21 = x1.fma(z2, e21);
            e30 = x0.fma(z3, e30);
            e31 = x1.fma(z3, e31);
        }
        e00.intoArray(e, off);
        e01.intoArray(e, off + L);
        e10.intoArray(e, off + GROUP);
        e11.intoArray(e, off + GROUP + L);
        e20.intoArray(e, off + 2 * GROUP);
        e21.intoArray(e, off + 2 * GROUP + L);
        e30.intoArray(e, off + 3 * GROUP);
        e31.intoArray(e, off + 3 * GROUP + L);
    }

    /** grad += r_k z_k over rows n..n+3, in row order, with residuals r[off + k * GROUP + t]. */
    static void accumulate4(double[] z, int n, int d, double[] r, int off, double[] grad, int stride, int c0) {
        DoubleVector r00 = DoubleVector.fromArray(D, r, off), r01 = DoubleVector.fromArray(D, r, off + L);
        DoubleVector r10 = DoubleVector.fromArray(D, r, off + GROUP), r11 = DoubleVector.fromArray(D, r, off + GROUP + L);
        DoubleVector r20 = DoubleVector.fromArray(D, r, off + 2 * GROUP);
        DoubleVector r21 = DoubleVector.fromArray(D, r, off + 2 * GROUP + L);
        DoubleVector r30 = DoubleVector.fromArray(D, r, off + 3 * GROUP);
        DoubleVector r31 = DoubleVector.fromArray(D, r, off + 3 * GROUP + L);
        int row = n * d;
        for (int j = 0; j < d; j++) {
            int b = j * stride + c0;
            DoubleVector z0 = DoubleVector.broadcast(D, z[row + j]), z1 = DoubleVector.broadcast(D, z[row + d + j]);
            DoubleVector z2 = DoubleVector.broadcast(D, z[row + 2 * d + j]);
            DoubleVector z3 = DoubleVector.broadcast(D, z[row + 3 * d + j]);
            DoubleVector g0 = DoubleVector.fromArray(D, grad, b), g1 = DoubleVector.fromArray(D, grad, b + L);
            r30.fma(z3, r20.fma(z2, r10.fma(z1, r00.fma(z0, g0)))).intoArray(grad, b);
            r31.fma(z3, r21.fma(z2, r11.fma(z1, r01.fma(z0, g1)))).intoArray(grad, b + L);
        }
    }

    /** The logit of one row n for the group at c0 into e[off, off + GROUP). */
    static void logits1(double[] z, int n, int d, double[] x, int stride, int c0, double[] e, int off) {
        DoubleVector e0 = DoubleVector.zero(D), e1 = e0;
        int row = n * d;
        for (int j = 0; j < d; j++) {
            int b = j * stride + c0;
            DoubleVector zj = DoubleVector.broadcast(D, z[row + j]);
            e0 = DoubleVector.fromArray(D, x, b).fma(zj, e0);
            e1 = DoubleVector.fromArray(D, x, b + L).fma(zj, e1);
        }
        e0.intoArray(e, off);
        e1.intoArray(e, off + L);
    }

    /** grad += r z_n for one row n, with residuals r[off, off + GROUP). */
    static void accumulate1(double[] z, int n, int d, double[] r, int off, double[] grad, int stride, int c0) {
        DoubleVector r0 = DoubleVector.fromArray(D, r, off), r1 = DoubleVector.fromArray(D, r, off + L);
        int row = n * d;
        for (int j = 0; j < d; j++) {
            int b = j * stride + c0;
            DoubleVector zj = DoubleVector.broadcast(D, z[row + j]);
            r0.fma(zj, DoubleVector.fromArray(D, grad, b)).intoArray(grad, b);
            r1.fma(zj, DoubleVector.fromArray(D, grad, b + L)).intoArray(grad, b + L);
        }
    }

    /**
     * Residuals y_n - sigmoid(e) of rows n..n+count-1 (logits at s[k GROUP + t]) to s[res + k GROUP + t], and
     * u = exp(-|e|) (SimdMath.expNegAbs) to u[k GROUP + t] for the log density. The sigmoid is
     * (e >= 0 ? 1 : u) / (1 + u), a selection that equals the scalar pass's exact arithmetic form.
     */
    static void residuals(double[] s, int res, double[] y, int n, int count, double[] u) {
        int all = count * GROUP;
        SimdMath.expNegAbs(s, 0, u, 0, all);
        for (int i = 0; i < all; i += L) {
            DoubleVector ut = DoubleVector.fromArray(D, u, i);
            VectorMask<Double> nonNegative = DoubleVector.fromArray(D, s, i).compare(VectorOperators.GE, 0.0);
            DoubleVector sigmoid = ut.blend(1.0, nonNegative).div(ut.add(1.0));
            DoubleVector.broadcast(D, y[n + i / GROUP]).sub(sigmoid).intoArray(s, res + i);
        }
    }

    /**
     * lp[t] += y_n e - max(e, 0) - log1p(u) over rows n..n+count-1 in row order (logits at s[k GROUP + t],
     * u = exp(-|e|) at u[k GROUP + t], lp at s[lp + t]), with LfMath.log1p lane-wise: ln(w) of w = 1 + u by
     * SimdMath.log, plus the rounding correction. w and logW are scratch of count * GROUP doubles.
     */
    static void addLogLikelihood(double[] s, int lp, double[] y, int n, int count, double[] u, double[] w,
                                 double[] logW) {
        int all = count * GROUP;
        for (int i = 0; i < all; i += L) {
            DoubleVector.fromArray(D, u, i).add(1.0).intoArray(w, i);
        }
        SimdMath.log(w, 0, logW, 0, all);
        for (int part = 0; part < GROUP; part += L) {
            DoubleVector acc = DoubleVector.fromArray(D, s, lp + part);
            for (int k = 0; k < count; k++) {
                int i = k * GROUP + part;
                DoubleVector e = DoubleVector.fromArray(D, s, i), ut = DoubleVector.fromArray(D, u, i);
                DoubleVector wt = DoubleVector.fromArray(D, w, i);
                DoubleVector log1p = DoubleVector.fromArray(D, logW, i).add(ut.sub(wt.sub(1.0)).div(wt));
                acc = acc.add(e.mul(y[n + k]).sub(e.max(0.0)).sub(log1p));
            }
            acc.intoArray(s, lp + part);
        }
    }
}
