package org.leapfrog.runtime;

import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.ImmutableTaskGraph;

/**
 * Where kernels run: the pure-Java backend (always available) or an OpenCL device. A backend turns an
 * immutable task graph into an {@link ExecutionPlan} that can be executed many times.
 */
public interface Backend extends AutoCloseable {
    BackendKind kind();

    DeviceInfo device();

    /**
     * Allocates the graphs' buffers on the device and prepares their kernels; close the plan to free them.
     * Graphs in one plan share the device copy of any array they have in common (as TornadoVM's plans with
     * several graphs do), so e.g. an initialisation graph and a step graph can work on the same device state.
     */
    ExecutionPlan plan(ImmutableTaskGraph... graphs);

    @Override
    void close();
}
