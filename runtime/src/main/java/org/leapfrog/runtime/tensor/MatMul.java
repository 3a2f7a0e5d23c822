package org.leapfrog.runtime.tensor;

import org.leapfrog.kernels.nn.Gemm;

/**
 * Matrix products in the feature-major layout (the {@link Gemm} kernels of
 * {@code nn/gemm.cl}, defined by {@code MatmulKernels}). The three forms are closed under differentiation: the backward
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
        Backward.Accumulating rule = (g, needs, prev) -> new Tensor[] {
                needs[0] ? Backward.Accumulating.plus(prev[0], matmulTransB(g, w)) : null,
                needs[1] ? matmulTransA(x, g, prev[1]) : null};
        return Node.record(out, rule, x, w);
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

    /**
     * {@code prev + x^T @ g} ({@code k x m}) in one launch, or {@link #matmulTransA(Tensor, Tensor)} when prev is
     * null: a weight's gradient added to the one accumulated so far, the same bits as the product then an add.
     */
    static Tensor matmulTransA(Tensor x, Tensor g, Tensor prev) {
        if (prev == null) {
            return matmulTransA(x, g);
        }
        x.sameEngine(g);
        x.sameEngine(prev);
        if (x.rows != g.rows || prev.rows != x.cols || prev.cols != g.cols) {
            throw new IllegalArgumentException("matmulTransA: shapes " + x.shape() + ", " + g.shape() + " and prev "
                    + prev.shape() + "; allowed: n x k, n x m and k x m");
        }
        Tensor out = Tensor.result(x.engine, x.cols, g.cols, false);
        x.engine.device.matmulTransA(x.storage(), g.storage(), prev.storage(), out.storage(), x.rows, x.cols, g.cols);
        // out = prev + x^T g: d/dx = g @ dOut^T, d/dg = x @ dOut, d/dprev = dOut
        return Node.record(out, (d, needs) -> new Tensor[] {
                needs[0] ? matmulTransB(g, d) : null,
                needs[1] ? matmul(x, d) : null,
                needs[2] ? d : null}, x, g, prev);
    }

    /**
     * {@code act(x (n x k) @ w (k x m) + b)} with b ({@code 1 x m}) or null, as one kernel (nn_gemm with the bias
     * and activation applied at the store). The same bits as the unfused matmul, add and activation on the same
     * engine. Backward: {@code dz = g * act'(out)}, then the other two products and the bias's batch sum.
     */
    static Tensor linear(Tensor x, Tensor w, Tensor b, int act) {
        x.sameEngine(w);
        if (x.cols != w.rows) {
            throw new IllegalArgumentException("linear: shapes " + x.shape() + " and " + w.shape()
                    + "; allowed: n x k and k x m");
        }
        if (b != null) {
            x.sameEngine(b);
            if (b.rows != 1 || b.cols != w.cols) {
                throw new IllegalArgumentException("linear: bias shape " + b.shape() + "; allowed: 1 x " + w.cols);
            }
        }
        Tensor out = Tensor.result(x.engine, x.rows, w.cols, false);
        x.engine.device.linear(x.storage(), w.storage(), b == null ? null : b.storage(), out.storage(), x.rows,
                x.cols, w.cols, act);
        // The weight's and the bias's gradients are added to those accumulated so far in their own launches.
        Backward.Accumulating rule = (g, needs, prev) -> {
            Tensor dz;
            Tensor db = null;
            if (act != Gemm.IDENTITY && b != null && needs[2] && !g.engine.isGradEnabled()) {
                // Constant gradients (nothing recorded): dz and the bias's gradient in one launch.
                Tensor[] both = actGradSum(g, out, act, prev[2]);
                dz = both[0];
                db = both[1];
            } else {
                dz = act == Gemm.IDENTITY ? g : actGrad(g, out, act);
                db = b != null && needs[2] ? Reductions.sumRows(dz, prev[2]) : null;
            }
            Tensor dx = needs[0] ? Backward.Accumulating.plus(prev[0], matmulTransB(dz, w)) : null;
            Tensor dw = needs[1] ? matmulTransA(x, dz, prev[1]) : null;
            return b == null ? new Tensor[] {dx, dw} : new Tensor[] {dx, dw, db};
        };
        return b == null ? Node.record(out, rule, x, w) : Node.record(out, rule, x, w, b);
    }

    /** {@code g * act'(y)} for y the activation's output (kernel nn_act_grad); differentiable in g and y. */
    static Tensor actGrad(Tensor g, Tensor y, int act) {
        g.sameEngine(y);
        Tensor out = Tensor.result(g.engine, g.rows, g.cols, false);
        g.engine.device.actGrad(g.storage(), y.storage(), out.storage(), g.size(), act);
        return Node.record(out, (h, needs) -> new Tensor[] {
                needs[0] ? actGrad(h, y, act) : null,
                needs[1] ? h.mul(g).mul(secondFactor(y, act)) : null}, g, y);
    }

    /**
     * {@code dz = g * act'(y)} and {@code [prev +] dz.sumRows()} in one launch (nn_act_grad_sum), the bits of
     * {@link #actGrad} then {@link Reductions#sumRows(Tensor, Tensor)}. Not recorded: for constant gradients only.
     */
    private static Tensor[] actGradSum(Tensor g, Tensor y, int act, Tensor prev) {
        g.sameEngine(y);
        Tensor dz = Tensor.result(g.engine, g.rows, g.cols, false);
        Tensor db = Tensor.result(g.engine, 1, g.cols, false);
        g.engine.device.actGradSum(g.storage(), y.storage(), dz.storage(), db.storage(),
                prev == null ? null : prev.storage(), g.rows, g.cols, act);
        return new Tensor[] {dz, db};
    }

    /** d/dy of act'(y) written in y: tanh -2y, sigmoid 1 - 2y, relu 0. */
    private static Tensor secondFactor(Tensor y, int act) {
        return switch (act) {
            case Gemm.TANH -> y.mul(-2.0);
            case Gemm.SIGMOID -> y.mul(-2.0).add(1.0);
            default -> y.mul(0.0);
        };
    }
}
