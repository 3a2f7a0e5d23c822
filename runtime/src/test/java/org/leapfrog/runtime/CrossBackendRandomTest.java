package org.leapfrog.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.RandomFillKernels;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.runtime.graph.DataTransferMode;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.HostArray;
import org.leapfrog.runtime.graph.IntArray;
import org.leapfrog.runtime.graph.TaskGraph;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.runtime.opencl.OpenClBackend;

/** philox.cl / random_fill.cl against their Java twins: 10^6 draws of each kind, compared exactly. */
class CrossBackendRandomTest {
    private static final int CHAINS = 250_000; // 4 draws per chain: 10^6 draws
    private static final long SEED = 0xfedcba9876543210L; // both seed words non-zero, high bit set

    private static Backend java;
    private static Backend opencl;

    @BeforeAll
    static void open() {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        java = new JavaBackend(2);
        opencl = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), notice -> { });
    }

    @AfterAll
    static void close() {
        if (java != null) {
            java.close();
        }
        if (opencl != null) {
            opencl.close();
        }
    }

    private static void fill(Backend backend, KernelDef kernel, int iteration, HostArray out) {
        TaskGraph g = new TaskGraph("fill")
                .task("fill", kernel, CHAINS, SEED, iteration, RandomStream.PURPOSE_MOMENTUM, kernel == RandomFillKernels.WORDS ? 1 : 4, CHAINS, out)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, out);
        try (ExecutionPlan plan = backend.plan(g.snapshot())) {
            plan.execute();
        }
    }

    @Test
    void wordsAreBitIdentical() {
        IntArray a = new IntArray("a", 4 * CHAINS);
        IntArray b = new IntArray("b", 4 * CHAINS);
        fill(java, RandomFillKernels.WORDS, 123, a);
        fill(opencl, RandomFillKernels.WORDS, 123, b);
        int[] x = a.data(), y = b.data();
        int zeros = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] != y[i]) {
                assertEquals(x[i], y[i], "word " + i / CHAINS + " of chain " + i % CHAINS);
            }
            zeros += y[i] == 0 ? 1 : 0;
        }
        assertTrue(zeros < 10, "the device wrote the words (not an untouched zero buffer)");
    }

    @Test
    void uniformsAreBitIdentical() {
        DoubleArray a = new DoubleArray("a", 4 * CHAINS);
        DoubleArray b = new DoubleArray("b", 4 * CHAINS);
        fill(java, RandomFillKernels.UNIFORMS, 7, a);
        fill(opencl, RandomFillKernels.UNIFORMS, 7, b);
        double[] x = a.data(), y = b.data();
        for (int i = 0; i < x.length; i++) {
            if (Double.doubleToRawLongBits(x[i]) != Double.doubleToRawLongBits(y[i])) {
                assertEquals(x[i], y[i], 0.0, "uniform " + i / CHAINS + " of chain " + i % CHAINS);
            }
        }
    }

    /**
     * Normals use LfMath's log, cos and sin (basic operations only, no contraction) and sqrt, which OpenCL
     * rounds correctly in double precision: they must agree bit for bit.
     */
    @Test
    void normalsAreBitIdentical() {
        DoubleArray a = new DoubleArray("a", 4 * CHAINS);
        DoubleArray b = new DoubleArray("b", 4 * CHAINS);
        fill(java, RandomFillKernels.NORMALS, 99, a);
        fill(opencl, RandomFillKernels.NORMALS, 99, b);
        double[] x = a.data(), y = b.data();
        for (int i = 0; i < x.length; i++) {
            if (Double.doubleToRawLongBits(x[i]) != Double.doubleToRawLongBits(y[i])) {
                assertEquals(x[i], y[i], 0.0, "normal " + i / CHAINS + " of chain " + i % CHAINS);
            }
        }
    }
}
