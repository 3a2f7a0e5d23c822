package org.leapfrog.runtime.graph;

/**
 * One or more task graphs prepared on one backend: device buffers allocated, kernels built. Executing runs the graph's
 * transfers and tasks in order and returns when they are complete. Not thread-safe.
 */
public interface ExecutionPlan extends AutoCloseable {
    /** Runs every graph of the plan once, in order. */
    ExecutionPlan execute();

    /** Runs one graph of the plan (by its position in {@code Backend.plan}) once. */
    ExecutionPlan execute(int graph);

    /**
     * Runs one graph like {@link #execute(int)} but returns as soon as its launches are enqueued, where the
     * backend queues work (OpenCL): the caller can prepare or enqueue more (asynchronous reads, the next
     * iteration) while the device computes. Commands of the backend run in issue order, so a later transfer or
     * launch sees the graph's results; {@code transferToHost} waits for them. Transfers the graph itself declares
     * stay blocking. Where work runs at once (the Java backend) this is {@code execute(graph)}.
     */
    default ExecutionPlan enqueue(int graph) {
        return execute(graph);
    }

    /** Copies the device contents of these arrays to their host arrays now. */
    ExecutionPlan transferToHost(HostArray... arrays);

    /** Copies these host arrays to the device now (after the host changed them). */
    ExecutionPlan transferToDevice(HostArray... arrays);

    /** Counts of executions and transfers so far. */
    TransferStats stats();

    /**
     * Whether the device and the host hold separate copies. When false (the Java backend) the host array is
     * the device memory: tasks write it directly and transfers cost nothing.
     */
    boolean separateDeviceMemory();

    @Override
    void close();
}
