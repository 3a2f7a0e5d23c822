package org.leapfrog.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.leapfrog.runtime.buffer.AsyncRead;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.graph.IntArray;

/**
 * Asynchronous reads: a read started after a launch returns that launch's values, even when later launches
 * (enqueued before the wait) overwrite the buffer they read from; the host array changes only at {@code await};
 * two reads double-buffer.
 */
class AsyncReadTest {
    private static final int N = 1000;

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"JAVA", "OPENCL"})
    void aReadSeesTheLaunchesBeforeItAndOverlapsTheOnesAfter(BackendKind kind) {
        try (Backend backend = BufferAndDispatchTest.open(kind); Dispatcher d = backend.dispatcher()) {
            boolean separate = backend.capabilities().separateDeviceMemory();
            DoubleArray x = new DoubleArray("x", N);
            for (int i = 0; i < N; i++) {
                x.data()[i] = i;
            }
            DoubleArray[] slots = {new DoubleArray("y0", N), new DoubleArray("y1", N)};
            AsyncRead[] reads = {backend.memory().asyncRead(slots[0]), backend.memory().asyncRead(slots[1])};
            Dispatcher.Launch affine = d.kernel(DispatchTestKernels.AFFINE).arg(DispatchTestKernels.AffineArgs.N, N)
                    .buffer(DispatchTestKernels.AffineArgs.X, x);
            for (int round = 0; round < 6; round++) {
                int s = round % 2;
                reads[s].await();
                affine.buffer(DispatchTestKernels.AffineArgs.Y, slots[s]).arg(DispatchTestKernels.AffineArgs.SEED,
                        (long) round).run(N);
                reads[s].start();
                assertTrue(reads[s].pending());
                if (separate) {
                    assertFalse(slots[s].hostCurrent(), "the host array is current only after await");
                }
                // Later launches into the other slot, enqueued before this read is collected.
                affine.buffer(DispatchTestKernels.AffineArgs.Y, slots[1 - s]).arg(DispatchTestKernels.AffineArgs.SEED,
                        -1L).run(N);
                reads[s].await();
                assertFalse(reads[s].pending());
                assertTrue(slots[s].hostCurrent());
                double[] expected = new double[N];
                for (int i = 0; i < N; i++) {
                    expected[i] = 2.0 * i + i + (i == 0 ? round : 0.0);
                }
                assertArrayEquals(expected, slots[s].data(), "round " + round);
            }
        }
    }

    /**
     * A read of part of a buffer makes that part of the host array current, leaves the rest alone (on OpenCL,
     * which copies just the part) and does not mark the buffer as read; a range outside the buffer is refused.
     */
    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"JAVA", "OPENCL"})
    void aRangeReadCopiesThatRange(BackendKind kind) {
        try (Backend backend = BufferAndDispatchTest.open(kind); Dispatcher d = backend.dispatcher()) {
            DoubleArray x = new DoubleArray("x", N), y = new DoubleArray("y", N);
            for (int i = 0; i < N; i++) {
                x.data()[i] = i;
            }
            AsyncRead r = backend.memory().asyncRead(y);
            d.kernel(DispatchTestKernels.AFFINE).arg(DispatchTestKernels.AffineArgs.N, N)
                    .buffer(DispatchTestKernels.AffineArgs.X, x).buffer(DispatchTestKernels.AffineArgs.Y, y)
                    .arg(DispatchTestKernels.AffineArgs.SEED, 5L).run(N);
            boolean separate = backend.capabilities().separateDeviceMemory();
            if (separate) {
                java.util.Arrays.fill(y.data(), -1.0); // host values the device does not hold
            }
            r.start(100, 250);
            r.await();
            for (int i = 100; i < 350; i++) {
                assertEquals(3.0 * i, y.data()[i], "element " + i);
            }
            if (separate) {
                assertEquals(-1.0, y.data()[99]);
                assertEquals(-1.0, y.data()[350]);
                assertFalse(y.hostCurrent(), "a part read does not make the whole host array current");
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.start(900, 101));
            assertEquals("read of DoubleArray(y, 1000): elements 900 + 101; allowed: within 0 .. 1000", e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"JAVA", "OPENCL"})
    void startingTwiceWithoutAwaitIsAnErrorAndIntBuffersWork(BackendKind kind) {
        try (Backend backend = BufferAndDispatchTest.open(kind)) {
            IntArray a = new IntArray("a", 5);
            a.data()[2] = 7;
            backend.memory().upload(a);
            AsyncRead r = backend.memory().asyncRead(a);
            r.start();
            IllegalStateException e = assertThrows(IllegalStateException.class, r::start);
            assertEquals("read of IntArray(a, 5): started twice; await the first read before starting another",
                    e.getMessage());
            a.data()[2] = 0; // only await writes the host array (on OpenCL the copy lands in a staging buffer first)
            r.await();
            assertEquals(backend.capabilities().separateDeviceMemory() ? 7 : 0, a.data()[2]);
            r.await(); // nothing pending: returns at once
        }
    }
}
