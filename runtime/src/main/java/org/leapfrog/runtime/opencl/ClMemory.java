package org.leapfrog.runtime.opencl;

import org.jocl.Pointer;
import org.leapfrog.runtime.buffer.Buffer;
import org.leapfrog.runtime.buffer.DeviceCopy;
import org.leapfrog.runtime.buffer.DeviceMemory;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.graph.FloatArray;
import org.leapfrog.runtime.graph.IntArray;
import org.leapfrog.runtime.graph.LongArray;

/** An OpenCL backend's device memory: device copies are {@link ClBuffer}s; copies go through its in-order queue. */
final class ClMemory extends DeviceMemory {
    private final ClContext context;
    private final ClQueue queue;

    ClMemory(ClContext context, ClQueue queue) {
        this.context = context;
        this.queue = queue;
    }

    @Override
    public boolean separate() {
        return true;
    }

    @Override
    protected Object allocate(long bytes) {
        return new ClBuffer(context, bytes);
    }

    @Override
    protected void release(Object handle) {
        ((ClBuffer) handle).close();
    }

    @Override
    protected void copyToDevice(Buffer b, DeviceCopy copy) {
        queue.write((ClBuffer) copy.handle(), pointer(b, copy), b.bytes());
    }

    @Override
    protected void copyToHost(DeviceCopy copy, Buffer b) {
        queue.read((ClBuffer) copy.handle(), pointer(b, copy), b.bytes());
    }

    /** Reads through a native staging buffer with an event, so the copy overlaps later commands. */
    @Override
    protected org.leapfrog.runtime.buffer.AsyncRead newAsyncRead(Buffer b, DeviceCopy c) {
        if (b.bytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("buffer " + b + ": " + b.bytes() + " bytes; allowed for an "
                    + "asynchronous read: at most " + Integer.MAX_VALUE + " (read larger buffers with download)");
        }
        return new ClAsyncRead(queue, b, c);
    }

    /** The copy's device buffer, allocated now if needed. */
    ClBuffer buffer(Buffer b) {
        return (ClBuffer) copy(b).handle();
    }

    /** A pointer to the host array, made once per copy so transfers allocate nothing. */
    private static Pointer pointer(Buffer b, DeviceCopy copy) {
        Pointer p = (Pointer) hostView(copy);
        if (p == null) {
            p = hostPointer(b);
            setHostView(copy, p);
        }
        return p;
    }

    static Pointer hostPointer(Buffer a) {
        if (a instanceof DoubleArray d) {
            return Pointer.to(d.data());
        } else if (a instanceof FloatArray f) {
            return Pointer.to(f.data());
        } else if (a instanceof IntArray i) {
            return Pointer.to(i.data());
        } else if (a instanceof LongArray l) {
            return Pointer.to(l.data());
        }
        throw new IllegalArgumentException("buffer " + a + ": host array " + a.array().getClass().getSimpleName()
                + "; allowed: double[], float[], int[] or long[]");
    }
}
