package org.leapfrog.kernels.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The spec's packed layout and checks, the twin's arithmetic on a hand-computed network, its argument checks. */
class NetworkSpecTest {
    @Test
    void builderPacksWeightBiasThenScalePerLayer() {
        NetworkSpec s = NetworkSpec.builder("n", 3).dense(4, NetworkActivation.RELU).dense(2, NetworkActivation.IDENTITY)
                .scaledTanh().dense(5, NetworkActivation.ELU).build();
        List<NetworkSpec.Layer> l = s.layers();
        assertEquals(new NetworkSpec.Layer(3, 4, NetworkActivation.RELU, false, 0, 12, -1), l.get(0));
        assertEquals(new NetworkSpec.Layer(4, 2, NetworkActivation.IDENTITY, true, 16, 24, 26), l.get(1));
        assertEquals(new NetworkSpec.Layer(2, 5, NetworkActivation.ELU, false, 28, 38, -1), l.get(2));
        assertEquals(43, s.parameterCount());
        assertEquals(5, s.outputWidth());
        assertEquals(4, s.maxHiddenWidth());
        assertEquals("lf_net_n", s.functionName());
        // h0 holds layer 0's 4 units, h1 layer 1's 2: 6 RV of 8 doubles.
        assertEquals(6 * 8 * 8, NetworkSource.scratchBytes(s, 8, 8));
    }

    @Test
    void badSpecsNameTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkSpec.builder("2x", 3).dense(1, NetworkActivation.TANH).build());
        assertTrue(e.getMessage().startsWith("name: '2x'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NetworkSpec.builder("n", 0));
        assertTrue(e.getMessage().startsWith("inputWidth: 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> NetworkSpec.builder("n", 3).dense(NetworkSpec.MAX_WIDTH + 1, NetworkActivation.TANH));
        assertTrue(e.getMessage().startsWith("out: " + (NetworkSpec.MAX_WIDTH + 1)), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NetworkSpec.builder("n", 3).build());
        assertTrue(e.getMessage().startsWith("layers: empty"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> NetworkSpec.builder("n", 3).scaledTanh());
        assertThrows(IllegalStateException.class,
                () -> NetworkSpec.builder("n", 3).dense(2, NetworkActivation.TANH).scaledTanh().scaledTanh());
        // Hand-made layers must follow the packed layout.
        e = assertThrows(IllegalArgumentException.class, () -> new NetworkSpec("n", 3,
                List.of(new NetworkSpec.Layer(3, 2, NetworkActivation.TANH, false, 0, 5, -1))));
        assertTrue(e.getMessage().startsWith("layers[0].biasOffset: 5; allowed: 6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NetworkSpec("n", 3,
                List.of(new NetworkSpec.Layer(2, 2, NetworkActivation.TANH, false, 0, 4, -1))));
        assertTrue(e.getMessage().startsWith("layers[0].in: 2; allowed: 3"), e.getMessage());
    }

    /** 2 -> 2 (ELU) -> 1 (identity, scaled tanh), worked by hand for two chains. */
    @Test
    void twinComputesTheNetworkByHand() {
        NetworkSpec s = NetworkSpec.builder("h", 2).dense(2, NetworkActivation.ELU).dense(1, NetworkActivation.IDENTITY)
                .scaledTanh().build();
        // layer 0: W (in x out) feature-major: (i, o) at o * 2 + i; bias; layer 1: W, b, log-scale.
        double[] w = {1, 2, -3, 0.5, 0.1, -0.2, 0.7, -1.1, 0.05, Math.log(2)};
        double[] x = {0.3, -1.0, 0.4, 2.0};   // chain 0: (0.3, 0.4), chain 1: (-1, 2)
        double[] y = new double[2];
        new NetworkTwin(s, 4).forward(x, 0, 2, y, 0, 2, w, 0, 2);
        for (int c = 0; c < 2; c++) {
            double x0 = x[c];
            double x1 = x[2 + c];
            double z0 = x0 * 1 + x1 * 2 + 0.1;
            double z1 = x0 * -3 + x1 * 0.5 - 0.2;
            double h0 = z0 > 0 ? z0 : Math.expm1(z0);
            double h1 = z1 > 0 ? z1 : Math.expm1(z1);
            double expected = 2 * Math.tanh(0.7 * h0 - 1.1 * h1 + 0.05);
            assertEquals(expected, y[c], 1e-15, "chain " + c);
        }
    }

    @Test
    void twinChecksItsArgumentsAndAllocatesNothing() {
        NetworkSpec s = NetworkSpec.builder("a", 3).dense(16, NetworkActivation.SOFTPLUS).dense(8, NetworkActivation.SIGMOID)
                .dense(2, NetworkActivation.LOG_SIGMOID).build();
        NetworkTwin t = new NetworkTwin(s, 32);
        double[] w = new double[s.parameterCount()];
        double[] x = new double[3 * 32];
        double[] y = new double[2 * 32];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.forward(x, 0, 32, y, 0, 32, w, 0, 33));
        assertTrue(e.getMessage().startsWith("chains: 33; allowed: 0 to the capacity 32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.forward(x, 0, 32, y, 0, 32, w, 1, 32));
        assertTrue(e.getMessage().startsWith("w0: 1; allowed: 0 to 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.forward(x, 0, 16, y, 0, 32, w, 0, 32));
        assertTrue(e.getMessage().startsWith("inStride: 16"), e.getMessage());

        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < 2000; i++) {   // warm up past compilation
            t.forward(x, 0, 32, y, 0, 32, w, 0, 32);
        }
        long before = mx.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 1000; i++) {
            t.forward(x, 0, 32, y, 0, 32, w, 0, 32);
        }
        assertEquals(0, mx.getThreadAllocatedBytes(thread) - before, "bytes allocated by 1000 forward calls");
    }
}
