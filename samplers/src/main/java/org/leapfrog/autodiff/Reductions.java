package org.leapfrog.autodiff;

/** Sums over the batch or over features, and their adjoints (repeating over the batch or features). */
final class Reductions {
    private Reductions() {
    }

    /** {@code rows x cols -> 1 x cols}. */
    static Tensor sumRows(Tensor a) {
        int n = a.rows;
        Tensor out = Tensor.result(1, a.cols);
        double[] x = a.data;
        for (int c = 0; c < a.cols; c++) {
            double s = 0;
            int o = c * n;
            for (int r = 0; r < n; r++) {
                s += x[o + r];
            }
            out.data[c] = s;
        }
        return Node.record(out, (g, needs) -> new Tensor[] {broadcastRows(g, n)}, a);
    }

    /** {@code rows x cols -> rows x 1}. */
    static Tensor sumCols(Tensor a) {
        int n = a.rows;
        int m = a.cols;
        Tensor out = Tensor.result(n, 1);
        double[] x = a.data;
        double[] y = out.data;
        for (int c = 0; c < m; c++) {
            int o = c * n;
            for (int r = 0; r < n; r++) {
                y[r] += x[o + r];
            }
        }
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
        Tensor out = Tensor.result(n, a.cols);
        double[] y = out.data;
        for (int c = 0; c < a.cols; c++) {
            java.util.Arrays.fill(y, c * n, (c + 1) * n, a.data[c]);
        }
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
        Tensor out = Tensor.result(a.rows, n);
        for (int c = 0; c < n; c++) {
            System.arraycopy(a.data, 0, out.data, c * a.rows, a.rows);
        }
        return Node.record(out, (g, needs) -> new Tensor[] {sumCols(g)}, a);
    }
}
