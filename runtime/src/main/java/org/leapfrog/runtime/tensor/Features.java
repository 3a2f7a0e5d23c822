package org.leapfrog.runtime.tensor;

/**
 * Concatenation and slicing of features (columns). In the feature-major layout a block of columns is one
 * contiguous range, so both are block copies (nn_copy).
 */
final class Features {
    private Features() {
    }

    static Tensor concat(Tensor... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("parts: none; allowed: one or more tensors");
        }
        int n = parts[0].rows;
        int cols = 0;
        for (Tensor p : parts) {
            parts[0].sameEngine(p);
            if (p.rows != n) {
                throw new IllegalArgumentException("parts: row counts " + n + " and " + p.rows
                        + "; allowed: equal row counts");
            }
            cols += p.cols;
        }
        Engine engine = parts[0].engine;
        Tensor out = Tensor.result(engine, n, cols, false);
        int[] offsets = new int[parts.length];
        int at = 0;
        for (int i = 0; i < parts.length; i++) {
            offsets[i] = at;
            engine.device.copy(parts[i].storage(), 0, out.storage(), at * n, parts[i].size());
            at += parts[i].cols;
        }
        Tensor[] inputs = parts.clone();
        return Node.record(out, (g, needs) -> {
            Tensor[] gs = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                if (needs[i]) {
                    gs[i] = slice(g, offsets[i], offsets[i] + inputs[i].cols);
                }
            }
            return gs;
        }, inputs);
    }

    /** Columns {@code [from, to)}. */
    static Tensor slice(Tensor a, int from, int to) {
        if (from < 0 || to > a.cols || from >= to) {
            throw new IllegalArgumentException("slice: columns [" + from + ", " + to + ") of " + a.cols
                    + "; allowed: 0 <= from < to <= " + a.cols);
        }
        int n = a.rows;
        Tensor out = Tensor.result(a.engine, n, to - from, false);
        a.engine.device.copy(a.storage(), from * n, out.storage(), 0, out.size());
        int total = a.cols;
        return Node.record(out, (g, needs) -> new Tensor[] {pad(g, from, total)}, a);
    }

    /** Places {@code a} at column {@code from} of a zero tensor with {@code total} columns (adjoint of slice). */
    static Tensor pad(Tensor a, int from, int total) {
        int n = a.rows;
        Tensor out = Tensor.result(a.engine, n, total, true);
        a.engine.device.copy(a.storage(), 0, out.storage(), from * n, a.size());
        int to = from + a.cols;
        return Node.record(out, (g, needs) -> new Tensor[] {slice(g, from, to)}, a);
    }
    /** The values of {@code a} as a {@code rows x cols} tensor in storage order (adjoint: the reshape back). */
    static Tensor reshape(Tensor a, int rows, int cols) {
        if (rows < 1 || cols < 1 || (long) rows * cols != a.size()) {
            throw new IllegalArgumentException("reshape: " + a.shape() + " to " + rows + " x " + cols
                    + "; allowed: positive sizes with " + a.size() + " elements");
        }
        Tensor out = Tensor.result(a.engine, rows, cols, false);
        a.engine.device.copy(a.storage(), 0, out.storage(), 0, a.size());
        int r0 = a.rows;
        int c0 = a.cols;
        return Node.record(out, (g, needs) -> new Tensor[] {reshape(g, r0, c0)}, a);
    }
}
