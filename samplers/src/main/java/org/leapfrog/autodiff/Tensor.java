package org.leapfrog.autodiff;

import java.util.Arrays;

/**
 * A 2-D float64 tensor: {@code rows} x {@code cols}, stored feature-major in one {@code double[]}:
 * element (row r, column c) lives at {@code data[c * rows + r]}.
 *
 * <p>For a batch, rows are chains and columns are features, so the layout is the library's chain-minor
 * layout (coordinate d of chain c at {@code data[d * nChains + c]}) and every kernel's inner loop runs over
 * the batch with unit stride. A weight matrix mapping {@code in} to {@code out} features is an
 * {@code in x out} tensor; a bias or per-feature vector is {@code 1 x cols} and broadcasts over the batch;
 * a per-chain scalar is {@code rows x 1} and broadcasts over features; a scalar is {@code 1 x 1}.
 *
 * <p>Operations build a graph (define-by-run) when gradient recording is on ({@link GradMode}) and some
 * input {@linkplain #requiresGrad() requires a gradient}. Differentiate with {@link Graph#grad} or
 * accumulate into parameters with {@link Graph#backward}.
 */
public final class Tensor {
    final int rows;
    final int cols;
    final double[] data;
    /** The operation that produced this tensor, when recorded; null for leaves and constants. */
    Node node;
    private final boolean leafRequiresGrad;
    private final String name;
    /** Gradient accumulated by {@link Graph#backward}, for leaves that require a gradient. */
    private final double[] accumulatedGrad;

