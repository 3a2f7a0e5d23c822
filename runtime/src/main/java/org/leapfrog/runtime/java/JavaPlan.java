package org.leapfrog.runtime.java;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import org.leapfrog.kernels.JavaKernel;
import org.leapfrog.runtime.buffer.DeviceCopy;
import org.leapfrog.runtime.graph.Bindings;
import org.leapfrog.runtime.graph.DataTransferMode;
import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.HostArray;
import org.leapfrog.runtime.graph.ImmutableTaskGraph;
import org.leapfrog.runtime.graph.KernelTask;
import org.leapfrog.runtime.graph.PlanCounters;
import org.leapfrog.runtime.graph.TransferStats;

/**
 * Task graphs on the Java backend: each task runs its twin over blocks of work-items, on the host arrays
 * themselves. Transfers copy nothing but are counted, and buffers' currency is kept, as on OpenCL.
 */
final class JavaPlan implements ExecutionPlan {
    /** Blocks are multiples of this many work-items, so vectorisable inner loops see long runs. */
    private static final int BLOCK_ALIGN = 64;

    private final ImmutableTaskGraph[] graphs;
    private final long[] graphExecutions;
    private final ForkJoinPool pool;
    private final TaskRun[][] runs;
    private final PlanCounters counters = new PlanCounters();
    private final java.util.Set<HostArray> known = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final JavaMemory memory;
    private final List<DeviceCopy> held = new ArrayList<>();
    private final HostArray[][] toDevice;
    private final DataTransferMode[][] toDeviceModes;
    private final HostArray[][] everyExecutionToHost;
    private boolean closed;

    JavaPlan(ImmutableTaskGraph[] graphs, ForkJoinPool pool, int threads, JavaMemory memory) {
        if (graphs.length == 0) {
            throw new IllegalArgumentException("graphs: none given; allowed: one or more task graphs");
        }
        this.graphs = graphs.clone();
        this.graphExecutions = new long[graphs.length];
        this.pool = pool;
        this.memory = memory;
        this.runs = new TaskRun[graphs.length][];
        this.toDevice = new HostArray[graphs.length][];
        this.toDeviceModes = new DataTransferMode[graphs.length][];
        this.everyExecutionToHost = new HostArray[graphs.length][];
        for (int g = 0; g < graphs.length; g++) {
            toDevice[g] = graphs[g].toDevice().keySet().toArray(new HostArray[0]);
            toDeviceModes[g] = graphs[g].toDevice().values().toArray(new DataTransferMode[0]);
            everyExecutionToHost[g] = graphs[g].toHost().entrySet().stream()
                    .filter(e -> e.getValue() == DataTransferMode.EVERY_EXECUTION).map(java.util.Map.Entry::getKey)
                    .toArray(HostArray[]::new);
        }
        for (int g = 0; g < graphs.length; g++) {
            List<KernelTask> tasks = graphs[g].tasks();
            runs[g] = new TaskRun[tasks.size()];
            for (int i = 0; i < tasks.size(); i++) {
                KernelTask t = tasks.get(i);
                runs[g][i] = new TaskRun(t.kernel().twin(), new JavaArguments(t.name(), t.args()), t.workItems(), threads,
                        writtenBuffers(t));
            }
        }
        // Count the copy an OpenCL plan makes of each array not named in a to-device transfer (unless its device
        // copy is current already, shared with another holder), so that stats are the same on every backend.
        java.util.Set<HostArray> declared = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (ImmutableTaskGraph g : graphs) {
            declared.addAll(g.toDevice().keySet());
        }
        for (ImmutableTaskGraph g : graphs) {
            for (HostArray a : g.arrays()) {
                if (known.add(a)) {
                    held.add(memory.hold(a));
                    if (!declared.contains(a) && !a.deviceCurrent(memory)) {
                        memory.upload(a);
                        counters.toDevice(a);
                    }
                }
            }
        }
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
        boolean first = graphExecutions[g] == 0;
        // Indexed loops over arrays built once: a capturing lambda per execution would allocate every iteration.
        HostArray[] up = toDevice[g];
        DataTransferMode[] upModes = toDeviceModes[g];
        for (int i = 0; i < up.length; i++) {
            if (upModes[i] == DataTransferMode.EVERY_EXECUTION || (first && upModes[i] == DataTransferMode.FIRST_EXECUTION)) {
                memory.upload(up[i]);
                counters.toDevice(up[i]);
            }
        }
        for (TaskRun r : runs[g]) {
            r.run(pool);
            for (HostArray w : r.written) {
                memory.written(w);
            }
            counters.launch();
        }
        for (HostArray a : everyExecutionToHost[g]) {
            memory.download(a);
            counters.toHost(a);
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
            memory.download(a);
            counters.toHost(a);
        }
        return this;
    }

