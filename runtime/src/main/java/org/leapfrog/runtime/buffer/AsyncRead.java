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
    /** Whether the pending read covers the whole buffer. */
    private boolean whole;

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
        start(0, buffer.length());
    }

    /**
     * As {@link #start()}, for elements {@code from .. from + count - 1} only: {@link #await} then makes those
     * elements of the host array current (a backend may copy more) and leaves the buffer's other elements, and
     * its record of which copy is current, as they were.
     */
    public final void start(int from, int count) {
        if (pending) {
            throw new IllegalStateException("read of " + buffer + ": started twice; await the first read before starting another");
        }
        if (from < 0 || count < 0 || (long) from + count > buffer.length()) {
            throw new IllegalArgumentException("read of " + buffer + ": elements " + from + " + " + count
                    + "; allowed: within 0 .. " + buffer.length());
        }
        enqueue(from, count);
        whole = from == 0 && count == buffer.length();
        pending = true;
    }

    /** Waits for the copy started last and makes the host array current; returns at once if none is pending. */
    public final void await() {
        if (!pending) {
            return;
        }
        complete();
        pending = false;
        if (whole) {
            buffer.downloaded(copy);
        }
    }

    /** Whether a read was started and not yet awaited. */
    public final boolean pending() {
        return pending;
    }

    /** Starts the device-to-host copy of elements {@code from .. from + count - 1} without waiting for it. */
    protected abstract void enqueue(int from, int count);

    /** Waits for the copy and moves the values into the buffer's host array. */
    protected abstract void complete();
}
