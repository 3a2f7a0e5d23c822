package org.leapfrog.runtime.tensor;

import static org.leapfrog.kernels.nn.Elementwise.ADD_SCALAR;
import static org.leapfrog.kernels.nn.Elementwise.EXP;
import static org.leapfrog.kernels.nn.Elementwise.LOG;
import static org.leapfrog.kernels.nn.Elementwise.LOG1P;
import static org.leapfrog.kernels.nn.Elementwise.MUL_SCALAR;
import static org.leapfrog.kernels.nn.Elementwise.RECIPROCAL;
import static org.leapfrog.kernels.nn.Elementwise.SIGMOID;
import static org.leapfrog.kernels.nn.Elementwise.SOFTPLUS;
import static org.leapfrog.kernels.nn.Elementwise.SQRT;
import static org.leapfrog.kernels.nn.Elementwise.SQUARE;
import static org.leapfrog.kernels.nn.Elementwise.TANH;

/** Element-wise functions of one tensor (kernel nn_unary). Backward rules reuse the output where that is cheaper. */
final class Unary {
    private Unary() {
    }

    /** {@code f(a; p, q)} element-wise on a's engine, not recorded. */
    static Tensor map(int op, double p, double q, Tensor a) {
        Tensor out = Tensor.result(a.engine, a.rows, a.cols, false);
        a.engine.device.unary(op, p, q, a.storage(), out.storage(), a.size());
        return out;
    }

    static Tensor addScalar(Tensor a, double s) {
        return Node.record(map(ADD_SCALAR, s, 0, a), (g, needs) -> new Tensor[] {g}, a);
    }

    static Tensor mulScalar(Tensor a, double s) {
        return Node.record(map(MUL_SCALAR, s, 0, a), (g, needs) -> new Tensor[] {mulScalar(g, s)}, a);
    }

    static Tensor reciprocal(Tensor a) {
        Tensor out = map(RECIPROCAL, 0, 0, a);
        // d(1/x) = -1/x^2 = -out^2
        return Node.record(out, (g, needs) -> new Tensor[] {g.mul(out.square()).neg()}, a);
    }

    static Tensor exp(Tensor a) {
        Tensor out = map(EXP, 0, 0, a);
        return Node.record(out, (g, needs) -> new Tensor[] {g.mul(out)}, a);
    }

    static Tensor log(Tensor a) {
        return Node.record(map(LOG, 0, 0, a), (g, needs) -> new Tensor[] {g.div(a)}, a);
    }

    static Tensor log1p(Tensor a) {
        return Node.record(map(LOG1P, 0, 0, a), (g, needs) -> new Tensor[] {g.div(a.add(1.0))}, a);
    }

    static Tensor sqrt(Tensor a) {
        Tensor out = map(SQRT, 0, 0, a);
        return Node.record(out, (g, needs) -> new Tensor[] {g.div(out).mul(0.5)}, a);
    }

    static Tensor square(Tensor a) {
        return Node.record(map(SQUARE, 0, 0, a), (g, needs) -> new Tensor[] {g.mul(a).mul(2.0)}, a);
    }

    static Tensor tanh(Tensor a) {
        Tensor out = map(TANH, 0, 0, a);
        return Node.record(out, (g, needs) -> new Tensor[] {g.mul(out.square().rsub(1.0))}, a);
    }

    static Tensor sigmoid(Tensor a) {
        Tensor out = map(SIGMOID, 0, 0, a);
        return Node.record(out, (g, needs) -> new Tensor[] {g.mul(out.mul(out.rsub(1.0)))}, a);
    }

    /** log(1 + e^x), computed without overflow. */
    static Tensor softplus(Tensor a) {
        return Node.record(map(SOFTPLUS, 0, 0, a), (g, needs) -> new Tensor[] {g.mul(a.sigmoid())}, a);
    }
}
