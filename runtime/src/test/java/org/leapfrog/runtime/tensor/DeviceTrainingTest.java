package org.leapfrog.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.runtime.graph.TransferStats;
import org.leapfrog.runtime.tensor.nn.Activation;
import org.leapfrog.runtime.tensor.nn.Sequential;
import org.leapfrog.runtime.tensor.nn.VarianceScaling;
import org.leapfrog.runtime.tensor.optim.Adam;
import org.leapfrog.runtime.tensor.optim.GradientClipping;
import org.leapfrog.runtime.tensor.optim.LearningRateSchedule;

/**
 * A whole training iteration stays on the device: an MLP proposes momenta for positions drawn on the device,
 * one leapfrog step runs through the target's device ops, and Adam with global-norm clipping updates the
 * network, all inside an arena. After warm-up (parameter and data uploads, the pool filling) an iteration
 * copies nothing between host and device and allocates no buffers; the loss is never read in the loop.
 */
class DeviceTrainingTest {
    private static final int CHAINS = 64;
    private static final int DIM = 3;
    private static final long SEED = 77;

    private static final class Trainer {
        final Engine engine;
        final TargetOpsTest.QuarticGaussian target = new TargetOpsTest.QuarticGaussian(DIM, 0.3, 5, true);
        final Sequential mlp;
        final Adam adam;
        final GradientClipping clip;
        Tensor lastNorm;

        Trainer(Engine engine) {
            this.engine = engine;
            mlp = Sequential.mlp(engine, "p", new int[] {DIM, 16, 16, DIM}, Activation.TANH, Activation.IDENTITY,
                    VarianceScaling.glorotUniform(), new SplittableRandom(3));
            adam = new Adam(mlp.parameters(), LearningRateSchedule.exponentialDecay(1e-2, 50, 0.5, false));
            clip = new GradientClipping(mlp.parameters());
        }

        /** The loss of iteration {@code it}; every random input is drawn on the engine, keyed by the iteration. */
        Tensor loss(int it) {
            int user = RandomStream.PURPOSE_USER;
            Tensor x = engine.normal(CHAINS, DIM, SEED, user, it);
            Tensor flip = engine.rademacher(CHAINS, DIM, SEED, user + 1, it);
            Tensor keep = engine.bernoulli(CHAINS, 1, 0.8, SEED, user + 2, it);
            Tensor eps = engine.uniform(CHAINS, 1, SEED, user + 3, it).mul(0.2).add(0.1);
            Tensor in = Tensor.select(keep, x, x.mul(flip));
            Tensor p = mlp.forward(in);
            Tensor half = p.add(eps.mul(0.5).mul(TargetOps.gradLogDensity(target, in)));
            Tensor x1 = in.add(eps.mul(half));
            // Reward a move up the density with little kinetic energy.
            return TargetOps.logDensity(target, x1).neg().add(p.square().sumCols().mul(0.1)).mean();
        }

        /** One training iteration in a scope of the arena; returns the loss, a pooled tensor of the scope. */
        void iterate(Arena arena, int it) {
            try (Arena.Scope s = arena.open()) {
                adam.zeroGrad();
                Graph.backward(loss(it));
                lastNorm = clip.byGlobalNorm(1.0);
                adam.step();
            }
        }

        double evaluate(int it) {
            try (Engine.GradRegion r = engine.noGrad()) {
                return loss(it).item();
            }
        }
    }

    @Test
    void aTrainingIterationOnOpenClCopiesNothingAfterWarmUp() {
        Engine cl = TestEngines.get("opencl");
        Trainer t = new Trainer(cl);
        double before = t.evaluate(1000);
        try (Arena arena = new Arena(cl)) {
            t.iterate(arena, 0);
            t.iterate(arena, 1);
            TransferStats warm = cl.transfers();
            long allocations = cl.allocations();
            for (int it = 2; it < 40; it++) {
                t.iterate(arena, it);
            }
            TransferStats after = cl.transfers();
            assertEquals(warm.toDeviceCopies(), after.toDeviceCopies(), "host-to-device copies after warm-up");
            assertEquals(warm.toHostCopies(), after.toHostCopies(), "device-to-host copies after warm-up");
            assertEquals(allocations, cl.allocations(), "device buffers made after warm-up");
            assertTrue(after.launches() > warm.launches() + 38 * 50, "every iteration launches kernels: "
                    + (after.launches() - warm.launches()));
        }
        // Reading is a counted transfer: one copy for the norm.
        long reads = cl.transfers().toHostCopies();
        assertTrue(t.lastNorm.item() > 0);
        assertEquals(reads + 1, cl.transfers().toHostCopies());
        double after = t.evaluate(1000);
        assertTrue(after < before, "training lowers the held-out loss: " + before + " -> " + after);
    }

