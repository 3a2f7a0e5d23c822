package org.leapfrog.kernels;

/**
 * The Java twin of an OpenCL kernel: runs work-items {@code [from, to)} (normally chains) with the same
 * arguments as the OpenCL kernel. Work-items must be independent, so any split over threads gives the same
 * result. Implementations may allocate small scratch per call (per block of work-items), never per item.
 *
 * <p>A kernel launched over a 2-D range has a {@link JavaKernel2d} twin instead. A 1-D twin launched over a
 * 2-D range is an error ({@link #run(KernelArguments, int, int, int, int)}).
 */
@FunctionalInterface
public interface JavaKernel {
    void run(KernelArguments args, int from, int to);

    /**
     * Runs the work-items {@code [x0, x1) x [y0, y1)} of a 2-D range. A plain twin only knows 1-D ranges: for
     * one row ({@code y0 = 0, y1 = 1}, which is how OpenCL sees a 1-D launch) it runs {@code [x0, x1)}.
     */
    default void run(KernelArguments args, int x0, int x1, int y0, int y1) {
        if (y0 != 0 || y1 != 1) {
            throw new IllegalStateException("a 1-D Java twin was launched over a 2-D range (rows " + y0 + " to " + y1
                    + "); give the kernel a JavaKernel2d twin");
        }
        run(args, x0, x1);
    }
}
