package org.leapfrog.runtime;

import org.leapfrog.runtime.buffer.DeviceMemory;
import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.ImmutableTaskGraph;

/**
 * Where kernels run: the pure-Java backend (always available) or an OpenCL device. A backend turns an
 * immutable task graph into an {@link ExecutionPlan} that can be executed many times, launches single kernels
 * through a {@link Dispatcher}, and owns the device copies of {@link org.leapfrog.runtime.buffer.Buffer}s
 * ({@link #memory()}), so plans and dispatchers on one backend share them. Callers adapt to a backend through
 * its {@link #capabilities()}, not its kind.
 */
public interface Backend extends AutoCloseable {
    BackendKind kind();

    DeviceInfo device();

    /**
     * Allocates the graphs' buffers on the device and prepares their kernels; close the plan to free them.
     * Graphs in one plan share the device copy of any array they have in common (as TornadoVM's plans with
     * several graphs do), so e.g. an initialisation graph and a step graph can work on the same device state;
     * plans (and dispatchers) of one backend also share the device copy of a buffer they have in common.
     */
    ExecutionPlan plan(ImmutableTaskGraph... graphs);

    /** What this backend can do (memory model, lane width, work-group limits, fp64, device type). */
    BackendCapabilities capabilities();

    /** The backend's device memory, holding buffers' device copies. */
    DeviceMemory memory();

    /** A new dispatcher for single kernel launches (one per thread; close it when done). */
    Dispatcher dispatcher();

    @Override
    void close();
}
