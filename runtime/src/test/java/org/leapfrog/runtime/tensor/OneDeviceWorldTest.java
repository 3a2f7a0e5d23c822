package org.leapfrog.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Arg;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.graph.DataTransferMode;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.TaskGraph;
import org.leapfrog.runtime.graph.TransferStats;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.runtime.tensor.optim.LearningRateSchedule;
import org.leapfrog.runtime.tensor.optim.Sgd;

/**
 * One device world: a parameter's buffer, bound straight into a task-graph plan (a tiny fused kernel that
 * evaluates a one-layer network per chain from the weights), sees every optimizer update without any host
 * copy; training steps and sampler executions interleave on the same device memory.
 */
class OneDeviceWorldTest {
    private static final int CHAINS = 200;
    private static final int DIM = 5;

    /** {@code out[c] = tanh(sum_d w[d] * x[d * n + c])}, one work-item per chain (chain-minor x). */
    static final class NetArgs {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        static final Arg W = B.doubles("w", Access.READ);
        static final Arg X = B.doubles("x", Access.READ);
        static final Arg OUT = B.doubles("out", Access.WRITE);
        static final Arg N = B.intScalar("n");
        static final Arg D = B.intScalar("dim");
        static final KernelSignature SIGNATURE = B.build();
    }

    static final KernelDef NET = new KernelDef("test-net", "lf_test_net", List.of(),
            "__kernel void lf_test_net(__global const double *w, __global const double *x, __global double *out,\n"
                    + "                          int n, int dim) {\n"
                    + "    int c = get_global_id(0);\n"
                    + "    if (c >= n) return;\n"
                    + "    double s = 0.0;\n"
                    + "    for (int d = 0; d < dim; d++) s += w[d] * x[d * n + c];\n"
                    + "    out[c] = tanh(s);\n"
                    + "}\n",
            Map.of("REAL", "double"), (a, from, to) -> {
                double[] w = a.doubles(NetArgs.W), x = a.doubles(NetArgs.X), out = a.doubles(NetArgs.OUT);
                int n = a.intValue(NetArgs.N), dim = a.intValue(NetArgs.D);
                for (int c = from; c < Math.min(to, n); c++) {
                    out[c] = net(w, x, n, dim, c);
                }
            }, NetArgs.SIGNATURE);

    static double net(double[] w, double[] x, int n, int dim, int c) {
        double s = 0.0;
        for (int d = 0; d < dim; d++) {
            s += w[d] * x[d * n + c];
        }
        return Math.tanh(s);
    }

    @ParameterizedTest
    @MethodSource("org.leapfrog.runtime.tensor.TestEngines#names")
    void aPlanReadsTheWeightsTheOptimizerUpdates(String name) {
        if (name.equals("java")) {
            try (JavaBackend java = new JavaBackend(2); Engine engine = Engine.on(java)) {
                trainAndSample(engine);
            }
        } else {
            trainAndSample(TestEngines.get(name));
        }
    }

    private static void trainAndSample(Engine engine) {
        Backend backend = engine.backend();
        boolean separate = backend.capabilities().separateDeviceMemory();
        Tensor w = engine.parameter("w", 1, DIM);
        for (int d = 0; d < DIM; d++) {
            w.data()[d] = 0.1 * (d + 1);
        }
        Tensor target = engine.wrap(1, DIM, new double[] {1, -1, 2, 0.5, -0.25});
        Sgd sgd = new Sgd(List.of(w), LearningRateSchedule.constant(0.2), 0.0);
        double[] xs = new double[DIM * CHAINS];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = Math.sin(0.37 * i);
        }
        DoubleArray x = new DoubleArray("x", xs);
        DoubleArray out = new DoubleArray("out", CHAINS);
        step(sgd, w, target); // the first step uploads w (set on the host) and the target

