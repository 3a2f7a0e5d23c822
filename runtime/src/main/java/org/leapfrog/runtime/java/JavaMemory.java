package org.leapfrog.runtime.java;

import org.leapfrog.runtime.buffer.Buffer;
import org.leapfrog.runtime.buffer.DeviceCopy;
import org.leapfrog.runtime.buffer.DeviceMemory;

/**
 * The Java backend's memory: the host array is the device memory. Device copies exist only as bookkeeping
 * (which copy is current, plan holds), so that plans and dispatchers count the same transfers as on OpenCL.
 */
final class JavaMemory extends DeviceMemory {
    @Override
    public boolean separate() {
        return false;
    }

    @Override
    protected Object allocate(long bytes) {
        return null;
    }

    @Override
    protected void release(Object handle) {
    }

    @Override
    protected void copyToDevice(Buffer b, DeviceCopy copy) {
    }

    @Override
    protected void copyToHost(DeviceCopy copy, Buffer b) {
    }
}
