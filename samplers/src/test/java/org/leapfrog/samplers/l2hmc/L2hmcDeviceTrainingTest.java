package org.leapfrog.samplers.l2hmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.TargetOps;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.nn.Networks;
import org.leapfrog.runtime.tensor.optim.Adam;
import org.leapfrog.runtime.tensor.optim.LearningRateSchedule;
import org.leapfrog.samplers.target.DenseGaussian;
import org.leapfrog.samplers.target.GaussianMixture;
import org.leapfrog.samplers.target.Target;

/**
 * The device-resident training step: the same trajectory as the former host loop (directions, q draws and the
 * MH step read back and computed on the host), no host-device copies per iteration on OpenCL, agreement of
 * the two engines, and a non-finite loss undone on the device.
 */
class L2hmcDeviceTrainingTest {
    private static L2hmcTrainer.Settings settings(int iterations, double lambdaB, double temperature) {
        return new L2hmcTrainer.Settings(iterations, 6, 1e-2, 2, 0.9, lambdaB, 0.1, temperature, 0.5, 99);
    }

    /** The former training step, host Metropolis and host draws, as it was before the device step. */
    private static final class HostReference {
        final L2hmcGraph.Parameters params;
        final Adam adam;
        final double[] chains;
        final L2hmcModel model;
        final Target target;
        final L2hmcTrainer.Settings s;
        final L2hmcTrainer temperatures;

        HostReference(Engine e, Target target, L2hmcModel model, L2hmcTrainer.Settings s, double[] start,
                      L2hmcTrainer temperatures) {
            this.params = L2hmcGraph.Parameters.of(e, model);
            this.adam = new Adam(params.list(), LearningRateSchedule.exponentialDecay(s.learningRate(),
                    s.decaySteps(), s.decayRate(), true));
            this.chains = start.clone();
            this.model = model;
            this.target = target;
            this.s = s;
            this.temperatures = temperatures;
        }

        void step(Engine e, int it) {
            int n = s.batch();
            int dim = target.dimension();
            boolean withQ = s.lambdaB() > 0;
            int rows = withQ ? 2 * n : n;
            double[] x = new double[rows * dim];
            int[] words = new int[4];
            double[] z = new double[4];
            for (int d = 0; d < dim; d++) {
                System.arraycopy(chains, d * n, x, d * rows, n);
            }
            if (withQ) {
                for (int c = 0; c < n; c++) {
                    for (int b = 0; 4 * b < dim; b++) {
                        int cnt = Math.min(4, dim - 4 * b);
                        RandomStream.normals(s.seed(), c, it, L2hmcTrainer.PURPOSE_Q, b, words, z, 0, cnt);
                        for (int k = 0; k < cnt; k++) {
                            x[(4 * b + k) * rows + n + c] = z[k];
                        }
                    }
                }
            }
            double[] dirs = new double[rows];
            double[] w = new double[rows];
            for (int c = 0; c < rows; c++) {
                dirs[c] = RandomStream.uniform(s.seed(), c, it, L2hmcKernels.PURPOSE_DIRECTION, words) < 0.5 ? 1 : -1;
                w[c] = c < n ? 1.0 / n : s.lambdaB() / n;
            }
            adam.zeroGrad();
            Tensor xt = e.wrap(rows, dim, x);
            Tensor v = e.normal(rows, dim, s.seed(), RandomStream.PURPOSE_MOMENTUM, it);
            L2hmcGraph.Proposal prop = L2hmcGraph.proposeWithAcceptance(params, model, target,
                    1.0 / temperatures.temperature(it), new L2hmcGraph.Plan(e, model, dirs), xt, v,
                    TargetOps.logDensity(target, xt));
            Tensor loss = L2hmcGraph.loss(xt, prop, e.wrap(rows, 1, w), s.lossScale());
            if (Double.isFinite(loss.item())) {
                Graph.backward(loss);
                adam.step();
            }
            double[] logA = prop.logAcceptance().toArray();
            double[] xNew = prop.position().toArray();
            for (int c = 0; c < n; c++) {
                double a = Double.isFinite(logA[c]) ? Math.exp(Math.min(0.0, logA[c])) : 0.0;
                double u = RandomStream.uniform(s.seed(), c, it, RandomStream.PURPOSE_ACCEPT, words);
                if (u < a) {
                    for (int d = 0; d < dim; d++) {
                        chains[d * n + c] = xNew[d * rows + c];
                    }
                }
            }
        }
    }

