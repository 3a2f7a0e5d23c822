package org.leapfrog.samplers.l2hmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.nn.Networks;
import org.leapfrog.samplers.learned.TrainingCheckpoint;
import org.leapfrog.samplers.target.DenseGaussian;
import org.leapfrog.samplers.target.GaussianMixture;
import org.leapfrog.samplers.target.Target;

/**
 * The standardised squared jump ({@link L2hmcTrainer.Jump#STANDARDISED}): the paper's loss when every scale is 1,
 * its gradient against finite differences, exact resume (the moving average in the checkpoint), the moving average
 * against the chains' variance, and a device-resident step on OpenCL.
 */
class L2hmcStandardisedJumpTest {
    private static L2hmcTrainer.Settings paper(int iterations, double lambdaB, double temperature) {
        return new L2hmcTrainer.Settings(iterations, 6, 1e-2, 2, 0.9, lambdaB, 0.1, temperature, 0.5, 99);
    }

    private static L2hmcTrainer.Settings standardised(int iterations, double lambdaB, double temperature) {
        return paper(iterations, lambdaB, temperature).withJump(L2hmcTrainer.Jump.STANDARDISED, 0.8);
    }

    /** The paper's loss and gradient, bit for bit, while every s_d = 1 (before the first scale update). */
    @Test
    void unitScalesGiveThePapersLoss() {
        Target t = GaussianMixture.mog2();
        L2hmcModel m = L2hmcFixtures.perturbed(t.name(), 2, 2, 3, 0.3, 0.5, 4);
        try (L2hmcTrainer a = new L2hmcTrainer(Engine.java(), t, m, paper(4, 1.0, 2.0));
             L2hmcTrainer b = new L2hmcTrainer(Engine.java(), t, m, standardised(4, 1.0, 2.0))) {
            double[] chains = a.chains();
            assertArrayEquals(new double[] {1, 1}, b.jumpVariance());
            Tensor la = (Tensor) a.lossGraph(1, chains)[0];
            Tensor lb = (Tensor) b.lossGraph(1, chains)[0];
            assertEquals(la.item(), lb.item(), 0.0, "loss");
            Graph.backward(la);
            Graph.backward(lb);
            List<Tensor> pa = a.parameters().list();
            List<Tensor> pb = b.parameters().list();
            for (int k = 0; k < pa.size(); k++) {
                assertArrayEquals(pa.get(k).gradToArray(), pb.get(k).gradToArray(), 0.0, "gradient of tensor " + k);
            }
            // the scales matter once estimated (the chains' variances are not 1)
            b.updateJumpScale(0);
            try (Engine.GradRegion r = Engine.java().noGrad()) {
                assertNotEquals(la.item(), ((Tensor) b.lossGraph(1, chains)[0]).item());
            }
        }
        assertEquals(L2hmcTrainer.Jump.EUCLIDEAN, L2hmcTrainer.Settings.paper(0, 1, 3).jump(), "default jump");
    }

    /** The autodiff gradient of the standardised loss equals central differences (scales held constant). */
    @Test
    void lossGradientMatchesFiniteDifferences() {
        Target t = GaussianMixture.mog2();
        L2hmcModel m = L2hmcFixtures.perturbed(t.name(), 2, 2, 3, 0.3, 0.5, 4);
        try (L2hmcTrainer tr = new L2hmcTrainer(Engine.java(), t, m, standardised(4, 1.0, 2.0))) {
            tr.updateJumpScale(0);
            double[] v = tr.jumpVariance();
            assertTrue(Math.abs(v[0] - 1) > 0.05 && Math.abs(v[1] - 1) > 0.05 && v[0] != v[1],
                    "scales away from 1: " + v[0] + ", " + v[1]);
            List<Tensor> ps = tr.parameters().list();
            double[] chains = tr.chains();
            for (Tensor p : ps) {
                p.zeroGrad();
            }
            Graph.backward((Tensor) tr.lossGraph(0, chains)[0]);
            double[] grad = TrainerChecks.gradient(ps);
            double[] w0 = Networks.pack(ps);
            assertEquals(w0.length, grad.length);
            int checked = 0;
            for (int i = 0; i < w0.length; i += 3) {
                double fd = TrainerChecks.centralDifference(tr, ps, w0, i, chains);
                assertEquals(fd, grad[i], 1e-6 * Math.max(1, Math.abs(fd)), "parameter " + i);
                checked++;
            }
            Networks.unpack(w0, 0, ps);
            assertTrue(checked > 20, "checked " + checked);
            assertArrayEquals(v, tr.jumpVariance(), 0.0, "building the loss leaves the scales alone");
        }
    }


