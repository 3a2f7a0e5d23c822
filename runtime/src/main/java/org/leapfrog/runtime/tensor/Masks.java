package org.leapfrog.runtime.tensor;

import org.leapfrog.kernels.nn.Elementwise;

/**
 * Piecewise operations: select by mask (nn_select), ReLU, ELU, clamp (nn_unary). Their backward rules multiply
 * by constant 0/1 masks, so second derivatives are the (almost everywhere) exact zeros of the pieces.
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
        a.sameEngine(b);
        a.sameEngine(mask);
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException("select: branch shapes " + a.shape() + " and " + b.shape()
                    + "; allowed: equal shapes");
        }
        if (mask.rows != a.rows || (mask.cols != a.cols && mask.cols != 1)) {
            throw new IllegalArgumentException("mask: shape " + mask.shape() + "; allowed: " + a.shape()
                    + " or " + a.rows + " x 1");
        }
        Tensor out = Tensor.result(a.engine, a.rows, a.cols, false);
        a.engine.device.select(mask.storage(), mask.cols, a.storage(), b.storage(), out.storage(), a.rows, a.cols);
        Tensor keep = Unary.map(Elementwise.NONZERO, 0, 0, mask);
        return Node.record(out, (g, needs) -> new Tensor[] {
                needs[0] ? g.mul(keep) : null,
                needs[1] ? g.mul(keep.rsub(1.0)) : null}, a, b);
    }

    /** A constant 0/1 tensor: 1 where {@code lo < a < hi}. */
    private static Tensor inside(Tensor a, double lo, double hi) {
        return Unary.map(Elementwise.INSIDE, lo, hi, a);
    }

    static Tensor relu(Tensor a) {
        Tensor out = Unary.map(Elementwise.RELU, 0, 0, a);
        return Node.record(out, (g, needs) -> new Tensor[] {g.mul(inside(a, 0.0, Double.POSITIVE_INFINITY))}, a);
    }

    /** {@code x > 0 ? x : alpha (e^x - 1)}; its derivative for x <= 0 is {@code out + alpha}. */
    static Tensor elu(Tensor a, double alpha) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha: " + alpha + "; allowed: finite and > 0");
        }
        Tensor out = Unary.map(Elementwise.ELU, alpha, 0, a);
        return Node.record(out, (g, needs) -> {
            Tensor pos = inside(a, 0.0, Double.POSITIVE_INFINITY);
            return new Tensor[] {select(pos, g, g.mul(out.add(alpha)))};
        }, a);
    }

    static Tensor clamp(Tensor a, double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clamp: lo " + lo + ", hi " + hi + "; allowed: lo <= hi");
        }
        Tensor out = Unary.map(Elementwise.CLAMP, lo, hi, a);
        return Node.record(out, (g, needs) -> new Tensor[] {g.mul(inside(a, lo, hi))}, a);
    }
}
