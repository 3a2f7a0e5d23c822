package org.leapfrog.runtime.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.leapfrog.kernels.RandomFillKernels;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.java.JavaBackend;

/** Task graphs on both backends: transfer modes, device-resident data, scalar parameters, stats, errors. */
class TaskGraphTest {
    private static final int N = 1000;

    private static Backend open(BackendKind kind) {
        if (kind == BackendKind.JAVA) {
            return new JavaBackend(3);
        }
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        return Backends.open(new BackendRequest(BackendKind.OPENCL, -1), notice -> { });
    }

    private static double[] ramp() {
        double[] x = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = i;
        }
        return x;
    }

    private static void assertStats(ExecutionPlan plan, long executions, long toDevice, long toHost, long launches) {
        TransferStats s = plan.stats();
        assertEquals(List.of(executions, toDevice, toHost, launches),
                List.of(s.executions(), s.toDeviceCopies(), s.toHostCopies(), s.launches()),
                "executions, to-device copies, to-host copies, launches: " + s);
    }

    /** The round trip: 100 executions on device-resident data, one copy back on demand. */
    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"JAVA", "OPENCL"})
    void bufferStaysOnTheDeviceUntilAskedFor(BackendKind kind) {
        try (Backend backend = open(kind)) {
            DoubleArray x = new DoubleArray("x", ramp());
            TaskGraph g = new TaskGraph("round-trip")
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, x)
                    .task("add", TestKernels.ADD, N, N, x, 1.0)
                    .transferToHost(DataTransferMode.UNDER_DEMAND, x);
            try (ExecutionPlan plan = backend.plan(g.snapshot())) {
                assertEquals(kind == BackendKind.OPENCL, plan.separateDeviceMemory());
                for (int k = 0; k < 100; k++) {
                    plan.execute();
                }
                assertStats(plan, 100, 1, 0, 100);
                assertEquals(8L * N, plan.stats().toDeviceBytes());
                assertEquals(0L, plan.stats().toHostBytes());
                double[] expectedBefore = plan.separateDeviceMemory() ? ramp() : shifted(100);
                assertArrayEquals(expectedBefore, x.data(), 0.0, "host array before the on-demand copy");

                plan.transferToHost(x);
                assertArrayEquals(shifted(100), x.data(), 0.0);
                assertStats(plan, 100, 1, 1, 100);
                assertEquals(8L * N, plan.stats().toHostBytes());
            }
        }
    }

    private static double[] shifted(double by) {
        double[] x = ramp();
        for (int i = 0; i < N; i++) {
            x[i] += by;
        }
        return x;
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"JAVA", "OPENCL"})
    void everyExecutionCopiesBothWaysEachTime(BackendKind kind) {
        try (Backend backend = open(kind)) {
            DoubleArray x = new DoubleArray("x", N);
            DoubleArray y = new DoubleArray("y", N);
            DoubleParam delta = new DoubleParam(0);
            TaskGraph g = new TaskGraph("every")
                    .transferToDevice(DataTransferMode.EVERY_EXECUTION, x)
                    .task("copy-add", TestKernels.COPY_ADD, N, N, x, y, delta)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, y);
            try (ExecutionPlan plan = backend.plan(g.snapshot())) {
                for (int k = 1; k <= 5; k++) {
                    for (int i = 0; i < N; i++) {
                        x.data()[i] = k * i;
                    }
                    delta.set(0.25 * k);
                    plan.execute();
                    for (int i = 0; i < N; i++) {
                        assertEquals(k * i + 0.25 * k, y.data()[i], 0.0, "execution " + k + ", element " + i);
                    }
                }
                // y is not a to-device array: it is copied to the device once, when the plan is made.
                assertStats(plan, 5, 5 + 1, 5, 5);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"JAVA", "OPENCL"})
    void deviceOnlyArrayIsCopiedOnceWhenThePlanIsMade(BackendKind kind) {
        try (Backend backend = open(kind)) {
            DoubleArray state = new DoubleArray("state", ramp());
            TaskGraph g = new TaskGraph("state").task("add", TestKernels.ADD, N, N, state, 2.0);
            try (ExecutionPlan plan = backend.plan(g.snapshot())) {
                assertStats(plan, 0, 1, 0, 0);
                for (int k = 0; k < 10; k++) {
                    plan.execute();
                }
                assertStats(plan, 10, 1, 0, 10);
                plan.transferToHost(state);
                assertArrayEquals(shifted(20), state.data(), 0.0);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"JAVA", "OPENCL"})
    void onDemandTransferToDeviceReplacesTheDeviceCopy(BackendKind kind) {
        try (Backend backend = open(kind)) {
            DoubleArray x = new DoubleArray("x", ramp());
            TaskGraph g = new TaskGraph("on-demand")
                    .transferToDevice(DataTransferMode.UNDER_DEMAND, x)
                    .task("add", TestKernels.ADD, N, N, x, 1.0)
                    .transferToHost(DataTransferMode.UNDER_DEMAND, x);
            try (ExecutionPlan plan = backend.plan(g.snapshot())) {
                plan.transferToDevice(x).execute().execute().transferToHost(x);
                assertArrayEquals(shifted(2), x.data(), 0.0);
                java.util.Arrays.fill(x.data(), -5.0);
                plan.transferToDevice(x).execute().transferToHost(x);
                for (double v : x.data()) {
                    assertEquals(-4.0, v, 0.0);
                }
                assertStats(plan, 3, 2, 2, 3);
            }
        }
    }

    /** Int, long and double params are read at each launch; the draws match the stream's for each setting. */
    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"JAVA", "OPENCL"})
    void scalarParamsChangeBetweenExecutions(BackendKind kind) {
        int chains = 300, blocks = 2;
        try (Backend backend = open(kind)) {
            LongParam seed = new LongParam(0);
            IntParam iteration = new IntParam(0);
            IntArray out = new IntArray("out", 4 * blocks * chains);
            TaskGraph g = new TaskGraph("params")
                    .task("words", RandomFillKernels.WORDS, chains, seed, iteration, RandomStream.PURPOSE_INIT,
                            blocks, chains, out)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
            int[] w = new int[4];
            try (ExecutionPlan plan = backend.plan(g.snapshot())) {
                long[] seeds = {1L, -7L, 0x8000000100000001L};
                for (long s : seeds) {
                    for (int it : new int[] {0, 1, 99999}) {
                        seed.set(s);
                        iteration.set(it);
                        plan.execute();
                        for (int c = 0; c < chains; c++) {
                            for (int b = 0; b < blocks; b++) {
                                RandomStream.words(s, c, it, RandomStream.PURPOSE_INIT, b, w);
                                for (int k = 0; k < 4; k++) {
                                    assertEquals(w[k], out.data()[(4 * b + k) * chains + c],
                                            "seed " + s + ", iteration " + it + ", chain " + c);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"JAVA", "OPENCL"})
    void tasksRunInOrderWithinOneExecution(BackendKind kind) {
        try (Backend backend = open(kind)) {
            DoubleArray x = new DoubleArray("x", ramp());
            DoubleArray y = new DoubleArray("y", N);
            TaskGraph g = new TaskGraph("chain")
                    .transferToDevice(DataTransferMode.FIRST_EXECUTION, x)
                    .task("add", TestKernels.ADD, N, N, x, 3.0)
                    .task("copy", TestKernels.COPY_ADD, N, N, x, y, 0.5)
                    .task("add-again", TestKernels.ADD, N, N, y, 0.25)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, y);
            try (ExecutionPlan plan = backend.plan(g.snapshot())) {
                plan.execute();
                assertArrayEquals(shifted(3.75), y.data(), 0.0);
                plan.execute();
                assertArrayEquals(shifted(6.75), y.data(), 0.0);
                assertStats(plan, 2, 2, 2, 6);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"JAVA", "OPENCL"})
    void plansRejectStrangersAndUseAfterClose(BackendKind kind) {
        try (Backend backend = open(kind)) {
            DoubleArray x = new DoubleArray("x", N);
            ExecutionPlan plan = backend.plan(new TaskGraph("g").task("add", TestKernels.ADD, N, N, x, 1.0).snapshot());
            DoubleArray stranger = new DoubleArray("stranger", 4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plan.transferToHost(stranger));
            assertEquals("array DoubleArray(stranger, 4) is not part of graph 'g'", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> plan.transferToDevice(stranger));
            plan.close();
            plan.close(); // closing twice is harmless
            IllegalStateException s = assertThrows(IllegalStateException.class, plan::execute);
            assertEquals("execution plan for graph 'g' is closed", s.getMessage());
            assertThrows(IllegalStateException.class, () -> plan.transferToHost(x));
        }
    }

    @Test
    void graphDeclarationErrorsNameTheProblem() {
        DoubleArray x = new DoubleArray("x", 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TaskGraph("g").transferToHost(DataTransferMode.FIRST_EXECUTION, x));
        assertEquals("transferToHost mode: FIRST_EXECUTION; allowed: EVERY_EXECUTION, UNDER_DEMAND", e.getMessage());
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> new TaskGraph("empty").snapshot());
        assertEquals("task graph 'empty' is empty", s.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TaskGraph("g").task("t", TestKernels.ADD, 0, 4, x, 1.0));
        assertEquals("workItems of task 't': 0; allowed: 1 or more", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TaskGraph("g").task("t", TestKernels.ADD, 4, 4, "x", 1.0));
        assertTrue(e.getMessage().startsWith("argument 1 of task 't': String is not a HostArray"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DoubleArray("empty", 0));
        assertEquals("length of array 'empty': 0; allowed: 1 or more", e.getMessage());
    }

    @Test
    void snapshotIsNotAffectedByLaterChanges() {
        DoubleArray x = new DoubleArray("x", 4);
        TaskGraph g = new TaskGraph("g").task("a", TestKernels.ADD, 4, 4, x, 1.0);
        ImmutableTaskGraph frozen = g.snapshot();
        g.task("b", TestKernels.ADD, 4, 4, x, 1.0).transferToHost(DataTransferMode.EVERY_EXECUTION, x);
        assertEquals(1, frozen.tasks().size());
        assertTrue(frozen.toHost().isEmpty());
        assertEquals(2, g.snapshot().tasks().size());
    }
}
