package org.leapfrog.autodiff;

/**
 * Piecewise operations: select by mask, ReLU, ELU, clamp. Their backward rules multiply by constant 0/1
 * masks, so second derivatives are the (almost everywhere) exact zeros of the pieces.
 */
final class Masks {
    private Masks() {
    }

    /**
     * {@code mask != 0 ? a : b}, element-wise. {@code a} and {@code b} have one shape; the mask has that shape
     * or is {@code rows x 1} (one decision per chain, e.g. Metropolis-Hastings acceptance). The mask is data,
     * not differentiated.
     */
    static Tensor select(Tensor mask, Tensor a, Tensor b) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException("select: branch shapes " + a.shape() + " and " + b.shape()
                    + "; allowed: equal shapes");
        }
        if (mask.rows != a.rows || (mask.cols != a.cols && mask.cols != 1)) {
            throw new IllegalArgumentException("mask: shape " + mask.shape() + "; allowed: " + a.shape()
                    + " or " + a.rows + " x 1");
        }
        int n = a.rows;
        Tensor out = Tensor.result(n, a.cols);
        double[] m = mask.data;
        double[] y = out.data;
        for (int c = 0; c < a.cols; c++) {
            int o = c * n;
            int mo = mask.cols == 1 ? 0 : o;
            for (int r = 0; r < n; r++) {
                y[o + r] = m[mo + r] != 0.0 ? a.data[o + r] : b.data[o + r];
            }
        }
        Tensor keep = indicator(mask);
        return Node.record(out, (g, needs) -> new Tensor[] {
                needs[0] ? g.mul(keep) : null,
                needs[1] ? g.mul(keep.rsub(1.0)) : null}, a, b);
    }

    /** A constant 0/1 tensor: 1 where {@code mask != 0}. */
    private static Tensor indicator(Tensor mask) {
        Tensor t = Tensor.zeros(mask.rows, mask.cols);
        for (int i = 0; i < mask.data.length; i++) {
            t.data[i] = mask.data[i] != 0.0 ? 1.0 : 0.0;
        }
        return t;
    }

    /** A constant 0/1 tensor: 1 where {@code lo < a < hi}. */
    private static Tensor inside(Tensor a, double lo, double hi) {
        Tensor t = Tensor.zeros(a.rows, a.cols);
        double[] x = a.data;
        for (int i = 0; i < x.length; i++) {
            t.data[i] = x[i] > lo && x[i] < hi ? 1.0 : 0.0;
        }
        return t;
    }

    static Tensor relu(Tensor a) {
        Tensor out = Tensor.result(a.rows, a.cols);
        double[] x = a.data;
        double[] y = out.data;
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] > 0.0 ? x[i] : 0.0;
        }
        return Node.record(out, (g, needs) -> new Tensor[] {g.mul(inside(a, 0.0, Double.POSITIVE_INFINITY))}, a);
    }

    /** {@code x > 0 ? x : alpha (e^x - 1)}; its derivative for x <= 0 is {@code out + alpha}. */
    static Tensor elu(Tensor a, double alpha) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha: " + alpha + "; allowed: finite and > 0");
        }
        Tensor out = Tensor.result(a.rows, a.cols);
        double[] x = a.data;
        double[] y = out.data;
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] > 0.0 ? x[i] : alpha * Math.expm1(x[i]);
        }
        return Node.record(out, (g, needs) -> {
            Tensor pos = inside(a, 0.0, Double.POSITIVE_INFINITY);
            return new Tensor[] {select(pos, g, g.mul(out.add(alpha)))};
        }, a);
    }

    static Tensor clamp(Tensor a, double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: lo " + lo + ", hi " + hi + "; allowed: lo <= hi");
        }
        Tensor out = Tensor.result(a.rows, a.cols);
        double[] x = a.data;
        double[] y = out.data;
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.min(Math.max(x[i], lo), hi);
        }
        return Node.record(out, (g, needs) -> new Tensor[] {g.mul(inside(a, lo, hi))}, a);
    }
}