    /** On the Java engine the device step reproduces the former host loop bit for bit (with and without q rows). */
    @Test
    void sameTrajectoryAsTheHostLoop() {
        Object[][] cases = {
            {DenseGaussian.scg(), settings(5, 0.0, 1.0)},
            {GaussianMixture.mog2(), settings(5, 1.0, 2.0)},
        };
        for (Object[] cs : cases) {
            Target t = (Target) cs[0];
            L2hmcTrainer.Settings s = (L2hmcTrainer.Settings) cs[1];
            L2hmcModel m = L2hmcFixtures.perturbed(t.name(), 2, 3, 5, 0.3, 0.5, 4);
            Engine e = Engine.java();
            try (L2hmcTrainer tr = new L2hmcTrainer(e, t, m, s)) {
                HostReference ref = new HostReference(e, t, m, s, tr.chains(), tr);
                int accepted = 0;
                for (int it = 0; it < s.iterations(); it++) {
                    double[] before = tr.chains();
                    tr.step();
                    ref.step(e, it);
                    assertArrayEquals(ref.chains, tr.chains(), t.name() + " chains after iteration " + it);
                    accepted += java.util.Arrays.equals(before, tr.chains()) ? 0 : 1;
                }
                assertArrayEquals(Networks.pack(ref.params.list()), tr.model().weights(), t.name() + " weights");
                assertEquals(ref.adam.steps(), s.iterations());
                assertTrue(accepted > 0, t.name() + ": some iteration moved the chains");
            }
        }
    }

    /**
     * On OpenCL an iteration copies nothing between host and device after warm-up (the loss, acceptance and
     * step size are read only by metrics()), and the run agrees with the Java engine's.
     */
    @Test
    void openClIterationCopiesNothingAndAgreesWithJava() {
        assumeTrue(OpenClRequirement.availableOrFailInCi(), "no OpenCL device");
        Target t = GaussianMixture.mog2();
        L2hmcTrainer.Settings s = settings(6, 1.0, 2.0);
        L2hmcModel m = L2hmcFixtures.perturbed(t.name(), 2, 3, 5, 0.3, 0.5, 4);
        double[] javaWeights;
        double[] javaChains;
        Engine je = Engine.java();
        try (L2hmcTrainer tr = new L2hmcTrainer(je, t, m, s)) {
            for (int i = 0; i < s.iterations(); i++) {
                tr.step();
            }
            javaWeights = tr.model().weights();
            javaChains = tr.chains();
        }
        try (Engine cl = Engine.on(Backends.open(new BackendRequest(BackendKind.OPENCL, -1), msg -> { }));
             L2hmcTrainer tr = new L2hmcTrainer(cl, t, m, s)) {
            TrainerChecks.stepsWithoutCopies(cl, tr, s.iterations());
            TrainerChecks.assertWeightsNear(javaWeights, tr.model().weights());
            assertArrayEquals(javaChains, tr.chains(), 1e-10, "chains");
            double loss = tr.metrics().get("loss");
            assertTrue(Double.isFinite(loss), "loss " + loss);
        }
    }

    /**
     * A non-finite loss (an overflowing step size) leaves parameters and Adam moments as they were, is counted,
     * and advances Adam's step count (the host does not read the loss to decide); the chains do not move.
     */
    @Test
    void nonFiniteLossIsUndoneOnTheDevice() {
        Target t = DenseGaussian.scg();
        L2hmcModel m0 = L2hmcFixtures.perturbed(t.name(), 2, 3, 5, 0.3, 0.5, 4);
        double[] w = m0.weights();
        w[m0.layout().epsIndex()] = 800; // eps = e^800 = inf
        L2hmcModel m = m0.withWeights(w);
        try (L2hmcTrainer tr = new L2hmcTrainer(Engine.java(), t, m, settings(3, 0.0, 1.0))) {
            double[] chains = tr.chains();
            tr.step();
            assertTrue(!Double.isFinite(tr.metrics().get("loss")), "the loss is not finite");
            assertArrayEquals(w, tr.model().weights(), "weights unchanged");
            assertEquals(1, tr.skippedUpdates());
            assertArrayEquals(chains, tr.chains(), "no chain accepts a non-finite proposal");
            List<double[]> moments = List.of(tr.checkpoint().array("adam.0"), tr.checkpoint().array("adam.1"));
            for (double[] mm : moments) {
                for (double v : mm) {
                    assertEquals(0.0, v, "Adam moments unchanged");
                }
            }
            assertEquals(1, tr.checkpoint().optimizerSteps(), "the step count advanced");
        }
    }
}
