package org.leapfrog.runtime.tensor;

/**
 * Matrix products in the feature-major layout (kernels nn_matmul, nn_matmul_tb, nn_matmul_ta; Java twins in
 * {@link org.leapfrog.kernels.nn.Products}). The three forms are closed under differentiation: the backward
 * rule of each is made of the other two, so products can be differentiated to any order.
 */
final class MatMul {
    private MatMul() {
    }

    /** {@code x (n x k) @ w (k x m) -> n x m}. */
    static Tensor matmul(Tensor x, Tensor w) {
        x.sameEngine(w);
        if (x.cols != w.rows) {
            throw new IllegalArgumentException("matmul: shapes " + x.shape() + " and " + w.shape()
                    + "; allowed: n x k and k x m");
        }
        Tensor out = Tensor.result(x.engine, x.rows, w.cols, false);
        x.engine.device.matmul(x.storage(), w.storage(), out.storage(), x.rows, x.cols, w.cols);
        return Node.record(out, (g, needs) -> new Tensor[] {
                needs[0] ? matmulTransB(g, w) : null,
                needs[1] ? matmulTransA(x, g) : null}, x, w);
    }

    /** {@code g (n x m) @ w^T, w (k x m) -> n x k}. */
    static Tensor matmulTransB(Tensor g, Tensor w) {
        g.sameEngine(w);
        if (g.cols != w.cols) {
            throw new IllegalArgumentException("matmulTransB: shapes " + g.shape() + " and " + w.shape()
                    + "; allowed: n x m and k x m");
        }
        Tensor out = Tensor.result(g.engine, g.rows, w.rows, false);
        g.engine.device.matmulTransB(g.storage(), w.storage(), out.storage(), g.rows, w.rows, g.cols);
        // out = g w^T: d/dg = dOut @ w, d/dw = dOut^T @ g
        return Node.record(out, (d, needs) -> new Tensor[] {
                needs[0] ? matmul(d, w) : null,
                needs[1] ? matmulTransA(d, g) : null}, g, w);
    }

    /** {@code x^T @ g, x (n x k), g (n x m) -> k x m}: a sum over the batch. */
    static Tensor matmulTransA(Tensor x, Tensor g) {
        x.sameEngine(g);
        if (x.rows != g.rows) {
            throw new IllegalArgumentException("matmulTransA: shapes " + x.shape() + " and " + g.shape()
                    + "; allowed: n x k and n x m");
        }
        Tensor out = Tensor.result(x.engine, x.cols, g.cols, false);
        x.engine.device.matmulTransA(x.storage(), g.storage(), out.storage(), x.rows, x.cols, g.cols);
        // out = x^T g: d/dx = g @ dOut^T, d/dg = x @ dOut
        return Node.record(out, (d, needs) -> new Tensor[] {
                needs[0] ? matmulTransB(g, d) : null,
                needs[1] ? matmul(x, d) : null}, x, g);
    }
}
