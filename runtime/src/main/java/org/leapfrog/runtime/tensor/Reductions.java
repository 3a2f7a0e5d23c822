package org.leapfrog.runtime.tensor;

/** Sums over the batch or over features (nn_sum_rows, nn_sum_cols), and their adjoints, repetition (nn_expand). */
final class Reductions {
    private Reductions() {
    }

    /** {@code rows x cols -> 1 x cols}. */
    static Tensor sumRows(Tensor a) {
        int n = a.rows;
        Tensor out = Tensor.result(a.engine, 1, a.cols, false);
        a.engine.device.sumRows(a.storage(), out.storage(), n, a.cols);
        return Node.record(out, (g, needs) -> new Tensor[] {broadcastRows(g, n)}, a);
    }

    /**
     * {@code prev + sumRows(a)} ({@code 1 x cols}) in one launch, or {@link #sumRows(Tensor)} when prev is null: a
     * bias's gradient added to the one accumulated so far, the same bits as the sum then an add.
     */
    static Tensor sumRows(Tensor a, Tensor prev) {
        if (prev == null) {
            return sumRows(a);
        }
        a.sameEngine(prev);
        if (prev.rows != 1 || prev.cols != a.cols) {
            throw new IllegalArgumentException("sumRows: prev shape " + prev.shape() + "; allowed: 1 x " + a.cols);
        }
        int n = a.rows;
        Tensor out = Tensor.result(a.engine, 1, a.cols, false);
        a.engine.device.sumRowsAcc(a.storage(), prev.storage(), out.storage(), n, a.cols);
        return Node.record(out, (g, needs) -> new Tensor[] {
                needs[0] ? broadcastRows(g, n) : null,
                needs[1] ? g : null}, a, prev);
    }

    /** {@code rows x cols -> rows x 1}. */
    static Tensor sumCols(Tensor a) {
        int m = a.cols;
        Tensor out = Tensor.result(a.engine, a.rows, 1, false);
        a.engine.device.sumCols(a.storage(), out.storage(), a.rows, m);
        return Node.record(out, (g, needs) -> new Tensor[] {broadcastCols(g, m)}, a);
    }

    /** {@code 1 x cols -> n x cols}. */
    static Tensor broadcastRows(Tensor a, int n) {
        if (a.rows != 1) {
            throw new IllegalArgumentException("broadcastRows: shape " + a.shape() + "; allowed: 1 x cols");
        }
        if (n < 1) {
            throw new IllegalArgumentException("n: " + n + "; allowed: 1 or more");
        }
        Tensor out = Tensor.result(a.engine, n, a.cols, false);
        a.engine.device.expand(a.storage(), 1, a.cols, out.storage(), n, a.cols);
        return Node.record(out, (g, needs) -> new Tensor[] {sumRows(g)}, a);
    }

    /** {@code rows x 1 -> rows x n}. */
    static Tensor broadcastCols(Tensor a, int n) {
        if (a.cols != 1) {
            throw new IllegalArgumentException("broadcastCols: shape " + a.shape() + "; allowed: rows x 1");
        }
        if (n < 1) {
            throw new IllegalArgumentException("n: " + n + "; allowed: 1 or more");
        }
        Tensor out = Tensor.result(a.engine, a.rows, n, false);
        a.engine.device.expand(a.storage(), a.rows, 1, out.storage(), a.rows, n);
        return Node.record(out, (g, needs) -> new Tensor[] {sumCols(g)}, a);
    }
}