    private Tensor(int rows, int cols, double[] data, boolean requiresGrad, String name) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows: " + rows + "; allowed: 1 or more");
        }
        if (cols < 1) {
            throw new IllegalArgumentException("cols: " + cols + "; allowed: 1 or more");
        }
        if (data.length != (long) rows * cols) {
            throw new IllegalArgumentException("data: length " + data.length + " for shape " + rows + " x " + cols
                    + "; allowed: " + (long) rows * cols);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
        this.leafRequiresGrad = requiresGrad;
        this.name = name;
        this.accumulatedGrad = requiresGrad ? new double[data.length] : null;
    }

    /** A constant (no gradient) sharing {@code data}, laid out feature-major. */
    public static Tensor wrap(int rows, int cols, double[] data) {
        return new Tensor(rows, cols, data, false, null);
    }

    /** A constant of zeros. */
    public static Tensor zeros(int rows, int cols) {
        return new Tensor(rows, cols, new double[checkedSize(rows, cols)], false, null);
    }

    /** A constant filled with {@code value}. */
    public static Tensor full(int rows, int cols, double value) {
        double[] d = new double[checkedSize(rows, cols)];
        Arrays.fill(d, value);
        return new Tensor(rows, cols, d, false, null);
    }

    public static Tensor scalar(double value) {
        return new Tensor(1, 1, new double[] {value}, false, null);
    }

    /** A leaf that requires a gradient (e.g. positions to differentiate with respect to), sharing {@code data}. */
    public static Tensor variable(int rows, int cols, double[] data) {
        return new Tensor(rows, cols, data, true, null);
    }

    /** A named trainable parameter of zeros, with a gradient accumulator; initialise {@link #data()} in place. */
    public static Tensor parameter(String name, int rows, int cols) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name: '" + name + "'; allowed: a non-empty string");
        }
        return new Tensor(rows, cols, new double[checkedSize(rows, cols)], true, name);
    }

    /** A recorded operation's result (package-private: ops create these through {@link Node#record}). */
    static Tensor result(int rows, int cols) {
        return new Tensor(rows, cols, new double[rows * cols], false, null);
    }

    private static int checkedSize(int rows, int cols) {
        if (rows < 1 || cols < 1 || (long) rows * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape: " + rows + " x " + cols
                    + "; allowed: positive sizes with at most " + (Integer.MAX_VALUE - 8) + " elements");
        }
        return rows * cols;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int size() {
        return data.length;
    }

    /** The storage itself (feature-major); writing it changes the tensor. */
    public double[] data() {
        return data;
    }

    public double get(int row, int col) {
        return data[col * rows + row];
    }

    public void set(int row, int col, double value) {
        data[col * rows + row] = value;
    }

    /** The single value of a 1 x 1 tensor. */
    public double item() {
        if (data.length != 1) {
            throw new IllegalStateException("item(): shape " + shape() + "; allowed: 1 x 1");
        }
        return data[0];
    }

    /** The parameter's name, or null. */
    public String name() {
        return name;
    }

    public boolean isLeaf() {
        return node == null;
    }

    /** Whether gradients flow to or through this tensor. */
    public boolean requiresGrad() {
        return leafRequiresGrad || node != null;
    }

    /** Gradient accumulated by {@link Graph#backward} (a leaf that requires a gradient); zero it with {@link #zeroGrad()}. */
    public double[] accumulatedGrad() {
        if (accumulatedGrad == null) {
            throw new IllegalStateException("accumulatedGrad(): this tensor is not a leaf that requires a gradient");
        }
        return accumulatedGrad;
    }

    public void zeroGrad() {
        if (accumulatedGrad != null) {
            Arrays.fill(accumulatedGrad, 0.0);
        }
    }

    String shape() {
        return rows + " x " + cols;
    }

    boolean sameShape(Tensor o) {
        return rows == o.rows && cols == o.cols;
    }

    /** The same values, cut from the graph: gradients stop here. */
    public Tensor detach() {
        return new Tensor(rows, cols, data, false, null);
    }

    /** A constant copy of the values. */
    public Tensor copy() {
        return new Tensor(rows, cols, data.clone(), false, null);
    }

    // ---- element-wise with broadcasting (see Binary for the rules) ----
    public Tensor add(Tensor o) {
        return Binary.add(this, o);
    }

    public Tensor sub(Tensor o) {
        return Binary.sub(this, o);
    }

    public Tensor mul(Tensor o) {
        return Binary.mul(this, o);
    }

    public Tensor div(Tensor o) {
        return Binary.div(this, o);
    }

    // ---- scalar operations ----
    public Tensor add(double s) {
        return Unary.addScalar(this, s);
    }

    public Tensor sub(double s) {
        return Unary.addScalar(this, -s);
    }

    public Tensor mul(double s) {
        return Unary.mulScalar(this, s);
    }

    public Tensor div(double s) {
        return Unary.mulScalar(this, 1.0 / s);
    }

    /** {@code s - this}. */
    public Tensor rsub(double s) {
        return Unary.addScalar(Unary.mulScalar(this, -1.0), s);
    }

    /** {@code s / this}. */
    public Tensor rdiv(double s) {
        return Unary.reciprocal(this).mul(s);
    }

    // ---- unary ----
    public Tensor neg() {
        return Unary.mulScalar(this, -1.0);
    }

    public Tensor exp() {
        return Unary.exp(this);
    }

    public Tensor log() {
        return Unary.log(this);
    }

    public Tensor log1p() {
        return Unary.log1p(this);
    }

    public Tensor sqrt() {
        return Unary.sqrt(this);
    }

    public Tensor square() {
        return Unary.square(this);
    }

    public Tensor reciprocal() {
        return Unary.reciprocal(this);
    }

    public Tensor tanh() {
        return Unary.tanh(this);
    }

    public Tensor sigmoid() {
        return Unary.sigmoid(this);
    }

    public Tensor softplus() {
        return Unary.softplus(this);
    }

    public Tensor logSigmoid() {
        return Unary.softplus(neg()).neg();
    }

    public Tensor relu() {
        return Masks.relu(this);
    }

    public Tensor elu(double alpha) {
        return Masks.elu(this, alpha);
    }

    public Tensor clamp(double lo, double hi) {
        return Masks.clamp(this, lo, hi);
    }

    // ---- linear algebra ----
    /** {@code this (n x k) @ w (k x m)}. */
    public Tensor matmul(Tensor w) {
        return MatMul.matmul(this, w);
    }

    // ---- reductions and broadcasting ----
    /** Sum over rows (the batch): {@code 1 x cols}. */
    public Tensor sumRows() {
        return Reductions.sumRows(this);
    }

    /** Sum over columns (features): {@code rows x 1}. */
    public Tensor sumCols() {
        return Reductions.sumCols(this);
    }

    public Tensor meanRows() {
        return Reductions.sumRows(this).mul(1.0 / rows);
    }

    public Tensor meanCols() {
        return Reductions.sumCols(this).mul(1.0 / cols);
    }

    /** Sum of all elements: {@code 1 x 1}. */
    public Tensor sum() {
        Tensor t = rows > 1 ? Reductions.sumRows(this) : this;
        return t.cols > 1 ? Reductions.sumCols(t) : t;
    }

    public Tensor mean() {
        return sum().mul(1.0 / data.length);
    }

    /** Repeats a {@code 1 x cols} tensor over {@code n} rows. */
    public Tensor broadcastRows(int n) {
        return Reductions.broadcastRows(this, n);
    }

    /** Repeats a {@code rows x 1} tensor over {@code n} columns. */
    public Tensor broadcastCols(int n) {
        return Reductions.broadcastCols(this, n);
    }

    // ---- features and masks ----
    /** Features of several tensors with the same row count, side by side. */
    public static Tensor concatCols(Tensor... parts) {
        return Features.concat(parts);
    }

    /**
     * {@code mask != 0 ? a : b} element-wise; the mask (data, not differentiated) has the branches' shape
     * or is {@code rows x 1}. As in other engines, a NaN in the gradient of the unselected branch's inputs
     * still propagates (0 * NaN), so keep both branches finite.
     */
    public static Tensor select(Tensor mask, Tensor a, Tensor b) {
        return Masks.select(mask, a, b);
    }

    /** Columns {@code [from, to)}. */
    public Tensor sliceCols(int from, int to) {
        return Features.slice(this, from, to);
    }

    @Override
    public String toString() {
        return "Tensor[" + shape() + (name != null ? ", " + name : "") + (requiresGrad() ? ", requiresGrad" : "") + "]";
    }
}
