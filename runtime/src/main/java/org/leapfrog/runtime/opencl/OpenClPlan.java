package org.leapfrog.runtime.opencl;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Kind;
import org.leapfrog.runtime.buffer.DeviceCopy;
import org.leapfrog.runtime.graph.Bindings;
import org.leapfrog.runtime.graph.DataTransferMode;
import org.leapfrog.runtime.graph.DoubleParam;
import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.HostArray;
import org.leapfrog.runtime.graph.ImmutableTaskGraph;
import org.leapfrog.runtime.graph.IntParam;
import org.leapfrog.runtime.graph.KernelTask;
import org.leapfrog.runtime.graph.LongParam;
import org.leapfrog.runtime.graph.PlanCounters;
import org.leapfrog.runtime.graph.TransferStats;

/**
 * Task graphs on an OpenCL device. Every array's device copy is the buffer's own, from the backend's
 * {@link ClMemory} (so other plans and dispatchers of the backend holding the same buffer see the same device
 * memory); the plan holds it until closed. Arrays not named in a to-device transfer are copied to the device
 * when the plan is made, unless their device copy is current already, and then live there.
 */
final class OpenClPlan implements ExecutionPlan {
    private final ImmutableTaskGraph[] graphs;
    private final long[] graphExecutions;
    private final ClQueue queue;
    private final ClMemory memory;
    private final Map<HostArray, DeviceCopy> held = new IdentityHashMap<>();
    private final List<List<Launch>> launches = new ArrayList<>();
    private final PlanCounters counters = new PlanCounters();
    private boolean closed;

