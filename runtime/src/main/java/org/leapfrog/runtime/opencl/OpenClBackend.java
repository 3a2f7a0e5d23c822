package org.leapfrog.runtime.opencl;

import org.leapfrog.kernels.KernelDef;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendCapabilities;
import org.leapfrog.runtime.Dispatcher;
import org.leapfrog.runtime.buffer.DeviceMemory;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.DeviceInfo;
import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.ImmutableTaskGraph;

/**
 * The OpenCL backend on one device: a context, an in-order queue and a program cache. Kernels are the
 * {@code .cl} sources of each {@link KernelDef}, built once per backend.
 */
public final class OpenClBackend implements Backend {
    private final DeviceInfo info;
    private final ClContext context;
    private final ClQueue queue;
    private final ProgramCache programs;
    private final ClMemory memory;
    private final long localMemoryBytes;
    private final long maxWorkGroupSize;

    /** Opens the OpenCL device with the given index (see {@link OpenClDevices#scan()}). */
    public OpenClBackend(DeviceInfo device) {
        OpenClDevices.Scan scan = OpenClDevices.scan();
        int i = device.index();
        if (i < 0 || i >= scan.devices().size()) {
            throw new IllegalArgumentException("device: index " + i + " is out of range; allowed: 0 to "
                    + (scan.devices().size() - 1));
        }
        this.info = scan.devices().get(i);
        this.context = new ClContext(scan.platforms().get(i), scan.handles().get(i));
        this.queue = new ClQueue(context);
        this.programs = new ProgramCache(context);
        this.memory = new ClMemory(context, queue);
        this.localMemoryBytes = OpenClDevices.deviceLong(context.device(), org.jocl.CL.CL_DEVICE_LOCAL_MEM_SIZE);
        this.maxWorkGroupSize = OpenClDevices.deviceLong(context.device(), org.jocl.CL.CL_DEVICE_MAX_WORK_GROUP_SIZE);
    }

    @Override
    public BackendKind kind() {
        return BackendKind.OPENCL;
    }

    @Override
    public DeviceInfo device() {
        return info;
    }

    /** Builds (or takes from the cache) the program of a kernel now; a failed build throws with the log. */
    public ClProgram build(KernelDef def) {
        return programs.program(def);
    }

    ClContext context() {
        return context;
    }

    ClQueue queue() {
        return queue;
    }

    /** How many programs this backend has compiled. */
    public int programBuilds() {
        return programs.builds();
    }

    @Override
    public ExecutionPlan plan(ImmutableTaskGraph... graphs) {
        return new OpenClPlan(graphs, memory, queue, programs);
    }

    /**
     * Separate device memory; lanes 8 on CPU devices and 1 elsewhere unless {@code -Dleapfrog.lanes} says
     * otherwise (read at each call); the device's local memory and work-group limit.
     */
    @Override
    public BackendCapabilities capabilities() {
        return new BackendCapabilities(true, true, BackendCapabilities.openClLanes(info.type()), localMemoryBytes,
                maxWorkGroupSize, info.fp64(), info.type());
    }

    @Override
    public DeviceMemory memory() {
        return memory;
    }

    @Override
    public Dispatcher dispatcher() {
        return new ClDispatcher(this);
    }

    @Override
    public void close() {
        memory.close();
        programs.close();
        queue.close();
        context.close();
    }
}
