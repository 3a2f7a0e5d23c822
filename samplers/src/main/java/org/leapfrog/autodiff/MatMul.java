package org.leapfrog.autodiff;

/**
 * Matrix products in the feature-major layout. The three forms are closed under differentiation: the
 * backward rule of each is made of the other two, so products can be differentiated to any order.
 * Inner loops run over the batch (unit stride) or are dot products over the batch with four partial sums.
 */
final class MatMul {
    private MatMul() {
    }

    /** {@code x (n x k) @ w (k x m) -> n x m}. */
    static Tensor matmul(Tensor x, Tensor w) {
        if (x.cols != w.rows) {
            throw new IllegalArgumentException("matmul: shapes " + x.shape() + " and " + w.shape()
                    + "; allowed: n x k and k x m");
        }
        int n = x.rows;
        int k = x.cols;
        int m = w.cols;
        Tensor out = Tensor.result(n, m);
        double[] xd = x.data;
        double[] wd = w.data;
        double[] y = out.data;
        columns(m, (long) n * k * m, j -> matmulColumn(xd, wd, y, n, k, j));
        return Node.record(out, (g, needs) -> new Tensor[] {
                needs[0] ? matmulTransB(g, w) : null,
                needs[1] ? matmulTransA(x, g) : null}, x, w);
    }

    /** Runs {@code body} for columns 0..m-1, in parallel when the product is large. Each column is computed
     * by the same sequential loop whichever thread runs it, so results do not depend on the thread count. */
    private static void columns(int m, long work, java.util.function.IntConsumer body) {
        if (work >= PARALLEL_WORK && m > 1) {
            java.util.stream.IntStream.range(0, m).parallel().forEach(body);
        } else {
            for (int j = 0; j < m; j++) {
                body.accept(j);
            }
        }
    }

    /** Multiply-adds above which products are split over the common fork-join pool. */
    private static final long PARALLEL_WORK = 1L << 20;

    private static void matmulColumn(double[] xd, double[] wd, double[] y, int n, int k, int j) {
        int yo = j * n;
        int i = 0;
        for (; i + 3 < k; i += 4) {
            double w0 = wd[j * k + i];
            double w1 = wd[j * k + i + 1];
            double w2 = wd[j * k + i + 2];
            double w3 = wd[j * k + i + 3];
            int x0 = i * n;
            int x1 = x0 + n;
            int x2 = x1 + n;
            int x3 = x2 + n;
            for (int r = 0; r < n; r++) {
                y[yo + r] += w0 * xd[x0 + r] + w1 * xd[x1 + r] + w2 * xd[x2 + r] + w3 * xd[x3 + r];
            }
        }
        for (; i < k; i++) {
            double wv = wd[j * k + i];
            int xo = i * n;
            for (int r = 0; r < n; r++) {
                y[yo + r] += wv * xd[xo + r];
            }
        }
    }

    /** {@code g (n x m) @ w^T, w (k x m) -> n x k}. */
    static Tensor matmulTransB(Tensor g, Tensor w) {
        if (g.cols != w.cols) {
            throw new IllegalArgumentException("matmulTransB: shapes " + g.shape() + " and " + w.shape()
                    + "; allowed: n x m and k x m");
        }
        int n = g.rows;
        int m = g.cols;
        int k = w.rows;
        Tensor out = Tensor.result(n, k);
        double[] gd = g.data;
        double[] wd = w.data;
        double[] y = out.data;
        columns(k, (long) n * k * m, i -> transBColumn(gd, wd, y, n, k, m, i));
        // out = g w^T: d/dg = dOut @ w, d/dw = dOut^T @ g
        return Node.record(out, (d, needs) -> new Tensor[] {
                needs[0] ? matmul(d, w) : null,
                needs[1] ? matmulTransA(d, g) : null}, g, w);
    }

    private static void transBColumn(double[] gd, double[] wd, double[] y, int n, int k, int m, int i) {
        int yo = i * n;
        int j = 0;
        for (; j + 3 < m; j += 4) {
            double w0 = wd[j * k + i];
            double w1 = wd[(j + 1) * k + i];
            double w2 = wd[(j + 2) * k + i];
            double w3 = wd[(j + 3) * k + i];
            int g0 = j * n;
            int g1 = g0 + n;
            int g2 = g1 + n;
            int g3 = g2 + n;
            for (int r = 0; r < n; r++) {
                y[yo + r] += w0 * gd[g0 + r] + w1 * gd[g1 + r] + w2 * gd[g2 + r] + w3 * gd[g3 + r];
            }
        }
        for (; j < m; j++) {
            double wv = wd[j * k + i];
            int go = j * n;
            for (int r = 0; r < n; r++) {
                y[yo + r] += wv * gd[go + r];
            }
        }
    }

    /** {@code x^T @ g, x (n x k), g (n x m) -> k x m}: a sum over the batch. */
    static Tensor matmulTransA(Tensor x, Tensor g) {
        if (x.rows != g.rows) {
            throw new IllegalArgumentException("matmulTransA: shapes " + x.shape() + " and " + g.shape()
                    + "; allowed: n x k and n x m");
        }
        int n = x.rows;
        int k = x.cols;
        int m = g.cols;
        Tensor out = Tensor.result(k, m);
        double[] xd = x.data;
        double[] gd = g.data;
        double[] y = out.data;
        columns(m, (long) n * k * m, j -> transAColumn(xd, gd, y, n, k, j));
        // out = x^T g: d/dx = g @ dOut^T, d/dg = x @ dOut
        return Node.record(out, (d, needs) -> new Tensor[] {
                needs[0] ? matmulTransB(g, d) : null,
                needs[1] ? matmul(x, d) : null}, x, g);
    }

    private static void transAColumn(double[] xd, double[] gd, double[] y, int n, int k, int j) {
        int go = j * n;
        for (int i = 0; i < k; i++) {
            int xo = i * n;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int r = 0;
            for (; r + 3 < n; r += 4) {
                s0 += xd[xo + r] * gd[go + r];
                s1 += xd[xo + r + 1] * gd[go + r + 1];
                s2 += xd[xo + r + 2] * gd[go + r + 2];
                s3 += xd[xo + r + 3] * gd[go + r + 3];
            }
            for (; r < n; r++) {
                s0 += xd[xo + r] * gd[go + r];
            }
            y[j * k + i] = (s0 + s1) + (s2 + s3);
        }
    }
}
