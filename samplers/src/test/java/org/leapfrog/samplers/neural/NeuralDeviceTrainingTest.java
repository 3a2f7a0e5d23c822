package org.leapfrog.samplers.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.LfMath;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.graph.TransferStats;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.optim.Adam;
import org.leapfrog.runtime.tensor.optim.GradientClipping;
import org.leapfrog.runtime.tensor.optim.LearningRateSchedule;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/**
 * The coupling sampler's device-resident training step: the trajectory of the former host loop (loss, buffer MH
 * move and beta steering read back and computed on the host) bit for bit on the Java engine, no host-device
 * copies per iteration on OpenCL after warm-up, and OpenCL agreeing with Java.
 */
class NeuralDeviceTrainingTest {
    private static final NeuralTraining SETTINGS = new NeuralTraining(8, 1, 0.8, 3e-3, 1e-4, 32, 4, 0.1, 1e-3, 1e3,
            0.3, 10.0, 2);

    private static double[] startBuffer(Target target) {
        double[] buffer = NeuralWarmup.uniformStarts(9, SETTINGS.batch(), target.dimension());
        for (int i = 0; i < buffer.length; i++) {
            buffer[i] *= 0.1;
        }
        return buffer;
    }

    /** The former iteration, as it was: host MH with LfMath.log, host acceptance mean and beta steering. */
    private static final class HostReference {
        final NeuralGraph graph;
        final Adam adam;
        final GradientClipping clipping;
        final double[] buffer;
        final double[] logDensity;
        double beta = SETTINGS.beta0();
        final List<Double> acceptance = new java.util.ArrayList<>();

        HostReference(Engine e, Target target, NeuralFlow flow, double[] w0, double[] buffer) {
            graph = new NeuralGraph(e, flow, target, w0);
            adam = new Adam(graph.parameters(), LearningRateSchedule.cosineWithWarmup(SETTINGS.learningRate(),
                    SETTINGS.warmupSteps(), SETTINGS.iterations(), SETTINGS.minLearningRate()), 0.9, 0.999, 1e-8, false);
            clipping = new GradientClipping(graph.parameters());
            this.buffer = buffer.clone();
            this.logDensity = NeuralTrainer.logDensities(e, target, buffer, SETTINGS.batch());
        }

        void step(Engine e, int it, long seed) {
            int n = SETTINGS.batch();
            int dim = graph.flow().dimension();
            Tensor v0 = e.normal(n, dim, seed, NeuralTrainer.PURPOSE_TRAIN_NOISE, it);
            NeuralGraph.Proposal p = graph.propose(e.wrap(n, dim, buffer.clone()), e.wrap(n, 1, logDensity.clone()), v0);
            Tensor l = graph.loss(p, beta);
            double[] logA = p.logAccept().toArray();
            double[] xp = p.xPrime().toArray();
            double[] lp1 = p.logDensityPrime().toArray();
            adam.zeroGrad();
            if (Double.isFinite(l.item())) {
                Graph.backward(l);
                if (Double.isFinite(clipping.byGlobalNorm(SETTINGS.clipNorm()).item())) {
                    adam.step();
                }
            }
            int[] scratch = new int[4];
            double sum = 0;
            for (int c = 0; c < n; c++) {
                double a = Double.isFinite(logA[c]) ? Math.exp(Math.min(logA[c], 0.0)) : 0.0;
                sum += a;
                double u = RandomStream.uniform(seed, c, it, NeuralTrainer.PURPOSE_TRAIN_ACCEPT, scratch);
                if (Double.isFinite(logA[c]) && LfMath.log(u) < logA[c]) {
                    for (int d = 0; d < dim; d++) {
                        buffer[d * n + c] = xp[d * n + c];
                    }
                    logDensity[c] = lp1[c];
                }
            }
            double acc = sum / n;
            acceptance.add(acc);
            beta = Math.min(Math.max(beta * (1 + SETTINGS.betaRate() * (acc - SETTINGS.acceptTarget())),
                    SETTINGS.beta0()), SETTINGS.betaMax());
        }
    }

    @Test
    void sameTrajectoryAsTheHostLoop() {
        Target target = Targets.byName("funnel3", null);
        NeuralFlow flow = NeuralFlow.create(target.dimension(), 8, 1, 3);
        double[] w0 = flow.initialWeights(0.1, 4);
        double[] buffer = startBuffer(target);
        Engine e = Engine.java();
        NeuralTrainer t = new NeuralTrainer(e, target, flow, w0, SETTINGS, buffer, 5);
        HostReference ref = new HostReference(e, target, flow, w0, buffer);
        for (int it = 0; it < SETTINGS.iterations(); it++) {
            NeuralTrainer.Progress p = t.step();
            ref.step(e, it, 5);
            assertArrayEquals(ref.buffer, t.buffer(), 0.0, "buffer after iteration " + it);
            assertEquals(ref.acceptance.get(it), p.acceptance(), 0.0, "acceptance of iteration " + it);
            assertEquals(ref.beta, p.beta(), 0.0, "beta after iteration " + it);
            assertTrue(!p.skipped());
        }
        assertArrayEquals(ref.graph.weights(), t.weights(), 0.0, "weights");
        assertTrue(ref.beta != SETTINGS.beta0(), "beta was steered");
    }

    @Test
    void openClIterationCopiesNothingAndAgreesWithJava() {
        assumeTrue(OpenClRequirement.availableOrFailInCi(), "no OpenCL device");
        Target target = Targets.byName("funnel3", null);
        NeuralFlow flow = NeuralFlow.create(target.dimension(), 8, 1, 3);
        double[] w0 = flow.initialWeights(0.1, 4);
        double[] buffer = startBuffer(target);
        NeuralTrainer java = new NeuralTrainer(Engine.java(), target, flow, w0, SETTINGS, buffer, 5);
        while (!java.done()) {
            java.advance();
        }
        NeuralTrainer.Progress jp = java.progress();
        try (Engine cl = Engine.on(Backends.open(new BackendRequest(BackendKind.OPENCL, -1), msg -> { }))) {
            NeuralTrainer t = new NeuralTrainer(cl, target, flow, w0, SETTINGS, buffer, 5);
            t.advance();
            t.advance();
            TransferStats warm = cl.transfers();
            long allocations = cl.allocations();
            while (!t.done()) {
                t.advance();
            }
            TransferStats after = cl.transfers();
            assertEquals(warm.toDeviceCopies(), after.toDeviceCopies(), "host-to-device copies after warm-up");
            assertEquals(warm.toHostCopies(), after.toHostCopies(), "device-to-host copies after warm-up");
            assertEquals(allocations, cl.allocations(), "device buffers made after warm-up");
            NeuralTrainer.Progress p = t.progress();
            assertEquals(warm.toHostCopies() + 1, cl.transfers().toHostCopies(), "progress() is one read");
            double[] w = t.weights();
            double[] jw = java.weights();
            for (int i = 0; i < w.length; i++) {
                assertEquals(jw[i], w[i], 1e-10 * Math.max(1, Math.abs(jw[i])), "weight " + i);
            }
            assertArrayEquals(java.buffer(), t.buffer(), 1e-10, "buffer");
            assertEquals(jp.beta(), p.beta(), 1e-12 * jp.beta());
            assertEquals(jp.loss(), p.loss(), 1e-10 * Math.max(1, Math.abs(jp.loss())));
        }
    }
}
