package org.leapfrog.runtime.tensor;

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
 * <p>A tensor lives on the {@link Engine} that made it ({@link Engine#zeros}, {@link Engine#wrap},
 * {@link Engine#parameter}, ...) in one runtime buffer ({@link #buffer()}) with a device copy on the engine's
 * backend; every operation is one kernel launch and host access ({@link #data()}, {@link #get}, {@link #item()})
 * copies on demand where device memory is separate. Inside an open {@link Arena} scope of the engine, operation results take their storage
 * from the arena's pool.
 *
 * <p>Operations build a graph (define-by-run) when recording is on ({@link Engine#noGrad()}) and some
 * input {@linkplain #requiresGrad() requires a gradient}. Differentiate with {@link Graph#grad} or
 * accumulate into parameters with {@link Graph#backward}.
 */
public final class Tensor {
    final int rows;
    final int cols;
    /** The engine this tensor lives on; operations on it run there. */
    final Engine engine;
    private final Storage storage;
    /** The storage's generation when this tensor was made: a later one means an arena took it back. */
    private final int generation;
    /** The operation that produced this tensor, when recorded; null for leaves and constants. */
    Node node;
    private final boolean leafRequiresGrad;
    private final String name;
    /** Gradient accumulated by {@link Graph#backward}, for leaves that require a gradient. */
    private final Storage accumulatedGrad;

    private Tensor(Engine engine, int rows, int cols, Storage storage, boolean requiresGrad, String name) {
        this.rows = rows;
        this.cols = cols;
        this.engine = engine;
        this.storage = storage;
        this.generation = storage.generation;
        this.leafRequiresGrad = requiresGrad;
        this.name = name;
        this.accumulatedGrad = requiresGrad ? engine.device.allocate(storage.length, true, true) : null;
    }

    /** A tensor on {@code engine} over {@code storage} (shape already checked). */
    static Tensor make(Engine engine, int rows, int cols, Storage storage, boolean requiresGrad, String name) {
        engine.checkOpen();
        return new Tensor(engine, rows, cols, storage, requiresGrad, name);
    }

    static void checkShape(int rows, int cols, double[] data) {
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
    }

    /**
     * An operation's result on {@code engine}: from the open {@link Arena} scope of that engine if there is
     * one, else newly allocated. Contents are zeros only when {@code zeroed}; otherwise the op writes them all.
     */
    static Tensor result(Engine engine, int rows, int cols, boolean zeroed) {
        int n = rows * cols;
        Storage s = Arena.take(engine, n);
        if (s == null) {
            s = engine.device.allocate(n, zeroed, true);
        } else if (zeroed) {
            engine.device.fill(s, 0, 0.0, n);
        }
        return new Tensor(engine, rows, cols, s, false, null);
    }

    static int checkedSize(int rows, int cols) {
        if (rows < 1 || cols < 1 || (long) rows * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("shape: " + rows + " x " + cols
                    + "; allowed: positive sizes with at most " + (Integer.MAX_VALUE - 8) + " elements");
        }
        return rows * cols;
    }

    /** The storage, checked to be still this tensor's (not taken back by a closed arena scope). */
    Storage storage() {
        if (storage.generation != generation) {
            throw new IllegalStateException("tensor " + shape() + " was made in an arena scope that has closed;"
                    + " copy() what you keep before closing the scope");
        }
        return storage;
    }

    /** The engine this tensor lives on. */
    public Engine engine() {
        return engine;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int size() {
        return rows * cols;
    }

    /**
     * The values (feature-major); writing them changes the tensor. On the Java engine this is the storage
     * itself. On OpenCL it is the host copy, brought up to date now and uploaded again before the next
     * operation that reads the tensor: write it before that operation, and call {@code data()} again to write
     * after one (the array stays the same; only the copy's freshness changes).
     */
    public double[] data() {
        return engine.device.writeHost(storage());
    }

    /**
     * The float32 values of a tensor on a float32 engine, with the host-copy rules of {@link #data()} (which is
     * for float64 engines only: a float32 tensor has no double[] to share).
     */
    public float[] floatData() {
        return engine.device.writeHostFloats(storage());
    }

    /** A new array with a copy of the values (feature-major), as doubles in either precision. */
    public double[] toArray() {
        return engine.device.copyToDoubles(storage());
    }

    /**
     * Overwrites the values with {@code values} (feature-major, at most {@link #size()} of them; rounded to
     * float on a float32 engine): host initialisation that works in either precision.
     */
    public void assign(double[] values) {
        if (values.length > size()) {
            throw new IllegalArgumentException("values: length " + values.length + "; allowed: at most " + size()
                    + " (" + shape() + ")");
        }
        engine.device.assign(storage(), values);
    }

    public double get(int row, int col) {
        return engine.device.get(storage(), col * rows + row);
    }

    public void set(int row, int col, double value) {
        engine.device.set(storage(), col * rows + row, value);
    }

    /**
     * The runtime buffer holding this tensor's values (feature-major; its device copy is in the engine's backend
     * memory). Bind it into a task graph or a dispatcher launch to read the values where they are, with no host
     * copy: a plan on the engine's backend sees the values the engine's last kernels wrote (call
     * {@code engine.dispatcher().finish()} first where the backend runs launches asynchronously and the plan
     * uses another queue; OpenCL plans and dispatchers of one backend share its in-order queue). Writers must
     * keep the buffer's currency records ({@code hostChanged()} after host writes). The buffer may hold more
     * elements than the tensor (an empty tensor has one).
     */
    public org.leapfrog.runtime.graph.DoubleArray buffer() {
        if (storage().buffer instanceof org.leapfrog.runtime.graph.DoubleArray d) {
            return d;
        }
        throw new IllegalStateException("buffer(): a float32 tensor; allowed on float64 engines (float32: hostArray())");
    }

    /** The runtime buffer holding this tensor's values in either precision (see {@link #buffer()}). */
    public org.leapfrog.runtime.graph.HostArray hostArray() {
        return storage().buffer;
    }

    /** The single value of a 1 x 1 tensor. */
    public double item() {
        if (size() != 1) {
            throw new IllegalStateException("item(): shape " + shape() + "; allowed: 1 x 1");
        }
        return engine.device.get(storage(), 0);
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

    /**
     * Gradient accumulated by {@link Graph#backward} (a leaf that requires a gradient); zero it with
     * {@link #zeroGrad()}. Host-copy rules as for {@link #data()}.
     */
    public double[] accumulatedGrad() {
        if (accumulatedGrad == null) {
            throw new IllegalStateException("accumulatedGrad(): this tensor is not a leaf that requires a gradient");
        }
        return engine.device.writeHost(accumulatedGrad);
    }

    /** {@link #accumulatedGrad()} of a float32 engine's leaf: the float32 values, same host-copy rules. */
    public float[] floatAccumulatedGrad() {
        if (accumulatedGrad == null) {
            throw new IllegalStateException("floatAccumulatedGrad(): this tensor is not a leaf that requires a gradient");
        }
        return engine.device.writeHostFloats(accumulatedGrad);
    }

    /** A copy of the accumulated gradient as doubles, in either precision. */
    public double[] gradToArray() {
        if (accumulatedGrad == null) {
            throw new IllegalStateException("gradToArray(): this tensor is not a leaf that requires a gradient");
        }
        return engine.device.copyToDoubles(accumulatedGrad);
    }

    /** The accumulated gradient's storage, for kernels (throws unless this is a trainable leaf). */
    Storage gradStorage() {
        if (accumulatedGrad == null) {
            throw new IllegalArgumentException("tensor " + (name != null ? "'" + name + "' " : "") + shape()
                    + ": not a leaf that requires a gradient; allowed: parameters and variables");
        }
        return accumulatedGrad;
    }

    public void zeroGrad() {
        if (accumulatedGrad != null) {
            engine.device.fill(accumulatedGrad, 0, 0.0, accumulatedGrad.length);
        }
    }

    /** Adds {@code g} (this tensor's shape, same engine) to the accumulated gradient, on the engine. */
    void accumulate(Tensor g) {
        engine.device.binary(org.leapfrog.kernels.nn.Elementwise.ADD, accumulatedGrad, rows, cols, g.storage(), rows, cols,
                accumulatedGrad, rows, cols);
    }

    String shape() {
        return rows + " x " + cols;
    }

    boolean sameShape(Tensor o) {
        return rows == o.rows && cols == o.cols;
    }

    /** The same values, cut from the graph: gradients stop here. */
    public Tensor detach() {
        Storage s = storage();
        return new Tensor(engine, rows, cols, s, false, null);
    }

    /** A constant copy of the values, on the same engine, never pooled (safe to keep after an arena scope). */
    public Tensor copy() {
        Storage s = engine.device.allocate(size(), false, true);
        engine.device.copy(storage(), 0, s, 0, size());
        return new Tensor(engine, rows, cols, s, false, null);
    }

    /** Throws unless {@code o} lives on this tensor's engine. */
    void sameEngine(Tensor o) {
        if (o.engine != engine) {
            throw new IllegalArgumentException("tensors: on engines " + engine + " and " + o.engine
                    + "; allowed: tensors of one engine in an operation");
        }
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
        return sum().mul(1.0 / size());
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
        return "Tensor[" + shape() + (engine.isOpenCl() ? ", opencl" : "") + (name != null ? ", " + name : "") + (requiresGrad() ? ", requiresGrad" : "") + "]";
    }
    // ---- additions for samplers written in tensor operations (vae.mcmc) ----

    /** {@code this (n x m) @ w^T} for {@code w (k x m)}: {@code n x k}; per row, {@code w} applied to the row. */
    public Tensor matmulTransB(Tensor w) {
        return MatMul.matmulTransB(this, w);
    }

    /**
     * The same values as a {@code rows x cols} tensor, in storage order (feature-major, so column-major reshaping:
     * element (r, c) of the result is storage element {@code c * rows + r}). A copy; differentiable to any order.
     */
    public Tensor reshape(int rows, int cols) {
        return Features.reshape(this, rows, cols);
    }

    /** A constant 0/1 tensor of this shape: 1 where the value is finite (not NaN or infinite). */
    public Tensor finiteMask() {
        return insideMask(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** A constant 0/1 tensor of this shape: 1 where {@code lo < value < hi} (0 for NaN), e.g. an acceptance test. */
    public Tensor insideMask(double lo, double hi) {
        return Unary.map(org.leapfrog.kernels.nn.Elementwise.INSIDE, lo, hi, this);
    }
}
