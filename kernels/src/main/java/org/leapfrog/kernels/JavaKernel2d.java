package org.leapfrog.kernels;

/**
 * The Java twin of a kernel launched over a 2-D range: it runs the rectangle of work-items
 * {@code [x0, x1) x [y0, y1)}, where x is dimension 0 ({@code get_global_id(0)}) and y dimension 1, within the
 * launch's logical global size (not rounded up to the work-group size, so a twin never sees the padding
 * items the OpenCL kernel must skip). Work-group (local) sizes are invisible to twins: an OpenCL kernel may
 * tile through local memory, but each output must depend only on the global index, so the twin computes it
 * directly. Backends split the range into bands of rows (or of columns when there is one row) over threads.
 * A 1-D launch is the range {@code [from, to) x [0, 1)}.
 */
@FunctionalInterface
public interface JavaKernel2d extends JavaKernel {
    @Override
    void run(KernelArguments args, int x0, int x1, int y0, int y1);

    @Override
    default void run(KernelArguments args, int from, int to) {
        run(args, from, to, 0, 1);
    }
}
