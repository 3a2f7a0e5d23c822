package org.leapfrog.runtime.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.TaskGraph;

/**
 * Small batches run on the calling thread: a task of up to 64 work-items is one block, run directly (no
 * fork-join hand-off, whose wake-up costs more than such a kernel); larger tasks are split over the pool.
 */
class SmallBatchThreadTest {
    private static final Set<Thread> CALLERS = ConcurrentHashMap.newKeySet();

    /** x[i] += 1 for i < n; records the threads that run it. */
    private static final KernelDef RECORD = new KernelDef("record", "lf_test_record", List.of(),
            "__kernel void lf_test_record(int n, __global double *x) {\n"
                    + "    int i = get_global_id(0);\n"
                    + "    if (i < n) x[i] += 1.0;\n"
                    + "}\n",
            Map.of("REAL", "double"), (a, from, to) -> {
                CALLERS.add(Thread.currentThread());
                double[] x = a.doubles(1);
                for (int i = from; i < Math.min(to, a.intValue(0)); i++) {
                    x[i] += 1.0;
                }
            });

    private static Set<Thread> threadsFor(JavaBackend backend, int n) {
        DoubleArray x = new DoubleArray("x", n);
        TaskGraph g = new TaskGraph("record").task("record", RECORD, n, n, x);
        CALLERS.clear();
        try (ExecutionPlan plan = backend.plan(g.snapshot())) {
            for (int k = 0; k < 3; k++) {
                plan.execute();
            }
        }
        for (double v : x.data()) {
            assertEquals(3.0, v);
        }
        return Set.copyOf(CALLERS);
    }

    @Test
    void upTo64WorkItemsRunOnTheCallingThread() {
        try (JavaBackend backend = new JavaBackend(4)) {
            for (int n : new int[] {1, 4, 16, 64}) {
                assertEquals(Set.of(Thread.currentThread()), threadsFor(backend, n), n + " work-items");
            }
            // Large tasks go to the pool (so the check above can tell the two apart).
            assertTrue(!threadsFor(backend, 4096).contains(Thread.currentThread()), "4096 work-items");
        }
    }
}
