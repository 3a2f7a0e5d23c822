package org.leapfrog.runtime.tensor;

import org.leapfrog.kernels.nn.Elementwise;

/**
 * Element-wise functions of two tensors with broadcasting (kernel nn_binary): along each axis the sizes must
 * be equal or one of them 1 (a {@code 1 x cols} vector repeats over the batch, a {@code rows x 1} per-chain
 * value repeats over features, a {@code 1 x 1} scalar repeats everywhere). Gradients of broadcast inputs are
 * summed back.
 */
final class Binary {
    private Binary() {
    }

    static Tensor add(Tensor a, Tensor b) {
        Tensor out = compute(Elementwise.ADD, a, b);
        return Node.record(out, (g, needs) -> new Tensor[] {
                needs[0] ? reduceTo(g, a) : null,
                needs[1] ? reduceTo(g, b) : null}, a, b);
    }

    static Tensor sub(Tensor a, Tensor b) {
        Tensor out = compute(Elementwise.SUB, a, b);
        return Node.record(out, (g, needs) -> new Tensor[] {
                needs[0] ? reduceTo(g, a) : null,
                needs[1] ? reduceTo(g.neg(), b) : null}, a, b);
    }

    static Tensor mul(Tensor a, Tensor b) {
        Tensor out = compute(Elementwise.MUL, a, b);
        return Node.record(out, (g, needs) -> new Tensor[] {
                needs[0] ? reduceTo(g.mul(b), a) : null,
                needs[1] ? reduceTo(g.mul(a), b) : null}, a, b);
    }

    static Tensor div(Tensor a, Tensor b) {
        Tensor out = compute(Elementwise.DIV, a, b);
        // d(a/b)/db = -a/b^2 = -out/b
        return Node.record(out, (g, needs) -> new Tensor[] {
                needs[0] ? reduceTo(g.div(b), a) : null,
                needs[1] ? reduceTo(g.mul(out).div(b).neg(), b) : null}, a, b);
    }

    /** Sums {@code g} over the axes along which {@code t} was broadcast. */
    static Tensor reduceTo(Tensor g, Tensor t) {
        Tensor r = g;
        if (t.rows == 1 && r.rows > 1) {
            r = r.sumRows();
        }
        if (t.cols == 1 && r.cols > 1) {
            r = r.sumCols();
        }
        return r;
    }

    static int broadcastSize(String axis, int x, int y) {
        if (x == y || y == 1) {
            return x;
        }
        if (x == 1) {
            return y;
        }
        throw new IllegalArgumentException("shapes: " + axis + " sizes " + x + " and " + y
                + " do not broadcast; allowed: equal sizes or one of them 1");
    }

    private static Tensor compute(int op, Tensor a, Tensor b) {
        a.sameEngine(b);
        int rows = broadcastSize("row", a.rows, b.rows);
        int cols = broadcastSize("column", a.cols, b.cols);
        Tensor out = Tensor.result(a.engine, rows, cols, false);
        a.engine.device.binary(op, a.storage(), a.rows, a.cols, b.storage(), b.rows, b.cols, out.storage(), rows, cols);
        return out;
    }
}
