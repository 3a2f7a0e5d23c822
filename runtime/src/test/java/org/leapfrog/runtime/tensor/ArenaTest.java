package org.leapfrog.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leapfrog.runtime.tensor.nn.Activation;
import org.leapfrog.runtime.tensor.nn.Sequential;
import org.leapfrog.runtime.tensor.nn.VarianceScaling;
import org.leapfrog.runtime.tensor.optim.Adam;
import org.leapfrog.runtime.tensor.optim.LearningRateSchedule;
import org.leapfrog.runtime.tensor.optim.Optimizer;

/** Buffer reuse: a training loop in an arena reaches a steady state that allocates no tensor storage. */
class ArenaTest {
    /** Batch and width of the test network; the products stay below the Java engine's threading threshold. */
    private static final int BATCH = 1000;
    private static final int WIDTH = 32;

    private static final class Loop {
        final Sequential mlp;
        final Tensor x;
        final Tensor y;
        final Optimizer opt;

        Loop(Engine engine) {
            {
                SplittableRandom rng = new SplittableRandom(5);
                mlp = Sequential.mlp(engine, "f", new int[] {WIDTH, WIDTH, WIDTH, 1}, Activation.TANH, Activation.IDENTITY,
                        VarianceScaling.glorotUniform(), rng);
                double[] xs = new double[BATCH * WIDTH];
                double[] ys = new double[BATCH];
                for (int i = 0; i < xs.length; i++) {
                    xs[i] = rng.nextGaussian();
                }
                for (int i = 0; i < ys.length; i++) {
                    ys[i] = Math.sin(xs[i]);
                }
                x = engine.wrap(BATCH, WIDTH, xs);
                y = engine.wrap(BATCH, 1, ys);
                opt = new Adam(mlp.parameters(), LearningRateSchedule.constant(1e-3));
            }
        }

        /** One iteration: forward, backward (accumulating into the parameters), Adam step; returns the loss. */
        double iterate(Arena arena) {
            try (Arena.Scope s = arena.open()) {
                opt.zeroGrad();
                Tensor loss = mlp.forward(x).sub(y).square().mean();
                Graph.backward(loss);
                opt.step();
                return loss.item();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "opencl"})
    void trainingLoopStopsAllocatingAfterTheFirstIteration(String name) {
        Engine engine = TestEngines.get(name);
        Loop loop = new Loop(engine);
        try (Arena arena = new Arena(engine)) {
            double first = loop.iterate(arena);
            long misses = arena.misses();
            long allocations = engine.allocations();
            assertTrue(misses > 20, "the first iteration fills the pool: " + misses);
            double last = first;
            for (int it = 0; it < 20; it++) {
                last = loop.iterate(arena);
            }
            assertEquals(misses, arena.misses(), "pool misses after the first iteration");
            assertEquals(allocations, engine.allocations(), "storage allocations after the first iteration");
            assertTrue(arena.hits() >= 20 * misses, "hits " + arena.hits());
            assertTrue(last < first, "training still trains: loss " + first + " -> " + last);
        }
    }

    /**
     * On the Java engine, heap allocation per iteration is bookkeeping only (graph nodes, closures, maps),
     * far below one activation tensor ({@code BATCH * WIDTH} doubles = 256,000 bytes); without the pool an
     * iteration allocates several such tensors.
     */
    @Test
    void javaIterationAllocatesLessThanOneActivation() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Engine engine = Engine.java();
        Loop loop = new Loop(engine);
        try (Arena arena = new Arena(engine)) {
            // Warm-up until the JIT has compiled the products' SIMD loops (until then the Vector API allocates a
            // vector object per operation): at most 30 s, ending early once an iteration allocates under 64 KB.
            long activationBytes = (long) BATCH * WIDTH * Double.BYTES;
            long deadline = System.nanoTime() + 30_000_000_000L;
            for (int it = 0; it < 5 || System.nanoTime() < deadline; it++) {
                long b = threads.getCurrentThreadAllocatedBytes();
                loop.iterate(arena);
                if (it >= 5 && threads.getCurrentThreadAllocatedBytes() - b < activationBytes / 4) {
                    break;
                }
            }
            int n = 10;
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int it = 0; it < n; it++) {
                loop.iterate(arena);
            }
            long perIteration = (threads.getCurrentThreadAllocatedBytes() - before) / n;
            long activation = (long) BATCH * WIDTH * Double.BYTES;
            assertTrue(perIteration < activation, "bytes allocated per iteration: " + perIteration);
        }
        // The same loop without an arena allocates every result anew.
        long before = threads.getCurrentThreadAllocatedBytes();
        loop.iterate(new Arena(engine));
        long unpooledFirst = threads.getCurrentThreadAllocatedBytes() - before;
        // (about 7 activations: each dense layer's product, bias and tanh are one fused result, and so is tanh's backward)
        assertTrue(unpooledFirst > 4L * BATCH * WIDTH * Double.BYTES, "first (filling) iteration: " + unpooledFirst);
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "opencl"})
    void resultsOfAClosedScopeCannotBeUsedButCopiesCan(String name) {
        Engine engine = TestEngines.get(name);
        Tensor x = engine.wrap(3, 1, new double[] {1, 2, 3});
        Tensor kept;
        Tensor stale;
        try (Arena arena = new Arena(engine)) {
            try (Arena.Scope s = arena.open()) {
                stale = x.square();
                kept = stale.copy();
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, stale::toArray);
            assertTrue(e.getMessage().contains("arena scope that has closed"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> stale.add(1.0));
            // The pool hands the storage to the next result; the copy is unaffected.
            try (Arena.Scope s = arena.open()) {
                x.mul(10.0).sum();
                assertEquals(2, arena.hits() + arena.misses() - 1, "two requests in the second scope, one in the first");
            }
        }
        assertEquals(9.0, kept.get(2, 0));
    }

    @Test
    void scopesCloseInnerFirst() {
        Engine engine = Engine.java();
        try (Arena a = new Arena(engine); Arena b = new Arena(engine)) {
            Arena.Scope outer = a.open();
            Arena.Scope inner = b.open();
            assertThrows(IllegalStateException.class, outer::close);
            inner.close();
            outer.close();
            Arena.Scope open = a.open();
            assertThrows(IllegalStateException.class, a::close);
            open.close();
        }
    }
}
