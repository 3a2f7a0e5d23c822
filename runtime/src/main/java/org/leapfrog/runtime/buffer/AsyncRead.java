package org.leapfrog.runtime.buffer;

/**
 * A reusable device-to-host copy of one buffer that does not block the caller: {@link #start} enqueues it behind
 * every earlier command of the backend's queue and returns; {@link #await} waits for it and makes the host array
 * current. Between the two the caller may enqueue more work (the next kernel launches), which is how reading a
 * result overlaps computing the next one. Made by {@link DeviceMemory#asyncRead}; one per buffer, reused for
 * every read, so a steady state allocates nothing.
 *
 * <p>Rules: the buffer must not be written on the device between {@code start} and {@code await} (the copy would
 * then hold the earlier values while the buffer is marked current), and its host array is written only inside
 * {@code await} (backends that copy asynchronously go through a staging area of their own).
 */
public abstract class AsyncRead {
    private final Buffer buffer;
    private final DeviceCopy copy;
    private boolean pending;

    protected AsyncRead(Buffer buffer, DeviceCopy copy) {
        this.buffer = buffer;
        this.copy = copy;
    }

    public final Buffer buffer() {
        return buffer;
    }

    /** The device copy read from. */
    protected final DeviceCopy copy() {
        return copy;
    }

    /** Enqueues the copy of the device values as they will be after every command enqueued so far. */
    public final void start() {
        if (pending) {
            throw new IllegalStateException("read of " + buffer + ": started twice; await the first read before starting another");
        }
        enqueue();
        pending = true;
    }

    /** Waits for the copy started last and makes the host array current; returns at once if none is pending. */
    public final void await() {
        if (!pending) {
            return;
        }
        complete();
        pending = false;
        buffer.downloaded(copy);
    }

    /** Whether a read was started and not yet awaited. */
    public final boolean pending() {
        return pending;
    }

    /** Starts the device-to-host copy without waiting for it. */
    protected abstract void enqueue();

    /** Waits for the copy and moves the values into the buffer's host array. */
    protected abstract void complete();
}
