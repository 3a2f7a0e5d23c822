package org.leapfrog.runtime;

/**
 * What a backend can do, for callers that adapt to it (instead of testing the backend's kind).
 *
 * @param separateDeviceMemory whether buffers have device copies apart from the host arrays (false: the host
 *                             array is the device memory and transfers cost nothing)
 * @param runsOpenClC          whether kernels run as OpenCL C (so e.g. a target needs device code); false where
 *                             the Java twins run
 * @param preferredLanes       chains per work-item for the fused sampler kernels ({@code VW}): 8 (SIMD) on
 *                             OpenCL CPU devices, 1 on GPUs and in Java; {@code -Dleapfrog.lanes=1|2|4|8}
 *                             overrides it on OpenCL
 * @param localMemoryBytes     local (work-group shared) memory per work-group; 0 where there is none (Java)
 * @param maxWorkGroupSize     the largest work-group size; {@link Integer#MAX_VALUE} where work-groups are
 *                             ignored (Java)
 * @param fp64                 whether double precision is supported
 * @param deviceType           CPU, GPU, ACCELERATOR or OTHER
 */
public record BackendCapabilities(boolean separateDeviceMemory, boolean runsOpenClC, int preferredLanes,
                                  long localMemoryBytes, long maxWorkGroupSize, boolean fp64, String deviceType) {
    /** System property that overrides the OpenCL lane width (1, 2, 4 or 8). */
    public static final String LANES_PROPERTY = "leapfrog.lanes";

    /** Whether the device is a CPU (OpenCL CPU runtimes keep a work-group's private arrays on one thread stack). */
    public boolean cpu() {
        return "CPU".equals(deviceType);
    }

    /** The lane width for an OpenCL device of this type, after the {@value #LANES_PROPERTY} override. */
    public static int openClLanes(String deviceType) {
        String p = System.getProperty(LANES_PROPERTY);
        if (p != null) {
            int v;
            try {
                v = Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                v = -1;
            }
            if (v != 1 && v != 2 && v != 4 && v != 8) {
                throw new IllegalArgumentException(LANES_PROPERTY + ": '" + p + "'; allowed: 1, 2, 4 or 8");
            }
            return v;
        }
        return "CPU".equals(deviceType) ? 8 : 1;
    }
}
