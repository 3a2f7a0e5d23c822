package org.leapfrog.autodiff;

/** Element-wise functions of one tensor. Backward rules reuse the output where that is cheaper. */
final class Unary {
    private Unary() {
    }

    static Tensor addScalar(Tensor a, double s) {
        Tensor out = Tensor.result(a.rows, a.cols);
        double[] x = a.data;
        double[] y = out.data;
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] + s;
        }
        return Node.record(out, (g, needs) -> new Tensor[] {g}, a);
    }

    static Tensor mulScalar(Tensor a, double s) {
        Tensor out = Tensor.result(a.rows, a.cols);
        double[] x = a.data;
        double[] y = out.data;
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * s;
        }
        return Node.record(out, (g, needs) -> new Tensor[] {mulScalar(g, s)}, a);
    }

    static Tensor reciprocal(Tensor a) {
        Tensor out = Tensor.result(a.rows, a.cols);
        double[] x = a.data;
        double[] y = out.data;
        for (int i = 0; i < x.length; i++) {
            y[i] = 1.0 / x[i];
        }
        // d(1/x) = -1/x^2 = -out^2
        return Node.record(out, (g, needs) -> new Tensor[] {g.mul(out.square()).neg()}, a);
    }

    static Tensor exp(Tensor a) {
        Tensor out = Tensor.result(a.rows, a.cols);
        double[] x = a.data;
        double[] y = out.data;
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.exp(x[i]);
        }
        return Node.record(out, (g, needs) -> new Tensor[] {g.mul(out)}, a);
    }

    static Tensor log(Tensor a) {
        Tensor out = Tensor.result(a.rows, a.cols);
        double[] x = a.data;
        double[] y = out.data;
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.log(x[i]);
        }
        return Node.record(out, (g, needs) -> new Tensor[] {g.div(a)}, a);
    }

    static Tensor log1p(Tensor a) {
        Tensor out = Tensor.result(a.rows, a.cols);
        double[] x = a.data;
        double[] y = out.data;
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.log1p(x[i]);
        }
        return Node.record(out, (g, needs) -> new Tensor[] {g.div(a.add(1.0))}, a);
    }

    static Tensor sqrt(Tensor a) {
        Tensor out = Tensor.result(a.rows, a.cols);
        double[] x = a.data;
        double[] y = out.data;
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.sqrt(x[i]);
        }
        return Node.record(out, (g, needs) -> new Tensor[] {g.div(out).mul(0.5)}, a);
    }

    static Tensor square(Tensor a) {
        Tensor out = Tensor.result(a.rows, a.cols);
        double[] x = a.data;
        double[] y = out.data;
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * x[i];
        }
        return Node.record(out, (g, needs) -> new Tensor[] {g.mul(a).mul(2.0)}, a);
    }

    static Tensor tanh(Tensor a) {
        Tensor out = Tensor.result(a.rows, a.cols);
        double[] x = a.data;
        double[] y = out.data;
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.tanh(x[i]);
        }
        return Node.record(out, (g, needs) -> new Tensor[] {g.mul(out.square().rsub(1.0))}, a);
    }

    static Tensor sigmoid(Tensor a) {
        Tensor out = Tensor.result(a.rows, a.cols);
        double[] x = a.data;
        double[] y = out.data;
        for (int i = 0; i < x.length; i++) {
            y[i] = sigmoid(x[i]);
        }
        return Node.record(out, (g, needs) -> new Tensor[] {g.mul(out.mul(out.rsub(1.0)))}, a);
    }

    /** log(1 + e^x), computed without overflow. */
    static Tensor softplus(Tensor a) {
        Tensor out = Tensor.result(a.rows, a.cols);
        double[] x = a.data;
        double[] y = out.data;
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            y[i] = Math.max(v, 0.0) + Math.log1p(Math.exp(-Math.abs(v)));
        }
        return Node.record(out, (g, needs) -> new Tensor[] {g.mul(a.sigmoid())}, a);
    }

    /** The logistic function, without overflow for large |x|. */
    static double sigmoid(double v) {
        if (v >= 0) {
            return 1.0 / (1.0 + Math.exp(-v));
        }
        double e = Math.exp(v);
        return e / (1.0 + e);
    }
}
