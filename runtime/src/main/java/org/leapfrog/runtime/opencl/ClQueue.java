package org.leapfrog.runtime.opencl;

import static org.jocl.CL.*;

import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_queue_properties;

/** An in-order command queue: commands run in the order they are enqueued. */
public final class ClQueue implements AutoCloseable {
    private final cl_command_queue queue;
    private boolean closed;

    @SuppressWarnings("deprecation")
    public ClQueue(ClContext context) {
        this.queue = clCreateCommandQueue(context.handle(), context.device(), 0, null);
    }

    public cl_command_queue handle() {
        return queue;
    }

    /** Enqueues a copy of {@code bytes} bytes from host memory to the buffer; blocking. */
    public void write(ClBuffer buffer, Pointer host, long bytes) {
        clEnqueueWriteBuffer(queue, buffer.handle(), CL_TRUE, 0, bytes, host, 0, null, null);
    }

    /** Copies {@code bytes} bytes from the buffer to host memory; blocking. */
    public void read(ClBuffer buffer, Pointer host, long bytes) {
        clEnqueueReadBuffer(queue, buffer.handle(), CL_TRUE, 0, bytes, host, 0, null, null);
    }

    /**
     * Enqueues a copy of {@code bytes} bytes from the buffer to host memory without waiting; {@code event} then
     * marks its completion. {@code host} must point to native memory (a direct buffer) that stays valid until the
     * event completes.
     */
    public void readAsync(ClBuffer buffer, Pointer host, long bytes, org.jocl.cl_event event) {
        readAsync(buffer, 0, host, bytes, event);
    }

    /** As {@link #readAsync(ClBuffer, Pointer, long, org.jocl.cl_event)}, from byte {@code offset} of the buffer. */
    public void readAsync(ClBuffer buffer, long offset, Pointer host, long bytes, org.jocl.cl_event event) {
        clEnqueueReadBuffer(queue, buffer.handle(), CL_FALSE, offset, bytes, host, 0, null, event);
        clFlush(queue);
    }

    /** Enqueues a one-dimensional launch; {@code localSize} null lets the device choose the work-group size. */
    public void launch(ClKernel kernel, long[] globalSize, long[] localSize) {
        clEnqueueNDRangeKernel(queue, kernel.handle(), 1, null, globalSize, localSize, 0, null, null);
    }

    /** Enqueues a launch of {@code dimensions} (1 to 3) dimensions; {@code localSize} null lets the device choose. */
    public void launch(ClKernel kernel, int dimensions, long[] globalSize, long[] localSize) {
        clEnqueueNDRangeKernel(queue, kernel.handle(), dimensions, null, globalSize, localSize, 0, null, null);
    }

    /** Waits until every enqueued command has completed. */
    public void finish() {
        clFinish(queue);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            clReleaseCommandQueue(queue);
        }
    }

    static cl_queue_properties none() {
        return new cl_queue_properties();
    }

    /** Enqueues a launch over {@code globalSize.length} dimensions; {@code localSize} null lets the device choose. */
    public void launch(ClKernel kernel, long[] globalSize, long[] localSize, int dimensions) {
        clEnqueueNDRangeKernel(queue, kernel.handle(), dimensions, null, globalSize, localSize, 0, null, null);
    }
}
