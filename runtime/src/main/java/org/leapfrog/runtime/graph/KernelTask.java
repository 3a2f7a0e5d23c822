package org.leapfrog.runtime.graph;

import java.util.List;
import org.leapfrog.kernels.KernelDef;

/**
 * One kernel launch in a graph: the kernel, the number of work-items (normally chains), the OpenCL work-group
 * size (0: the device chooses; otherwise the global size is rounded up to a multiple of it, so kernels must
 * ignore work-items past their count) and the arguments by position. Arguments are {@link HostArray}s, {@link IntParam}, {@link LongParam} or {@link DoubleParam}.
 */
public record KernelTask(String name, KernelDef kernel, int workItems, int localSize, List<Object> args) {
    public KernelTask {
        if (workItems <= 0) {
            throw new IllegalArgumentException("workItems of task '" + name + "': " + workItems + "; allowed: 1 or more");
        }
        if (localSize < 0) {
            throw new IllegalArgumentException("localSize of task '" + name + "': " + localSize
                    + "; allowed: 0 (the device chooses) or more");
        }
        args = List.copyOf(args);
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (!(a instanceof HostArray || a instanceof IntParam || a instanceof LongParam || a instanceof DoubleParam)) {
                throw new IllegalArgumentException("argument " + i + " of task '" + name + "': "
                        + a.getClass().getSimpleName() + " is not a HostArray, IntParam, LongParam or DoubleParam");
            }
        }
    }
}
