package org.leapfrog.runtime.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.RandomFillKernels;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.runtime.graph.DataTransferMode;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.IntArray;
import org.leapfrog.runtime.graph.TaskGraph;

/** The Java backend's results do not depend on its thread count (work is split over chain blocks). */
class JavaBackendThreadsTest {
    // Not a multiple of the 64-chain block alignment, and enough chains for every thread count to split.
    private static final int CHAINS = 5_001;
    private static final int COUNT = 7;

    private static double[] normals(int threads, DoubleArray out, IntArray words) {
        try (JavaBackend backend = new JavaBackend(threads)) {
            assertEquals(threads, backend.threads());
            assertEquals(threads, backend.device().computeUnits());
            TaskGraph g = new TaskGraph("fill")
                    .task("normals", RandomFillKernels.NORMALS, CHAINS, 11L, 3, RandomStream.PURPOSE_MOMENTUM, COUNT, CHAINS, out)
                    .task("words", RandomFillKernels.WORDS, CHAINS, 11L, 3, RandomStream.PURPOSE_ACCEPT, 2, CHAINS, words)
                    .transferToHost(DataTransferMode.EVERY_EXECUTION, out, words);
            try (ExecutionPlan plan = backend.plan(g.snapshot())) {
                plan.execute();
            }
        }
        return out.data();
    }

    @Test
    void resultsAreIndependentOfThreadCount() {
        DoubleArray reference = new DoubleArray("ref", COUNT * CHAINS);
        IntArray referenceWords = new IntArray("refWords", 8 * CHAINS);
        normals(1, reference, referenceWords);
        // The single-thread result is itself the stream's draws, element (k, chain) at k * CHAINS + chain.
        double[] z = new double[4];
        int[] w = new int[4];
        for (int c = 0; c < CHAINS; c += 97) {
            for (int k = 0; k < COUNT; k++) {
                RandomStream.normals(11L, c, 3, RandomStream.PURPOSE_MOMENTUM, k / 4, w, z, 0, 4);
                assertEquals(z[k % 4], reference.data()[k * CHAINS + c]);
            }
        }
        for (int threads : new int[] {2, 3, 7}) {
            DoubleArray out = new DoubleArray("out", COUNT * CHAINS);
            IntArray words = new IntArray("words", 8 * CHAINS);
            normals(threads, out, words);
            assertArrayEquals(reference.data(), out.data(), 0.0, threads + " threads");
            assertArrayEquals(referenceWords.data(), words.data(), threads + " threads");
        }
    }

    @Test
    void threadCountIsValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new JavaBackend(0));
        assertEquals("threads: 0; allowed: 1 or more", e.getMessage());
        String old = System.getProperty(JavaBackend.THREADS_PROPERTY);
        try {
            System.setProperty(JavaBackend.THREADS_PROPERTY, "many");
            e = assertThrows(IllegalArgumentException.class, JavaBackend::defaultThreads);
            assertEquals("leapfrog.threads: 'many' is not a thread count; allowed: 1 or more", e.getMessage());
            System.setProperty(JavaBackend.THREADS_PROPERTY, " 5 ");
            assertEquals(5, JavaBackend.defaultThreads());
        } finally {
            if (old == null) {
                System.clearProperty(JavaBackend.THREADS_PROPERTY);
            } else {
                System.setProperty(JavaBackend.THREADS_PROPERTY, old);
            }
        }
    }
}
