package org.leapfrog.runtime;

/**
 * A device a backend can run on.
 *
 * @param backend         java or opencl
 * @param index           the device's index among OpenCL devices (the {@code --device} number); -1 for Java
 * @param platform        the OpenCL platform name, or the JVM for Java
 * @param name            the device name
 * @param type            CPU, GPU, ACCELERATOR or OTHER
 * @param computeUnits    OpenCL compute units, or Java worker threads
 * @param globalMemBytes  global memory in bytes (the JVM's max heap for Java)
 * @param fp64            whether double precision is supported
 * @param version         the OpenCL version string, or the Java version
 */
public record DeviceInfo(BackendKind backend, int index, String platform, String name, String type,
                         int computeUnits, long globalMemBytes, boolean fp64, String version) {

    /** One line for listings such as {@code leapfrog devices}. */
    public String describe() {
        return String.format("%s %s: %s [%s] (%s), %d compute units, %.1f GiB, fp64 %s, %s",
                backend.label(), index < 0 ? "-" : "#" + index, name, type, platform, computeUnits,
                globalMemBytes / (1024.0 * 1024 * 1024), fp64 ? "yes" : "no", version);
    }
}
