package org.leapfrog.autodiff;

/**
 * Element-wise functions of two tensors with broadcasting: along each axis the sizes must be equal or one of
 * them 1 (a {@code 1 x cols} vector repeats over the batch, a {@code rows x 1} per-chain value repeats over
 * features, a {@code 1 x 1} scalar repeats everywhere). Gradients of broadcast inputs are summed back.
 */
final class Binary {
    private static final int ADD = 0;
    private static final int SUB = 1;
    private static final int MUL = 2;
    private static final int DIV = 3;

    private Binary() {
    }

    static Tensor add(Tensor a, Tensor b) {
        Tensor out = compute(ADD, a, b);
        return Node.record(out, (g, needs) -> new Tensor[] {
                needs[0] ? reduceTo(g, a) : null,
                needs[1] ? reduceTo(g, b) : null}, a, b);
    }

    static Tensor sub(Tensor a, Tensor b) {
        Tensor out = compute(SUB, a, b);
        return Node.record(out, (g, needs) -> new Tensor[] {
                needs[0] ? reduceTo(g, a) : null,
                needs[1] ? reduceTo(g.neg(), b) : null}, a, b);
    }

    static Tensor mul(Tensor a, Tensor b) {
        Tensor out = compute(MUL, a, b);
        return Node.record(out, (g, needs) -> new Tensor[] {
                needs[0] ? reduceTo(g.mul(b), a) : null,
                needs[1] ? reduceTo(g.mul(a), b) : null}, a, b);
    }

    static Tensor div(Tensor a, Tensor b) {
        Tensor out = compute(DIV, a, b);
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
        int rows = broadcastSize("row", a.rows, b.rows);
        int cols = broadcastSize("column", a.cols, b.cols);
        Tensor out = Tensor.result(rows, cols);
        int as = a.rows == 1 ? 0 : 1;
        int bs = b.rows == 1 ? 0 : 1;
        for (int c = 0; c < cols; c++) {
            int ao = a.cols == 1 ? 0 : c * a.rows;
            int bo = b.cols == 1 ? 0 : c * b.rows;
            run(op, a.data, ao, as, b.data, bo, bs, out.data, c * rows, rows);
        }
        return out;
    }

    /** One column: {@code y[yo + i] = a[ao + i * as] op b[bo + i * bs]}, strides 0 or 1, loops specialised. */
    private static void run(int op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] y, int yo, int n) {
        if (as == 1 && bs == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] + b[bo + i]; }
                case SUB -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] - b[bo + i]; }
                case MUL -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] * b[bo + i]; }
                default -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] / b[bo + i]; }
            }
        } else if (as == 1) {
            double v = b[bo];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] + v; }
                case SUB -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] - v; }
                case MUL -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] * v; }
                default -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] / v; }
            }
        } else if (bs == 1) {
            double v = a[ao];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) y[yo + i] = v + b[bo + i]; }
                case SUB -> { for (int i = 0; i < n; i++) y[yo + i] = v - b[bo + i]; }
                case MUL -> { for (int i = 0; i < n; i++) y[yo + i] = v * b[bo + i]; }
                default -> { for (int i = 0; i < n; i++) y[yo + i] = v / b[bo + i]; }
            }
        } else {
            double u = a[ao];
            double v = b[bo];
            double r = switch (op) {
                case ADD -> u + v;
                case SUB -> u - v;
                case MUL -> u * v;
                default -> u / v;
            };
            for (int i = 0; i < n; i++) {
                y[yo + i] = r;
            }
        }
    }
}
