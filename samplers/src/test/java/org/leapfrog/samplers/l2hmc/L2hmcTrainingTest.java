package org.leapfrog.samplers.l2hmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.nn.Networks;
import org.leapfrog.samplers.learned.LearnedModelFile;
import org.leapfrog.samplers.learned.TrainingCheckpoint;
import org.leapfrog.samplers.target.DenseGaussian;
import org.leapfrog.samplers.target.GaussianMixture;
import org.leapfrog.samplers.target.Target;

/** L2HMC training: loss gradient against finite differences, determinism, exact resume, model files. */
class L2hmcTrainingTest {
    private static L2hmcTrainer.Settings settings(int iterations, double lambdaB, double temperature) {
        return new L2hmcTrainer.Settings(iterations, 6, 1e-2, 2, 0.9, lambdaB, 0.1, temperature, 0.5, 99);
    }

    /** The autodiff gradient of the loss (through M steps, the HVP, log-det, acceptance) equals central differences. */
    @Test
    void lossGradientMatchesFiniteDifferences() {
        Target t = GaussianMixture.mog2();
        L2hmcModel m = L2hmcFixtures.perturbed(t.name(), 2, 2, 3, 0.3, 0.5, 4);
        try (L2hmcTrainer tr = new L2hmcTrainer(Engine.java(), t, m, settings(4, 1.0, 2.0))) {
            List<Tensor> ps = tr.parameters().list();
            double[] chains = tr.chains();
            for (Tensor p : ps) {
                p.zeroGrad();
            }
            Tensor loss = (Tensor) tr.lossGraph(0, chains)[0];
            Graph.backward(loss);
            double[] grad = TrainerChecks.gradient(ps);
            double[] w0 = Networks.pack(ps);
            assertEquals(w0.length, grad.length);
            int checked = 0;
            double worst = 0;
            for (int i = 0; i < w0.length; i += 3) {
                double fd = TrainerChecks.centralDifference(tr, ps, w0, i, chains);
                double err = Math.abs(fd - grad[i]) / Math.max(1e-3, Math.abs(fd));
                worst = Math.max(worst, err);
                assertEquals(fd, grad[i], 1e-6 * Math.max(1, Math.abs(fd)), "parameter " + i);
                checked++;
            }
            Networks.unpack(w0, 0, ps);
            assertTrue(checked > 20, "checked " + checked);
        }
    }


    @Test
    void trainingIsDeterministicAndResumesExactly(@TempDir Path dir) throws Exception {
        Target t = DenseGaussian.scg();
        L2hmcModel m = L2hmcModel.initial(t.name(), 2, 3, 5, 0.1, 8);
        L2hmcTrainer.Settings s = settings(4, 0.0, 1.0);
        double[] a;
        double[] b;
        try (L2hmcTrainer one = new L2hmcTrainer(Engine.java(), t, m, s);
             L2hmcTrainer two = new L2hmcTrainer(Engine.java(), t, m, s)) {
            for (int i = 0; i < 4; i++) {
                one.step();
                one.record(0);
                two.step();
            }
            a = one.model().weights();
            b = two.model().weights();
            assertArrayEquals(a, b, "two runs with one seed");
            assertTrue(Math.abs(a[m.layout().epsIndex()] - Math.log(0.1)) > 1e-4, "training moved the step size");
        }
        Path cp = dir.resolve("cp.json");
        try (L2hmcTrainer half = new L2hmcTrainer(Engine.java(), t, m, s)) {
            half.step();
            half.step();
            half.checkpoint().write(cp);
        }
        try (L2hmcTrainer resumed = new L2hmcTrainer(Engine.java(), t, m, s)) {
            resumed.restore(TrainingCheckpoint.read(cp));
            assertEquals(2, resumed.iteration());
            resumed.step();
            resumed.step();
            assertArrayEquals(a, resumed.model().weights(), "2 + checkpoint + 2 iterations = 4 iterations");
        }
        try (L2hmcTrainer other = new L2hmcTrainer(Engine.java(), t, m, settings(4, 0.5, 1.0))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> other.restore(TrainingCheckpoint.read(cp)));
            assertTrue(e.getMessage().contains("lambda_b"), e.getMessage());
        }
    }

    @Test
    void modelFileRoundTripsAndRefusesAnotherTarget(@TempDir Path dir) {
        Target t = GaussianMixture.mog2();
        L2hmcModel m = L2hmcFixtures.perturbed(t.name(), 2, 3, 4, 0.2, 0.5, 1);
        Path f = dir.resolve("model.json");
        try {
            m.toFile(java.util.Map.of("iterations", 0)).write(f);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        L2hmcModel back = L2hmcModel.fromFile(LearnedModelFile.read(f), t.name(), 2, f.toString());
        assertArrayEquals(m.weights(), back.weights());
        assertArrayEquals(m.maskData(), back.maskData());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> L2hmcModel.fromFile(LearnedModelFile.read(f), "scg", 2, f.toString()));
        assertTrue(e.getMessage().contains("trained for target 'mog'"), e.getMessage());
    }
}
