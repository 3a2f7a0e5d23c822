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
