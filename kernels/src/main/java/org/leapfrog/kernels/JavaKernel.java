package org.leapfrog.kernels;

/**
 * The Java twin of an OpenCL kernel: runs work-items {@code [from, to)} (normally chains) with the same
 * arguments as the OpenCL kernel. Work-items must be independent, so any split over threads gives the same
 * result. Implementations may allocate small scratch per call (per block of work-items), never per item.
 */
@FunctionalInterface
public interface JavaKernel {
    void run(KernelArguments args, int from, int to);
}