        assertSame(w.buffer(), w.buffer(), "a parameter keeps one buffer");
        assertTrue(w.buffer().deviceCurrent(backend.memory()), "the update is on the device");
        assertEquals(!separate, w.buffer().hostCurrent(), "and only there, where memory is separate");
        try (ExecutionPlan plan = backend.plan(new TaskGraph("sampler")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, x)
                .task("net", NET, CHAINS, w.buffer(), x, out, CHAINS, DIM)
                .transferToHost(DataTransferMode.UNDER_DEMAND, out).snapshot())) {
            assertEquals(1, plan.stats().toDeviceCopies(), "the plan uploads the fresh 'out' only, not w");
            plan.execute(); // uploads x (first execution)
            double[] previous = w.toArray();
            for (int it = 0; it < 3; it++) {
                TransferStats engineBefore = engine.transfers();
                TransferStats planBefore = plan.stats();
                step(sgd, w, target);
                plan.execute();
                TransferStats engineAfter = engine.transfers();
                assertEquals(engineBefore.toDeviceCopies(), engineAfter.toDeviceCopies(), "engine uploads, step " + it);
                assertEquals(engineBefore.toHostCopies(), engineAfter.toHostCopies(), "engine downloads, step " + it);
                assertEquals(planBefore.toDeviceCopies(), plan.stats().toDeviceCopies(), "plan uploads, step " + it);
                assertEquals(planBefore.toHostCopies(), plan.stats().toHostCopies(), "plan downloads, step " + it);

                plan.transferToHost(out);
                double[] now = w.toArray(); // host copies only now, to check
                assertNotEquals(previous[0], now[0], "the optimizer moved w");
                for (int c = 0; c < CHAINS; c++) {
                    double expected = net(now, xs, CHAINS, DIM, c);
                    assertEquals(expected, out.data()[c], 1e-14 * Math.max(1, Math.abs(expected)), "chain " + c);
                }
                previous = now;
            }
            assertTrue(!separate || engine.transfers().toHostCopies() >= 3, "the checks' reads are counted");
        }
    }

    /**
     * Host access maps onto the buffer: reading copies only a device-newer value, writing marks the device copy
     * stale (the next op uploads), and an arena frees its buffers' device copies when it closes.
     */
    @ParameterizedTest
    @MethodSource("org.leapfrog.runtime.tensor.TestEngines#names")
    void hostAccessIsTheBuffersCurrency(String name) {
        Engine engine = TestEngines.get(name);
        boolean separate = engine.backend().capabilities().separateDeviceMemory();
        long up = separate ? 1 : 0;
        Tensor t = engine.wrap(2, 3, new double[] {1, 2, 3, 4, 5, 6});
        TransferStats s0 = engine.transfers();
        Tensor u = t.add(1.0);
        assertEquals(s0.toDeviceCopies() + up, engine.transfers().toDeviceCopies(), "the wrapped values go up once");
        assertTrue(t.buffer().hostCurrent(), "an input stays current on the host");
        assertEquals(1.0, t.get(0, 0));
        assertEquals(s0.toHostCopies(), engine.transfers().toHostCopies(), "reading a host-current input copies nothing");
        assertEquals(7.0, u.get(1, 2));
        assertEquals(s0.toHostCopies() + up, engine.transfers().toHostCopies(), "reading a result copies it down");
        t.data()[0] = 10.0;
        assertTrue(!t.buffer().deviceCurrent(engine.backend().memory()), "data() makes the device copy stale");
        assertEquals(11.0, t.add(1.0).get(0, 0));
        assertEquals(s0.toDeviceCopies() + 2 * up, engine.transfers().toDeviceCopies(), "the next op uploads again");

        org.leapfrog.runtime.buffer.DeviceMemory memory = engine.backend().memory();
        Arena arena = new Arena(engine);
        DoubleArray pooled;
        try (Arena.Scope scope = arena.open()) {
            Tensor r = t.add(1.0).add(2.0);
            pooled = r.buffer();
            assertEquals(13.0, r.get(0, 0));
        }
        assertTrue(pooled.onDevice(memory), "the pool keeps its buffers' device copies");
        arena.close();
        assertTrue(!pooled.onDevice(memory), "closing the arena releases them");
    }

    /** One SGD step on {@code mean((w - target)^2)}: gradient and update as engine kernels. */
    private static void step(Sgd sgd, Tensor w, Tensor target) {
        sgd.zeroGrad();
        Graph.backward(w.sub(target).square().mean());
        sgd.step();
    }
}
