package org.leapfrog.samplers;

import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;

/** How many chains one work-item of a fused kernel handles on a backend: 8 (SIMD) on CPUs, 1 on GPUs and in Java. */
public final class Lanes {
    /** System property that overrides the OpenCL lane width (1, 2, 4 or 8). */
    public static final String PROPERTY = "leapfrog.lanes";

    private Lanes() {
    }

    public static int forBackend(Backend backend) {
        if (backend.kind() != BackendKind.OPENCL) {
            return 1;
        }
        String p = System.getProperty(PROPERTY);
        if (p != null) {
            int v;
            try {
                v = Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                v = -1;
            }
            if (v != 1 && v != 2 && v != 4 && v != 8) {
                throw new IllegalArgumentException(PROPERTY + ": '" + p + "'; allowed: 1, 2, 4 or 8");
            }
            return v;
        }
        return "CPU".equals(backend.device().type()) ? 8 : 1;
    }

    /** System property that overrides the OpenCL work-group size of the fused kernels (0: the device chooses). */
    public static final String LOCAL_SIZE_PROPERTY = "leapfrog.localSize";

    /**
     * Work-group size for fused sampler kernels: small on CPU devices, whose OpenCL runtimes (PoCL) keep every
     * work-item's private arrays of a group on one thread stack (large groups overflow it at DIM = 50);
     * the device's choice elsewhere.
     */
    public static int localSize(Backend backend) {
        String p = System.getProperty(LOCAL_SIZE_PROPERTY);
        if (p != null) {
            try {
                int v = Integer.parseInt(p.trim());
                if (v >= 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // fall through to the error
            }
            throw new IllegalArgumentException(LOCAL_SIZE_PROPERTY + ": '" + p + "'; allowed: 0 or more");
        }
        return backend.kind() == BackendKind.OPENCL && "CPU".equals(backend.device().type()) ? 1 : 0;
    }

    /** n rounded up to a multiple of lanes. */
    public static int pad(int n, int lanes) {
        return (n + lanes - 1) / lanes * lanes;
    }
}
