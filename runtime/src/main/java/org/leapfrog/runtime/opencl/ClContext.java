package org.leapfrog.runtime.opencl;

import static org.jocl.CL.*;

import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** An OpenCL context on one device. */
public final class ClContext implements AutoCloseable {
    private final cl_context context;
    private final cl_device_id device;
    private boolean closed;

    public ClContext(cl_platform_id platform, cl_device_id device) {
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL_CONTEXT_PLATFORM, platform);
        this.context = clCreateContext(props, 1, new cl_device_id[] {device}, null, null, null);
        this.device = device;
    }

    public cl_context handle() {
        return context;
    }

    public cl_device_id device() {
        return device;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            clReleaseContext(context);
        }
    }
}