    /** The same 10 iterations on both engines give the same parameters (1e-10 relative: exp/tanh ulps only). */
    @Test
    void openClTrainingMatchesTheJavaEngine() {
        List<double[]> results = new ArrayList<>();
        for (Engine e : List.of(Engine.java(), TestEngines.get("opencl"))) {
            Trainer t = new Trainer(e);
            try (Arena arena = new Arena(e)) {
                for (int it = 0; it < 10; it++) {
                    t.iterate(arena, it);
                }
            }
            t.mlp.parameters().forEach(p -> results.add(p.toArray()));
            results.add(new double[] {t.lastNorm.item()});
        }
        int half = results.size() / 2;
        assertEquals(0, Engine.java().transfers().toHostCopies(), "the Java engine never copies");
        for (int k = 0; k < half; k++) {
            double[] a = results.get(k);
            double[] b = results.get(half + k);
            for (int i = 0; i < a.length; i++) {
                if (!(Math.abs(a[i] - b[i]) <= 1e-10 * Math.max(1e-3, Math.abs(a[i])))) {
                    fail("result " + k + " element " + i + ": java " + a[i] + ", opencl " + b[i]);
                }
            }
        }
    }

    /**
     * The zero-copy training iteration in float32 on OpenCL: after warm-up nothing is copied and nothing
     * allocated, and training lowers the held-out loss; the parameters after 10 iterations agree with the
     * float64 engine's within 1e-3 relative to max(1e-2, |w|) (float rounding through 10 Adam steps whose
     * updates divide by the gradient's running scale, so relative gradient errors of ~1e-6 reach the
     * parameters scaled by the learning rate).
     */
    @Test
    void aFloat32TrainingIterationOnOpenClCopiesNothingAfterWarmUp() {
        Engine cl = TestEngines.get32("opencl");
        Trainer t = new Trainer(cl);
        double before = t.evaluate(1000);
        try (Arena arena = new Arena(cl)) {
            t.iterate(arena, 0);
            t.iterate(arena, 1);
            TransferStats warm = cl.transfers();
            long allocations = cl.allocations();
            for (int it = 2; it < 40; it++) {
                t.iterate(arena, it);
            }
            TransferStats after = cl.transfers();
            assertEquals(warm.toDeviceCopies(), after.toDeviceCopies(), "host-to-device copies after warm-up");
            assertEquals(warm.toHostCopies(), after.toHostCopies(), "device-to-host copies after warm-up");
            assertEquals(allocations, cl.allocations(), "device buffers made after warm-up");
        }
        double after = t.evaluate(1000);
        assertTrue(after < before, "training lowers the held-out loss: " + before + " -> " + after);

        List<double[]> results = new ArrayList<>();
        for (Engine e : List.of(TestEngines.get("opencl"), TestEngines.get32("opencl"))) {
            Trainer u = new Trainer(e);
            try (Arena arena = new Arena(e)) {
                for (int it = 0; it < 10; it++) {
                    u.iterate(arena, it);
                }
            }
            u.mlp.parameters().forEach(p -> results.add(p.toArray()));
        }
        int half = results.size() / 2;
        for (int k = 0; k < half; k++) {
            double[] a = results.get(k);
            double[] b = results.get(half + k);
            for (int i = 0; i < a.length; i++) {
                if (!(Math.abs(a[i] - b[i]) <= 1e-3 * Math.max(1e-2, Math.abs(a[i])))) {
                    fail("parameter " + k + " element " + i + ": float64 " + a[i] + ", float32 " + b[i]);
                }
            }
        }
    }
}
