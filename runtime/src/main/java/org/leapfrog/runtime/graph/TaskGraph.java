package org.leapfrog.runtime.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leapfrog.kernels.KernelDef;

/**
 * A mutable description of work, modelled on TornadoVM's TaskGraph: declare transfers and kernel tasks once,
 * {@link #snapshot()} into an {@link ImmutableTaskGraph}, give it to a backend's {@code plan}, then execute
 * the plan many times. Arrays not named in a to-device transfer are copied to the device once, when the plan
 * is made, and then live there (a to-host transfer brings them back); that is how chain state stays on the
 * device between iterations.
 *
 * <p>Constant scalar arguments may be given as Integer, Long or Double; they become params here.
 */
public final class TaskGraph {
    private final String name;
    private final Map<HostArray, DataTransferMode> toDevice = new LinkedHashMap<>();
    private final Map<HostArray, DataTransferMode> toHost = new LinkedHashMap<>();
    private final List<KernelTask> tasks = new ArrayList<>();

    public TaskGraph(String name) {
        this.name = name;
    }

    /** Copies host to device at the first execution or at every one ({@code UNDER_DEMAND}: only on request). */
    public TaskGraph transferToDevice(DataTransferMode mode, HostArray... arrays) {
        for (HostArray a : arrays) {
            toDevice.put(a, mode);
        }
        return this;
    }

    /** Copies device to host after every execution, or only on request ({@code UNDER_DEMAND}). */
    public TaskGraph transferToHost(DataTransferMode mode, HostArray... arrays) {
        if (mode == DataTransferMode.FIRST_EXECUTION) {
            throw new IllegalArgumentException("transferToHost mode: FIRST_EXECUTION; allowed: EVERY_EXECUTION, UNDER_DEMAND");
        }
        for (HostArray a : arrays) {
            toHost.put(a, mode);
        }
        return this;
    }

    /**
     * Sets the OpenCL work-group size of the task added last (like TornadoVM's WorkerGrid local work; ignored
     * by the Java backend; 0 lets the device choose). Kernels with large private state need small groups on
     * CPU devices, whose runtimes keep a group's private memory on a thread stack.
     */
    public TaskGraph localWork(int localSize) {
        if (tasks.isEmpty()) {
            throw new IllegalStateException("localWork: no task has been added to graph '" + name + "' yet");
        }
        KernelTask t = tasks.remove(tasks.size() - 1);
        tasks.add(new KernelTask(t.name(), t.kernel(), t.workItems(), localSize, t.args()));
        return this;
    }

    /** Adds a kernel launch over {@code workItems} work-items with the given arguments, in order. */
    public TaskGraph task(String taskName, KernelDef kernel, int workItems, Object... args) {
        List<Object> list = new ArrayList<>(args.length);
        for (Object a : args) {
            if (a instanceof Integer i) {
                list.add(new IntParam(i));
            } else if (a instanceof Long l) {
                list.add(new LongParam(l));
            } else if (a instanceof Double d) {
                list.add(new DoubleParam(d));
            } else {
                list.add(a);
            }
        }
        tasks.add(new KernelTask(taskName, kernel, workItems, 0, list));
        return this;
    }

    /**
     * An immutable copy of this graph; later changes to this builder do not affect it. Tasks whose kernel has a
     * signature are checked against it here (argument count, kinds, element types).
     */
    public ImmutableTaskGraph snapshot() {
        if (tasks.isEmpty() && toDevice.isEmpty() && toHost.isEmpty()) {
            throw new IllegalStateException("task graph '" + name + "' is empty");
        }
        for (KernelTask t : tasks) {
            Bindings.check(name, t);
        }
        return new ImmutableTaskGraph(name, toDevice, toHost, tasks);
    }
}
