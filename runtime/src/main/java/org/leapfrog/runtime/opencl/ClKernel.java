package org.leapfrog.runtime.opencl;

import static org.jocl.CL.*;

import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;

/** A kernel object from a built program; arguments are set by position. */
public final class ClKernel implements AutoCloseable {
    private final cl_kernel kernel;
    private boolean closed;

    ClKernel(ClProgram program, String entryPoint) {
        this.kernel = clCreateKernel(program.handle(), entryPoint, null);
    }

    public cl_kernel handle() {
        return kernel;
    }

    public void setBuffer(int index, ClBuffer buffer) {
        clSetKernelArg(kernel, index, Sizeof.cl_mem, buffer.argument());
    }

    /** Sets a scalar argument from a pre-made pointer (so launches allocate nothing). */
    public void setScalar(int index, long bytes, Pointer value) {
        clSetKernelArg(kernel, index, bytes, value);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            clReleaseKernel(kernel);
        }
    }
}
