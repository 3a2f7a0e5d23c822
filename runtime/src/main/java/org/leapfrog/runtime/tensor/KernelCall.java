package org.leapfrog.runtime.tensor;

/**
 * One kernel bound to tensors of one engine ({@link Engine#kernel}): set arguments by the kernel's parameter
 * positions, then {@link #run}. Bindings persist between runs, and setting them allocates nothing. On OpenCL,
 * a tensor bound with {@link #read} or {@link #update} is uploaded first only if its host copy is newer (a
 * counted transfer); after the run, tensors bound with {@link #write}, {@link #update} or {@link #gradient}
 * are current on the device only. On the Java engine the kernel's twin runs on the host arrays.
 */
public abstract class KernelCall {
    KernelCall() {
    }

    /** An input buffer: the tensor's values. */
    public abstract KernelCall read(int index, Tensor t);

    /** An output buffer that the kernel overwrites completely. */
    public abstract KernelCall write(int index, Tensor t);

    /** A buffer the kernel reads and writes (state, parameters updated in place). */
    public abstract KernelCall update(int index, Tensor t);

    /** The accumulated gradient of a trainable leaf, read and written in place. */
    public abstract KernelCall gradient(int index, Tensor leaf);

    public abstract KernelCall arg(int index, int value);


    public abstract KernelCall arg(int index, double value);

    /** Runs the kernel over {@code workItems} work-items (0 does nothing). */
    public abstract void run(long workItems);

    /** Throws unless {@code t} lives on {@code engine}. */
    static Storage checked(Engine engine, Tensor t, String role, int index) {
        if (t.engine != engine) {
            throw new IllegalArgumentException("argument " + index + " (" + role + "): a tensor of " + t.engine
                    + "; allowed: tensors of " + engine);
        }
        return role.equals("gradient") ? t.gradStorage() : t.storage();
    }
}
