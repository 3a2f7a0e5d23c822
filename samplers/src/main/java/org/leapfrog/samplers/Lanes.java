package org.leapfrog.samplers;

import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendCapabilities;

/**
 * How many chains one work-item of a fused kernel handles on a backend: the backend's preferred lane width
 * ({@link BackendCapabilities#preferredLanes()}: 8 (SIMD) on OpenCL CPUs, 1 on GPUs and in Java).
 */
public final class Lanes {
    /** System property that overrides the OpenCL lane width (1, 2, 4 or 8). */
    public static final String PROPERTY = BackendCapabilities.LANES_PROPERTY;

    private Lanes() {
    }

    public static int forBackend(Backend backend) {
        return backend.capabilities().preferredLanes();
    }

    /** System property that overrides the OpenCL lane width of float32 kernels (1, 2, 4, 8 or 16). */
    public static final String FLOAT32_PROPERTY = "leapfrog.lanes.float32";

    /**
     * Chains per work-item in a precision: twice {@link #forBackend(Backend)} on OpenCL CPU devices, 16 (float32:
     * a {@code float16} is the same 64 bytes as a {@code double8}, one AVX-512 register or two AVX2 ones; measured
     * 1.3x to 2.6x faster than {@code float8} on ICG-50 and German credit with PoCL here; float64: see below),
     * unless {@value #FLOAT32_PROPERTY} (float32) or {@value #PROPERTY} sets it; elsewhere the backend's width.
     */
    public static int forBackend(Backend backend, Precision precision) {
        int lanes = forBackend(backend);
        BackendCapabilities caps = backend.capabilities();
        if (!caps.runsOpenClC()) {
            return lanes;
        }
        if (precision != Precision.FLOAT32) {
            // float64 sampler kernels: 16 chains per work-item on OpenCL CPU devices (two AVX-512 registers per
            // double16); measured 1.15x to 1.45x faster than double8 on ICG-50 and 1.3x to 1.5x on German credit
            // with PoCL here, both numerics modes. The same draws: a chain's values do not depend on the lanes.
            return System.getProperty(PROPERTY) == null && caps.cpu() ? 2 * lanes : lanes;
        }
        String p = System.getProperty(FLOAT32_PROPERTY);
        if (p != null) {
            int v;
            try {
                v = Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                v = -1;
            }
            if (v != 1 && v != 2 && v != 4 && v != 8 && v != 16) {
                throw new IllegalArgumentException(FLOAT32_PROPERTY + ": '" + p + "'; allowed: 1, 2, 4, 8 or 16");
            }
            return v;
        }
        return System.getProperty(PROPERTY) == null && caps.cpu() ? 2 * lanes : lanes;
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
        BackendCapabilities caps = backend.capabilities();
        return caps.runsOpenClC() && caps.cpu() ? 1 : 0;
    }

    /** n rounded up to a multiple of lanes. */
    public static int pad(int n, int lanes) {
        return (n + lanes - 1) / lanes * lanes;
    }

    /**
     * The row stride of chain-minor state buffers for n chains: n rounded up to the lane width, plus 64 bytes
     * worth of lane groups where that would make a row a whole even number of 64-byte cache lines of at least
     * 4 KiB.
     * With such strides (16,384 float64 chains: 128 KiB) every coordinate row of a work-item's chains falls
     * into the same cache set, so a 50-dimensional state cannot stay in L1 or L2 and the kernels' reads and
     * writes go to memory; an odd number of lines spreads the rows over the sets. Padding chains are computed
     * and never reported, so results are unchanged.
     */
    public static int stride(int n, int lanes, int elementBytes) {
        int padded = pad(n, lanes);
        long bytes = (long) padded * elementBytes;
        if (bytes >= 4096 && bytes % 128 == 0) {
            int groupBytes = lanes * elementBytes;
            padded += lanes * ((64 + groupBytes - 1) / groupBytes);
        }
        return padded;
    }
}
