package org.leapfrog.runtime.opencl;

import static org.jocl.CL.clReleaseEvent;
import static org.jocl.CL.clWaitForEvents;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jocl.Pointer;
import org.jocl.cl_event;
import org.leapfrog.runtime.buffer.AsyncRead;
import org.leapfrog.runtime.buffer.Buffer;
import org.leapfrog.runtime.buffer.DeviceCopy;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.graph.FloatArray;
import org.leapfrog.runtime.graph.IntArray;
import org.leapfrog.runtime.graph.LongArray;

/**
 * A non-blocking read on an OpenCL queue. A Java array can move under the garbage collector while the device
 * writes it, so the copy lands in a direct (native) staging buffer made once, and {@link #complete} moves it into
 * the host array after waiting on the read's event.
 */
final class ClAsyncRead extends AsyncRead {
    private final ClQueue queue;
    private final ByteBuffer staging;
    private final Pointer stagingPointer;
    /** The pending read's event: a new handle object per read (JOCL binds one native event to each). */
    private final cl_event[] events = new cl_event[1];
    /** Typed views of the staging buffer, made once (one of them is used, by the buffer's element type). */
    private final java.nio.DoubleBuffer doubles;
    private final java.nio.FloatBuffer floats;
    private final java.nio.IntBuffer ints;
    private final java.nio.LongBuffer longs;
    /** The pending read's elements. */
    private int from;
    private int count;

    ClAsyncRead(ClQueue queue, Buffer buffer, DeviceCopy copy) {
        super(buffer, copy);
        this.queue = queue;
        this.staging = ByteBuffer.allocateDirect((int) buffer.bytes()).order(ByteOrder.nativeOrder());
        this.stagingPointer = Pointer.to(staging);
        this.doubles = staging.asDoubleBuffer();
        this.floats = staging.asFloatBuffer();
        this.ints = staging.asIntBuffer();
        this.longs = staging.asLongBuffer();
    }

    @Override
    protected void enqueue(int from, int count) {
        events[0] = new cl_event();
        int e = buffer().elementBytes();
        this.from = from;
        this.count = count;
        queue.readAsync((ClBuffer) copy().handle(), (long) from * e, stagingPointer.withByteOffset((long) from * e),
                (long) count * e, events[0]);
    }

    @Override
    protected void complete() {
        clWaitForEvents(1, events);
        clReleaseEvent(events[0]);
        events[0] = null;
        Buffer b = buffer();
        if (b instanceof DoubleArray d) {
            doubles.position(from);
            doubles.get(d.data(), from, count);
        } else if (b instanceof FloatArray f) {
            floats.position(from);
            floats.get(f.data(), from, count);
        } else if (b instanceof IntArray i) {
            ints.position(from);
            ints.get(i.data(), from, count);
        } else {
            longs.position(from);
            longs.get(((LongArray) b).data(), from, count);
        }
    }
}
