package org.leapfrog.runtime.graph;

/**
 * What a plan has done so far.
 *
 * @param executions      number of {@code execute()} calls
 * @param toDeviceCopies  host-to-device array copies
 * @param toHostCopies    device-to-host array copies
 * @param toDeviceBytes   bytes copied host to device
 * @param toHostBytes     bytes copied device to host
 * @param launches        kernel launches
 */
public record TransferStats(long executions, long toDeviceCopies, long toHostCopies, long toDeviceBytes,
                            long toHostBytes, long launches) {
}
