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

    /** Allocates the graph's buffers on the device and prepares its kernels; close the plan to free them. */
    ExecutionPlan plan(ImmutableTaskGraph graph);

    @Override
    void close();
}
