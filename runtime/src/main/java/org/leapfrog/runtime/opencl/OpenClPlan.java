package org.leapfrog.runtime.opencl;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.leapfrog.runtime.graph.DataTransferMode;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.graph.DoubleParam;
import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.FloatArray;
import org.leapfrog.runtime.graph.HostArray;
import org.leapfrog.runtime.graph.ImmutableTaskGraph;
import org.leapfrog.runtime.graph.IntArray;
import org.leapfrog.runtime.graph.IntParam;
import org.leapfrog.runtime.graph.KernelTask;
import org.leapfrog.runtime.graph.LongArray;
import org.leapfrog.runtime.graph.LongParam;
import org.leapfrog.runtime.graph.PlanCounters;
import org.leapfrog.runtime.graph.TransferStats;

/**
 * Task graphs on an OpenCL device. Every array gets a device buffer; arrays not named in a to-device
 * transfer start as a copy of the host array at plan creation and then live on the device.
 */
final class OpenClPlan implements ExecutionPlan {
    private final ImmutableTaskGraph[] graphs;
    private final long[] graphExecutions;
    private final ClQueue queue;
    private final Map<HostArray, ClBuffer> buffers = new IdentityHashMap<>();
    private final Map<HostArray, Pointer> hostPointers = new IdentityHashMap<>();
    private final List<List<Launch>> launches = new ArrayList<>();
    private final PlanCounters counters = new PlanCounters();
    private boolean closed;

    OpenClPlan(ImmutableTaskGraph[] graphs, ClContext context, ClQueue queue, ProgramCache programs) {
        if (graphs.length == 0) {
            throw new IllegalArgumentException("graphs: none given; allowed: one or more task graphs");
        }
        this.graphs = graphs.clone();
        this.graphExecutions = new long[graphs.length];
        this.queue = queue;
        try {
            java.util.Set<HostArray> declared = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            for (ImmutableTaskGraph g : graphs) {
                declared.addAll(g.toDevice().keySet());
            }
            for (ImmutableTaskGraph g : graphs) {
                for (HostArray a : g.arrays()) {
                    if (buffers.containsKey(a)) {
                        continue;
                    }
                    buffers.put(a, new ClBuffer(context, a.bytes()));
                    hostPointers.put(a, hostPointer(a));
                    if (!declared.contains(a)) {
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

    private static Pointer hostPointer(HostArray a) {
        if (a instanceof DoubleArray d) {
            return Pointer.to(d.data());
        } else if (a instanceof FloatArray f) {
            return Pointer.to(f.data());
        } else if (a instanceof IntArray i) {
            return Pointer.to(i.data());
        } else {
            return Pointer.to(((LongArray) a).data());
        }
    }

    private void write(HostArray a) {
        queue.write(buffers.get(a), hostPointers.get(a), a.bytes());
        counters.toDevice(a);
    }

    private void read(HostArray a) {
        queue.read(buffers.get(a), hostPointers.get(a), a.bytes());
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
        queue.finish();
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
        if (!buffers.containsKey(a)) {
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
        buffers.values().forEach(ClBuffer::close);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("execution plan for graph '" + graphs[0].name() + "' is closed");
        }
    }

    /** One kernel launch with its buffer arguments bound once and scalar slots refreshed per launch. */
    private final class Launch {
        private final ClKernel kernel;
        private final long[] global;
        private final long[] local;
        private final Object[] params;
        private final int[][] intSlots;
        private final long[][] longSlots;
        private final double[][] doubleSlots;
        private final Pointer[] pointers;

        Launch(KernelTask task, ClKernel kernel) {
            this.kernel = kernel;
            int ls = task.localSize();
            this.local = ls == 0 ? null : new long[] {ls};
            this.global = new long[] {ls == 0 ? task.workItems() : (task.workItems() + ls - 1L) / ls * ls};
            int n = task.args().size();
            params = new Object[n];
            intSlots = new int[n][];
            longSlots = new long[n][];
            doubleSlots = new double[n][];
            pointers = new Pointer[n];
            for (int i = 0; i < n; i++) {
                Object a = task.args().get(i);
                if (a instanceof HostArray h) {
                    kernel.setBuffer(i, buffers.get(h));
                } else if (a instanceof IntParam) {
                    intSlots[i] = new int[1];
                    pointers[i] = Pointer.to(intSlots[i]);
                } else if (a instanceof LongParam) {
                    longSlots[i] = new long[1];
                    pointers[i] = Pointer.to(longSlots[i]);
                } else {
                    doubleSlots[i] = new double[1];
                    pointers[i] = Pointer.to(doubleSlots[i]);
                }
                params[i] = a;
            }
        }

        void enqueue(ClQueue q) {
            for (int i = 0; i < params.length; i++) {
                Object a = params[i];
                if (a instanceof IntParam p) {
                    intSlots[i][0] = p.get();
                    kernel.setScalar(i, Sizeof.cl_int, pointers[i]);
                } else if (a instanceof LongParam p) {
                    longSlots[i][0] = p.get();
                    kernel.setScalar(i, Sizeof.cl_long, pointers[i]);
                } else if (a instanceof DoubleParam p) {
                    doubleSlots[i][0] = p.get();
                    kernel.setScalar(i, Sizeof.cl_double, pointers[i]);
                }
            }
            q.launch(kernel, global, local);
        }
    }
}