    /** 2 iterations + checkpoint + 2 iterations = 4 iterations, scales included; other jumps are refused. */
    @Test
    void resumesExactly(@TempDir Path dir) throws Exception {
        Target t = DenseGaussian.scg();
        L2hmcModel m = L2hmcModel.initial(t.name(), 2, 3, 5, 0.1, 8);
        L2hmcTrainer.Settings s = standardised(4, 0.0, 1.0);
        double[] weights;
        double[] scales;
        double[] chains;
        try (L2hmcTrainer one = new L2hmcTrainer(Engine.java(), t, m, s)) {
            for (int i = 0; i < 4; i++) {
                one.step();
            }
            weights = one.model().weights();
            scales = one.jumpVariance();
            chains = one.chains();
        }
        try (L2hmcTrainer euclid = new L2hmcTrainer(Engine.java(), t, m, paper(4, 0.0, 1.0))) {
            for (int i = 0; i < 4; i++) {
                euclid.step();
            }
            assertTrue(!java.util.Arrays.equals(weights, euclid.model().weights()), "the jump changes training");
        }
        Path cp = dir.resolve("cp.json");
        try (L2hmcTrainer half = new L2hmcTrainer(Engine.java(), t, m, s)) {
            half.step();
            half.step();
            half.checkpoint().write(cp);
        }
        try (L2hmcTrainer resumed = new L2hmcTrainer(Engine.java(), t, m, s)) {
            resumed.restore(TrainingCheckpoint.read(cp));
            resumed.step();
            resumed.step();
            assertArrayEquals(weights, resumed.model().weights(), "weights");
            assertArrayEquals(scales, resumed.jumpVariance(), "scales");
            assertArrayEquals(chains, resumed.chains(), "chains");
        }
        try (L2hmcTrainer other = new L2hmcTrainer(Engine.java(), t, m, paper(4, 0.0, 1.0))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> other.restore(TrainingCheckpoint.read(cp)));
            assertTrue(e.getMessage().contains("jump"), e.getMessage());
        }
    }

    /** A checkpoint written before the option (no "jump" setting) resumes a Euclidean run, not a standardised one. */
    @Test
    void oldCheckpointsStayReadable(@TempDir Path dir) throws Exception {
        Target t = DenseGaussian.scg();
        L2hmcModel m = L2hmcModel.initial(t.name(), 2, 3, 5, 0.1, 8);
        Path cp = dir.resolve("old.json");
        double[] weights;
        try (L2hmcTrainer tr = new L2hmcTrainer(Engine.java(), t, m, paper(4, 0.0, 1.0))) {
            tr.step();
            TrainingCheckpoint c = tr.checkpoint();
            Map<String, Object> old = new LinkedHashMap<>(c.settings());
            assertEquals("euclidean", old.remove("jump"));
            new TrainingCheckpoint(c.kind(), c.iteration(), c.optimizerSteps(), old, c.arrays(), c.curve()).write(cp);
            tr.step();
            weights = tr.model().weights();
        }
        try (L2hmcTrainer tr = new L2hmcTrainer(Engine.java(), t, m, paper(4, 0.0, 1.0))) {
            tr.restore(TrainingCheckpoint.read(cp));
            tr.step();
            assertArrayEquals(weights, tr.model().weights());
        }
        try (L2hmcTrainer tr = new L2hmcTrainer(Engine.java(), t, m, standardised(4, 0.0, 1.0))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> tr.restore(TrainingCheckpoint.read(cp)));
            assertTrue(e.getMessage().contains("jump"), e.getMessage());
        }
    }

    /**
     * Known case: chains held fixed, the moving average is their variance at once (iteration 0), then, started from
     * other chains' variance u, goes to the new variance v as v + (u - v) r^k; during training it follows the p
     * chains' variance (not the q rows') by the same recursion.
     */
    @Test
    void scaleConvergesToTheChainsVariance() {
        Target t = GaussianMixture.mog2();
        L2hmcModel m = L2hmcFixtures.perturbed(t.name(), 2, 2, 3, 0.3, 0.5, 4);
        double r = 0.8;
        try (L2hmcTrainer tr = new L2hmcTrainer(Engine.java(), t, m, standardised(30, 1.0, 2.0))) {
            double[] c0 = tr.chains();
            tr.updateJumpScale(0);
            double[] u = variances(c0, 6, 2);
            assertArrayEquals(u, tr.jumpVariance(), 1e-12, "iteration 0: the chains' variance");
            double[] c1 = c0.clone();
            for (int i = 0; i < c1.length; i++) {
                c1[i] = 3 * c1[i] + (i % 6 == 0 ? 5 : 0);
            }
            tr.lossGraph(0, c1); // sets the chains
            double[] v = variances(c1, 6, 2);
            for (int k = 1; k <= 200; k++) {
                tr.updateJumpScale(k);
                if (k == 3 || k == 200) {
                    for (int d = 0; d < 2; d++) {
                        double want = v[d] + (u[d] - v[d]) * Math.pow(r, k);
                        assertEquals(want, tr.jumpVariance()[d], 1e-12 * v[d], "coordinate " + d + " after " + k);
                    }
                }
            }
            assertArrayEquals(v, tr.jumpVariance(), 1e-12 * Math.max(v[0], v[1]), "converged");
        }
        try (L2hmcTrainer tr = new L2hmcTrainer(Engine.java(), t, m, standardised(30, 1.0, 2.0))) {
            double[] ema = null;
            for (int it = 0; it < 30; it++) {
                double[] var = variances(tr.chains(), 6, 2);
                if (ema == null) {
                    ema = var;
                } else {
                    for (int d = 0; d < 2; d++) {
                        ema[d] = r * ema[d] + (1 - r) * var[d];
                    }
                }
                tr.step();
                assertArrayEquals(ema, tr.jumpVariance(), 1e-12, "iteration " + it);
            }
        }
    }

    /** Per-coordinate variance (divisor n) of n chains, chain-minor. */
    private static double[] variances(double[] chains, int n, int dim) {
        double[] v = new double[dim];
        for (int d = 0; d < dim; d++) {
            double mean = 0;
            for (int c = 0; c < n; c++) {
                mean += chains[d * n + c];
            }
            mean /= n;
            for (int c = 0; c < n; c++) {
                double e = chains[d * n + c] - mean;
                v[d] += e * e;
            }
            v[d] /= n;
        }
        return v;
    }

    /** On OpenCL the standardised step copies nothing after warm-up and agrees with the Java engine's. */
    @Test
    void openClStepStaysOnTheDeviceAndAgreesWithJava() {
        assumeTrue(OpenClRequirement.availableOrFailInCi(), "no OpenCL device");
        Target t = GaussianMixture.mog2();
        L2hmcTrainer.Settings s = standardised(6, 1.0, 2.0);
        L2hmcModel m = L2hmcFixtures.perturbed(t.name(), 2, 3, 5, 0.3, 0.5, 4);
        double[] javaWeights;
        double[] javaScales;
        try (L2hmcTrainer tr = new L2hmcTrainer(Engine.java(), t, m, s)) {
            for (int i = 0; i < s.iterations(); i++) {
                tr.step();
            }
            javaWeights = tr.model().weights();
            javaScales = tr.jumpVariance();
        }
        try (Engine cl = Engine.on(Backends.open(new BackendRequest(BackendKind.OPENCL, -1), msg -> { }));
             L2hmcTrainer tr = new L2hmcTrainer(cl, t, m, s)) {
            TrainerChecks.stepsWithoutCopies(cl, tr, s.iterations());
            TrainerChecks.assertWeightsNear(javaWeights, tr.model().weights());
            assertArrayEquals(javaScales, tr.jumpVariance(), 1e-10, "scales");
        }
    }

    @Test
    void badSettingsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> paper(4, 0, 1).withJump(L2hmcTrainer.Jump.STANDARDISED, 1.0));
        assertTrue(e.getMessage().contains("jump decay: 1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> L2hmcTrainer.Jump.of("whitened"));
        assertTrue(e.getMessage().contains("'whitened'") && e.getMessage().contains("standardised"), e.getMessage());
    }
}
