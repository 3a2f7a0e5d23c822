package org.leapfrog.runtime.opencl;

import static org.jocl.CL.*;

import java.nio.charset.StandardCharsets;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_program;

/** A built OpenCL program; a failed build throws {@link KernelBuildException} with the compiler's log. */
public final class ClProgram implements AutoCloseable {
    private final cl_program program;
    private boolean closed;

    public ClProgram(ClContext context, String name, String source, String options) {
        cl_program p = clCreateProgramWithSource(context.handle(), 1, new String[] {source}, null, null);
        try {
            clBuildProgram(p, 0, null, options, null, null);
        } catch (CLException e) {
            String log = buildLog(p, context);
            clReleaseProgram(p);
            throw new KernelBuildException(name, options, source, log);
        }
        this.program = p;
    }

    private static String buildLog(cl_program p, ClContext context) {
        try {
            long[] size = new long[1];
            clGetProgramBuildInfo(p, context.device(), CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] buf = new byte[(int) size[0]];
            clGetProgramBuildInfo(p, context.device(), CL_PROGRAM_BUILD_LOG, buf.length, Pointer.to(buf), null);
            int len = buf.length;
            while (len > 0 && buf[len - 1] == 0) {
                len--;
            }
            return new String(buf, 0, len, StandardCharsets.UTF_8);
        } catch (CLException e) {
            return "(no build log: " + e.getMessage() + ")";
        }
    }

    public ClKernel kernel(String entryPoint) {
        return new ClKernel(this, entryPoint);
    }

    public cl_program handle() {
        return program;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            clReleaseProgram(program);
        }
    }
}
