package org.leapfrog.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.leapfrog.kernels.nn.NnKernels;
import org.leapfrog.runtime.buffer.DeviceMemory;
import org.leapfrog.runtime.graph.DataTransferMode;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.TaskGraph;
import org.leapfrog.runtime.graph.TransferStats;
import org.leapfrog.runtime.java.JavaBackend;

/** The one buffer type on both backends: which copy is current, device copies shared by plans and dispatchers. */
class BufferAndDispatchTest {
    private static final int N = 300;

    static Backend open(BackendKind kind) {
        if (kind == BackendKind.JAVA) {
            return new JavaBackend(3);
        }
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        return Backends.open(new BackendRequest(BackendKind.OPENCL, -1), notice -> { });
    }

    private static double[] ramp(int n, double scale) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = scale * i - 7;
        }
        return x;
    }

    private static List<Long> copies(TransferStats s) {
        return List.of(s.toDeviceCopies(), s.toHostCopies(), s.launches());
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"JAVA", "OPENCL"})
    void dispatcherKeepsHostAndDeviceCopiesCurrent(BackendKind kind) {
        try (Backend backend = open(kind); Dispatcher d = backend.dispatcher()) {
            boolean separate = backend.capabilities().separateDeviceMemory();
            DeviceMemory memory = backend.memory();
            DoubleArray x = new DoubleArray("x", ramp(N, 0.5));
            DoubleArray y = new DoubleArray("y", N);
            assertTrue(x.hostCurrent());
            assertFalse(x.deviceCurrent(memory));
            assertFalse(x.onDevice(memory));

            d.kernel(DispatchTestKernels.AFFINE).arg(DispatchTestKernels.AffineArgs.N, N)
                    .buffer(DispatchTestKernels.AffineArgs.X, x).buffer(DispatchTestKernels.AffineArgs.Y, y)
                    .arg(DispatchTestKernels.AffineArgs.SEED, 1000L).run(N);
            // x was read: uploaded once, both copies current; y was written on the device only.
            assertTrue(x.hostCurrent());
            assertTrue(x.deviceCurrent(memory));
            assertTrue(y.deviceCurrent(memory));
            assertEquals(!separate, y.hostCurrent());
            assertEquals(List.of(separate ? 1L : 0L, 0L, 1L), copies(d.stats()));

            // Launching again uploads nothing: x's device copy is current.
            d.kernel(DispatchTestKernels.AFFINE).run(N);
            assertEquals(List.of(separate ? 1L : 0L, 0L, 2L), copies(d.stats()));

            d.toHost(y);
            d.toHost(y); // already current: no second copy
            assertTrue(y.hostCurrent());
            double[] expected = new double[N];
            for (int i = 0; i < N; i++) {
                expected[i] = 2.0 * x.data()[i] + i + (i == 0 ? 1000.0 : 0.0);
            }
            assertArrayEquals(expected, y.data());
            assertEquals(List.of(separate ? 1L : 0L, separate ? 1L : 0L, 2L), copies(d.stats()));

            // The host changes x: the device copy is stale and the next launch uploads it.
            x.data()[3] = 100.0;
            x.hostChanged();
            assertFalse(x.deviceCurrent(memory));
            d.kernel(DispatchTestKernels.AFFINE).run(N);
            d.toHost(y);
            assertEquals(203.0, y.data()[3]);
            assertEquals(List.of(separate ? 2L : 0L, separate ? 2L : 0L, 3L), copies(d.stats()));
        }
    }

    /** Two plans of one backend holding the same buffer see the same device memory: no copy between them. */
    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"JAVA", "OPENCL"})
    void twoPlansShareTheDeviceCopy(BackendKind kind) {
        try (Backend backend = open(kind)) {
            DeviceMemory memory = backend.memory();
            DoubleArray x = new DoubleArray("x", ramp(N, 1.0));
            double[] start = x.data().clone();
            long live = memory.liveBuffers();
            try (ExecutionPlan a = backend.plan(new TaskGraph("a")
                    .task("add", DispatchTestKernels.ADD, N, N, x, 1.5).snapshot());
                 ExecutionPlan b = backend.plan(new TaskGraph("b")
                    .task("add", DispatchTestKernels.ADD, N, N, x, 0.25).snapshot())) {
                assertEquals(live + 1, memory.liveBuffers(), "one device copy for both plans");
                assertEquals(1, a.stats().toDeviceCopies(), "plan a uploads x when made");
                assertEquals(0, b.stats().toDeviceCopies(), "plan b finds x current on the device");
                a.execute();
                b.execute();
                a.execute();
                b.transferToHost(x);
                for (int i = 0; i < N; i++) {
                    assertEquals(start[i] + 1.5 + 0.25 + 1.5, x.data()[i], "element " + i);
                }
            }
            assertEquals(live, memory.liveBuffers(), "closing the last plan frees the unpinned copy");
            assertTrue(x.hostCurrent());
        }
    }

    /** A dispatcher and a plan share a buffer: the plan reads what the dispatcher wrote, without host copies. */
    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"JAVA", "OPENCL"})
    void planSeesWhatTheDispatcherWrote(BackendKind kind) {
        try (Backend backend = open(kind); Dispatcher d = backend.dispatcher()) {
            DeviceMemory memory = backend.memory();
            DoubleArray x = new DoubleArray("x", ramp(N, 2.0));
            DoubleArray y = new DoubleArray("y", N);
            d.kernel(DispatchTestKernels.AFFINE).arg(0, N).buffer(1, x).buffer(2, y).arg(3, 0L).run(N);
            try (ExecutionPlan plan = backend.plan(new TaskGraph("p")
                    .task("add", DispatchTestKernels.ADD, N, N, y, 1.0)
                    .transferToHost(DataTransferMode.UNDER_DEMAND, y).snapshot())) {
                assertEquals(0, plan.stats().toDeviceCopies(), "y is current on the device already");
                plan.execute();
                plan.transferToHost(y);
            }
            for (int i = 0; i < N; i++) {
                assertEquals(2.0 * x.data()[i] + i + 1.0, y.data()[i], "element " + i);
            }
            assertTrue(y.onDevice(memory), "the dispatcher pinned y: the plan's close kept it");
            memory.release(y);
            assertFalse(y.onDevice(memory));
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"JAVA", "OPENCL"})
    void closingTheBackendFreesEveryCopy(BackendKind kind) {
        DoubleArray x = new DoubleArray("x", ramp(N, 1.0));
        DeviceMemory memory;
        try (Backend backend = open(kind); Dispatcher d = backend.dispatcher()) {
            memory = backend.memory();
            d.toDevice(x);
            assertEquals(1, memory.liveBuffers());
            assertEquals(1, memory.buffersAllocated());
        }
        assertEquals(0, memory.liveBuffers());
        assertFalse(x.onDevice(memory));
        assertTrue(x.hostCurrent());
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"JAVA", "OPENCL"})
    void releasingACopyAPlanHoldsIsAnError(BackendKind kind) {
        try (Backend backend = open(kind)) {
            DoubleArray x = new DoubleArray("x", N);
            try (ExecutionPlan plan = backend.plan(new TaskGraph("p").task("add", DispatchTestKernels.ADD, N, N, x, 1.0)
                    .snapshot())) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> backend.memory().release(x));
                assertTrue(e.getMessage().contains("x") && e.getMessage().contains("open plan"), e.getMessage());
                assertEquals(1, plan.stats().toDeviceCopies());
            }
        }
    }

    /** A read-write kernel that writes part of a buffer keeps the rest: the host values are uploaded first. */
    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"JAVA", "OPENCL"})
    void partialWritesKeepTheRest(BackendKind kind) {
        try (Backend backend = open(kind); Dispatcher d = backend.dispatcher()) {
            DoubleArray y = new DoubleArray("y", ramp(40, 1.0));
            d.kernel(NnKernels.FILL).buffer(NnKernels.Fill.Y, y).arg(NnKernels.Fill.OFF, 10)
                    .arg(NnKernels.Fill.V, -1.0).arg(NnKernels.Fill.N, 5).run(5);
            d.toHost(y);
            double[] expected = ramp(40, 1.0);
            java.util.Arrays.fill(expected, 10, 15, -1.0);
            assertArrayEquals(expected, y.data());
        }
    }

    /**
     * A pinned device copy is freed once its buffer is unreachable. This relies on System.gc() collecting the
     * buffer within 200 attempts (it does at the first or second on HotSpot's collectors unless explicit GC is
     * disabled, which this build does not do).
     */
    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"JAVA", "OPENCL"})
    void unreachableBuffersLoseTheirDeviceCopies(BackendKind kind) throws InterruptedException {
        try (Backend backend = open(kind); Dispatcher d = backend.dispatcher()) {
            DeviceMemory memory = backend.memory();
            pinOne(d);
            assertEquals(1, memory.liveBuffers());
            for (int i = 0; i < 200 && memory.liveBuffers() > 0; i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertEquals(0, memory.liveBuffers());
            assertEquals(1, memory.buffersAllocated());
        }
    }

    private static void pinOne(Dispatcher d) {
        d.toDevice(new DoubleArray("temporary", 1000));
    }
}
