package org.leapfrog.runtime.tensor;

/**
 * Where an engine's tensor values live and its kernels run. Every method works on whole storages in the
 * feature-major layout; the kernels and their argument meanings are those of
 * {@link org.leapfrog.kernels.nn.NnKernels}. Inputs and outputs may be the same storage only where the kernel is
 * element-wise without broadcasting of that argument (accumulation {@code acc += g}).
 */
abstract class Device {
    /** A new storage of {@code length} doubles, zeros when asked; with {@code managed} its device memory is freed
     * when it becomes unreachable, otherwise by {@link #free} (arena storages). */
    abstract Storage allocate(int length, boolean zeroed, boolean managed);

    /** A storage whose values are the caller's array (shared on the Java engine; the host mirror on OpenCL). */
    abstract Storage wrap(double[] data);

    /** Frees device memory of an unmanaged storage now. */
    abstract void free(Storage s);

    /** The current values on the host, for reading. */
    abstract double[] readHost(Storage s);

    /** The current values on the host, for reading and writing: device copies are stale until the next use. */
    abstract double[] writeHost(Storage s);

    /** A host array for the caller to fill completely: current values are not fetched; device copies become stale. */
    abstract double[] overwriteHost(Storage s);

    /** How many value arrays (Java) or device buffers (OpenCL) this device has made. */
    abstract long allocations();

    abstract String describe();

    abstract void unary(int op, double p, double q, Storage x, Storage y, int n);

    abstract void binary(int op, Storage a, int ar, int ac, Storage b, int br, int bc, Storage y, int rows, int cols);

    abstract void expand(Storage a, int ar, int ac, Storage y, int rows, int cols);

    abstract void select(Storage mask, int mc, Storage a, Storage b, Storage y, int rows, int cols);

    abstract void fill(Storage y, int off, double v, int n);

    abstract void copy(Storage src, int srcOff, Storage dst, int dstOff, int n);

    abstract void matmul(Storage x, Storage w, Storage y, int n, int k, int m);

    abstract void matmulTransB(Storage g, Storage w, Storage y, int n, int k, int m);

    abstract void matmulTransA(Storage x, Storage g, Storage y, int n, int k, int m);

    abstract void sumRows(Storage x, Storage y, int rows, int cols);

    abstract void sumCols(Storage x, Storage y, int rows, int cols);

    /** A launch slot for {@code def} on tensors of {@code engine} (see {@link KernelCall}). */
    abstract KernelCall call(Engine engine, org.leapfrog.kernels.KernelDef def);

    /** Host-device copies and kernel launches so far. */
    abstract org.leapfrog.runtime.graph.TransferStats transfers();

    void close() {
    }

    /**
     * {@code y (n x m) = act(x (n x k) @ w (k x m) + b)} in one pass; {@code b} ({@code 1 x m}) may be null.
     * {@code act} is a {@link org.leapfrog.kernels.nn.Gemm} activation code.
     */
    void linear(Storage x, Storage w, Storage b, Storage y, int n, int k, int m, int act) {
        throw new UnsupportedOperationException(describe() + " has no fused linear product");
    }

    /** {@code dz = g * act'(y)} over n elements, from the activation's output y. */
    void actGrad(Storage g, Storage y, Storage dz, int n, int act) {
        throw new UnsupportedOperationException(describe() + " has no activation gradient");
    }
}
