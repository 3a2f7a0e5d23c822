package org.leapfrog.runtime.tensor;

import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.runtime.Dispatcher;

/**
 * One kernel bound to tensors of one engine ({@link Engine#kernel}): set arguments by the kernel's parameter
 * positions, then {@link #run}. It is the engine's dispatcher slot for the kernel, so bindings persist between
 * runs and setting them allocates nothing. The role of a tensor says how the kernel uses its buffer: a tensor
 * bound with {@link #read}, {@link #update} or {@link #gradient} is made current on the device first (an
 * upload only if its host copy is newer, a counted transfer); after the run, tensors bound with
 * {@link #write}, {@link #update} or {@link #gradient} are current on the device only (on the Java backend the
 * host array is the device memory and the twin runs on it). Where the kernel has a signature, it decides.
 */
public final class KernelCall {
    private final Engine engine;
    private final Device device;
    private final Dispatcher.Launch launch;

    KernelCall(Engine engine, Device device, Dispatcher.Launch launch) {
        this.engine = engine;
        this.device = device;
        this.launch = launch;
    }

    /** An input buffer: the tensor's values. */
    public KernelCall read(int index, Tensor t) {
        launch.buffer(index, checked(t, "read", index).buffer, Access.READ);
        return this;
    }

    /** An output buffer that the kernel overwrites completely. */
    public KernelCall write(int index, Tensor t) {
        launch.buffer(index, checked(t, "write", index).buffer, Access.WRITE);
        return this;
    }

    /** A buffer the kernel reads and writes (state, parameters updated in place). */
    public KernelCall update(int index, Tensor t) {
        launch.buffer(index, checked(t, "update", index).buffer, Access.READ_WRITE);
        return this;
    }

    /** The accumulated gradient of a trainable leaf, read and written in place. */
    public KernelCall gradient(int index, Tensor leaf) {
        launch.buffer(index, checked(leaf, "gradient", index).buffer, Access.READ_WRITE);
        return this;
    }

    public KernelCall arg(int index, int value) {
        launch.arg(index, value);
        return this;
    }

    public KernelCall arg(int index, double value) {
        launch.arg(index, value);
        return this;
    }

    /** Runs the kernel over {@code workItems} work-items (0 does nothing). */
    public void run(long workItems) {
        if (workItems < 0 || workItems > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("workItems: " + workItems + "; allowed: 0 to " + Integer.MAX_VALUE);
        }
        engine.checkOpen();
        if (workItems > 0) {
            launch.run(device.items(workItems));
        }
    }

    /** The tensor's storage, after checking that it lives on this call's engine. */
    private Storage checked(Tensor t, String role, int index) {
        if (t.engine != engine) {
            throw new IllegalArgumentException("argument " + index + " (" + role + "): a tensor of " + t.engine
                    + "; allowed: tensors of " + engine);
        }
        return role.equals("gradient") ? t.gradStorage() : t.storage();
    }
}