    OpenClPlan(ImmutableTaskGraph[] graphs, ClMemory memory, ClQueue queue, ProgramCache programs) {
        if (graphs.length == 0) {
            throw new IllegalArgumentException("graphs: none given; allowed: one or more task graphs");
        }
        this.graphs = graphs.clone();
        this.graphExecutions = new long[graphs.length];
        this.queue = queue;
        this.memory = memory;
        try {
            java.util.Set<HostArray> declared = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            for (ImmutableTaskGraph g : graphs) {
                declared.addAll(g.toDevice().keySet());
            }
            for (ImmutableTaskGraph g : graphs) {
                for (HostArray a : g.arrays()) {
                    if (held.containsKey(a)) {
                        continue;
                    }
                    held.put(a, memory.hold(a));
                    if (!declared.contains(a) && !a.deviceCurrent(memory)) {
                        write(a);
                    }
                }
            }
            for (ImmutableTaskGraph g : graphs) {
                List<Launch> ls = new ArrayList<>();
                for (KernelTask t : g.tasks()) {
                    ls.add(new Launch(t, programs.program(t.kernel()).kernel(t.kernel().entryPoint())));
                }
                launches.add(ls);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void write(HostArray a) {
        memory.upload(a);
        counters.toDevice(a);
    }

    private void read(HostArray a) {
        memory.download(a);
        counters.toHost(a);
    }

    @Override
    public ExecutionPlan execute() {
        for (int g = 0; g < graphs.length; g++) {
            execute(g);
        }
        return this;
    }

    @Override
    public ExecutionPlan execute(int g) {
        return run(g, true);
    }

    /** Enqueues the graph's launches without waiting for them (its declared transfers still block). */
    @Override
    public ExecutionPlan enqueue(int g) {
        return run(g, false);
    }

    private ExecutionPlan run(int g, boolean finish) {
        checkOpen();
        if (g < 0 || g >= graphs.length) {
            throw new IllegalArgumentException("graph: index " + g + "; allowed: 0 to " + (graphs.length - 1));
        }
        ImmutableTaskGraph graph = graphs[g];
        boolean first = graphExecutions[g] == 0;
        graph.toDevice().forEach((a, mode) -> {
            if (mode == DataTransferMode.EVERY_EXECUTION || (first && mode == DataTransferMode.FIRST_EXECUTION)) {
                write(a);
            }
        });
        for (Launch l : launches.get(g)) {
            l.enqueue(queue);
            counters.launch();
        }
        graph.toHost().forEach((a, mode) -> {
            if (mode == DataTransferMode.EVERY_EXECUTION) {
                read(a);
            }
        });
        if (finish) {
            queue.finish();
        }
        graphExecutions[g]++;
        counters.execution();
        return this;
    }

    @Override
    public ExecutionPlan transferToHost(HostArray... arrays) {
        checkOpen();
        for (HostArray a : arrays) {
            requireKnown(a);
            read(a);
        }
        return this;
    }

    @Override
    public ExecutionPlan transferToDevice(HostArray... arrays) {
        checkOpen();
        for (HostArray a : arrays) {
            requireKnown(a);
            write(a);
        }
        return this;
    }

    private void requireKnown(HostArray a) {
        if (!held.containsKey(a)) {
            throw new IllegalArgumentException("array " + a + " is not part of graph '" + graphs[0].name() + "'");
        }
    }

    @Override
    public TransferStats stats() {
        return counters.snapshot();
    }

    @Override
    public boolean separateDeviceMemory() {
        return true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        launches.forEach(ls -> ls.forEach(l -> l.kernel.close()));
        held.values().forEach(memory::unhold);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("execution plan for graph '" + graphs[0].name() + "' is closed");
        }
    }

    /**
     * One kernel launch with its buffer arguments bound once (the plan holds their device copies) and scalar
     * slots refreshed per launch, sized by the declared type where the kernel has a signature.
     */
    private final class Launch {
        private final ClKernel kernel;
        private final long[] global;
        private final long[] local;
        private final Object[] params;
        private final Kind[] kinds;
        private final int[][] intSlots;
        private final long[][] longSlots;
        private final double[][] doubleSlots;
        private final Pointer[] pointers;
        private final HostArray[] written;

        Launch(KernelTask task, ClKernel kernel) {
            this.kernel = kernel;
            int ls = task.localSize();
            this.local = ls == 0 ? null : new long[] {ls};
            this.global = new long[] {ls == 0 ? task.workItems() : (task.workItems() + ls - 1L) / ls * ls};
            int n = task.args().size();
            KernelSignature signature = task.kernel().signature();
            params = new Object[n];
            kinds = new Kind[n];
            intSlots = new int[n][];
            longSlots = new long[n][];
            doubleSlots = new double[n][];
            pointers = new Pointer[n];
            List<HostArray> w = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Object a = task.args().get(i);
                kinds[i] = signature != null ? signature.arg(i).kind() : kindOf(a);
                if (a instanceof HostArray h) {
                    kernel.setBuffer(i, (ClBuffer) held.get(h).handle());
                    if (Bindings.access(task.kernel(), i).writes()) {
                        w.add(h);
                    }
                } else if (kinds[i] == Kind.INT) {
                    intSlots[i] = new int[1];
                    pointers[i] = Pointer.to(intSlots[i]);
                } else if (kinds[i] == Kind.LONG) {
                    longSlots[i] = new long[1];
                    pointers[i] = Pointer.to(longSlots[i]);
                } else {
                    doubleSlots[i] = new double[1];
                    pointers[i] = Pointer.to(doubleSlots[i]);
                }
                params[i] = a;
            }
            written = w.toArray(new HostArray[0]);
        }

        private static Kind kindOf(Object a) {
            return a instanceof HostArray ? Kind.BUFFER : a instanceof IntParam ? Kind.INT
                    : a instanceof LongParam ? Kind.LONG : Kind.DOUBLE;
        }

        void enqueue(ClQueue q) {
            for (int i = 0; i < params.length; i++) {
                switch (kinds[i]) {
                    case INT:
                        intSlots[i][0] = ((IntParam) params[i]).get();
                        kernel.setScalar(i, Sizeof.cl_int, pointers[i]);
                        break;
                    case LONG:
                        longSlots[i][0] = ((LongParam) params[i]).get();
                        kernel.setScalar(i, Sizeof.cl_long, pointers[i]);
                        break;
                    case DOUBLE:
                        doubleSlots[i][0] = ((DoubleParam) params[i]).get();
                        kernel.setScalar(i, Sizeof.cl_double, pointers[i]);
                        break;
                    default:
                        break;
                }
            }
            q.launch(kernel, global, local);
            for (HostArray h : written) {
                memory.written(h);
            }
        }
    }
}