    @Override
    public ExecutionPlan transferToDevice(HostArray... arrays) {
        checkOpen();
        for (HostArray a : arrays) {
            requireKnown(a);
            memory.upload(a);
            counters.toDevice(a);
        }
        return this;
    }

    private void requireKnown(HostArray a) {
        if (!known.contains(a)) {
            throw new IllegalArgumentException("array " + a + " is not part of graph '" + graphs[0].name() + "'");
        }
    }

    @Override
    public TransferStats stats() {
        return counters.snapshot();
    }

    @Override
    public boolean separateDeviceMemory() {
        return false;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            held.forEach(memory::unhold);
        }
    }

    /** The buffers a task's kernel writes (by its signature; every buffer of a kernel without one). */
    static HostArray[] writtenBuffers(KernelTask t) {
        List<HostArray> w = new ArrayList<>();
        for (int i = 0; i < t.args().size(); i++) {
            if (t.args().get(i) instanceof HostArray h && Bindings.access(t.kernel(), i).writes()) {
                w.add(h);
            }
        }
        return w.toArray(new HostArray[0]);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("execution plan for graph '" + graphs[0].name() + "' is closed");
        }
    }

    /** One task's blocks, created once and re-armed at each launch so launching allocates nothing. */
    private static final class TaskRun {
        private final JavaKernel kernel;
        private final JavaArguments args;
        private final int workItems;
        private final Block[] blocks;
        private final Fan fan;
        final HostArray[] written;

        TaskRun(JavaKernel kernel, JavaArguments args, int workItems, int threads, HostArray[] written) {
            this.written = written;
            this.kernel = kernel;
            this.args = args;
            this.workItems = workItems;
            int target = Math.max(1, threads * 4);
            int size = Math.max(BLOCK_ALIGN, ((workItems + target - 1) / target + BLOCK_ALIGN - 1) / BLOCK_ALIGN * BLOCK_ALIGN);
            int n = threads == 1 ? 1 : (workItems + size - 1) / size;
            blocks = new Block[n];
            for (int b = 0; b < n; b++) {
                int from = n == 1 ? 0 : b * size;
                int to = n == 1 ? workItems : Math.min(workItems, from + size);
                blocks[b] = new Block(kernel, args, from, to);
            }
            fan = new Fan(blocks);
        }

        void run(ForkJoinPool pool) {
            if (pool == null || blocks.length == 1) {
                kernel.run(args, 0, workItems);
                return;
            }
            for (Block b : blocks) {
                b.reinitialize();
            }
            fan.reinitialize();
            pool.invoke(fan);
        }
    }

    private static final class Fan extends RecursiveAction {
        private final Block[] blocks;

        Fan(Block[] blocks) {
            this.blocks = blocks;
        }

        @Override
        protected void compute() {
            invokeAll(blocks);
        }
    }

    private static final class Block extends RecursiveAction {
        private final JavaKernel kernel;
        private final JavaArguments args;
        private final int from;
        private final int to;

        Block(JavaKernel kernel, JavaArguments args, int from, int to) {
            this.kernel = kernel;
            this.args = args;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            kernel.run(args, from, to);
        }
    }
}
