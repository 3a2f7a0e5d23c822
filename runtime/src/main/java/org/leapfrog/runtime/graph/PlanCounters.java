package org.leapfrog.runtime.graph;

/** Mutable counters behind {@link TransferStats}, shared by the backends' plans. */
public final class PlanCounters {
    private long executions;
    private long toDeviceCopies;
    private long toHostCopies;
    private long toDeviceBytes;
    private long toHostBytes;
    private long launches;

    public void execution() {
        executions++;
    }

    public void toDevice(org.leapfrog.runtime.buffer.Buffer a) {
        toDeviceCopies++;
        toDeviceBytes += a.bytes();
    }

    public void toHost(org.leapfrog.runtime.buffer.Buffer a) {
        toHostCopies++;
        toHostBytes += a.bytes();
    }

    public void launch() {
        launches++;
    }

    public TransferStats snapshot() {
        return new TransferStats(executions, toDeviceCopies, toHostCopies, toDeviceBytes, toHostBytes, launches);
    }
}
