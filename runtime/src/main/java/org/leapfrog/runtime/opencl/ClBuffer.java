package org.leapfrog.runtime.opencl;

import static org.jocl.CL.*;

import org.jocl.Pointer;
import org.jocl.cl_mem;

/** A device buffer. */
public final class ClBuffer implements AutoCloseable {
    private final cl_mem mem;
    private final long bytes;
    /** A pointer to the handle, made once: setting it as a kernel argument then allocates nothing. */
    private final Pointer argument;
    private boolean closed;

    public ClBuffer(ClContext context, long bytes) {
        this.mem = clCreateBuffer(context.handle(), CL_MEM_READ_WRITE, bytes, null, null);
        this.bytes = bytes;
        this.argument = Pointer.to(mem);
    }

    Pointer argument() {
        return argument;
    }

    public cl_mem handle() {
        return mem;
    }

    public long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            clReleaseMemObject(mem);
        }
    }
}
