package org.leapfrog.samplers.neural;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.samplers.learned.LearnedModelFile;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/** Training: a run stopped and restored from its state continues bit for bit; model files round-trip. */
class NeuralTrainerTest {
    private static final NeuralTraining SETTINGS = new NeuralTraining(8, 1, 0.8, 3e-3, 1e-4, 64, 4, 0.1, 1e-3, 1e3,
            0.03, 10.0, 2);

    @Test
    void resumeFromStateIsExact() {
        Target target = Targets.byName("heart", null);
        NeuralFlow flow = NeuralFlow.create(target.dimension(), 8, 1, 3);
        double[] w0 = flow.initialWeights(0.1, 4);
        double[] buffer = NeuralWarmup.uniformStarts(9, 64, target.dimension());
        for (int i = 0; i < buffer.length; i++) {
            buffer[i] *= 0.1;
        }
        double[] straight;
        org.leapfrog.samplers.learned.TrainingCheckpoint half;
        try (Engine e = Engine.java()) {
            NeuralTrainer t = new NeuralTrainer(e, target, flow, w0, SETTINGS, buffer, 5);
            for (int i = 0; i < 2; i++) {
                t.step();
            }
            half = t.checkpoint(java.util.Map.of(), null);
            while (!t.done()) {
                t.step();
            }
            straight = t.weights();
        }
        try (Engine e = Engine.java()) {
            NeuralTrainer t = new NeuralTrainer(e, target, flow, w0, SETTINGS, buffer, 5);
            t.restore(half);
            assertEquals(2, t.iteration());
            while (!t.done()) {
                t.step();
            }
            assertArrayEquals(straight, t.weights(), 0.0, "resumed weights");
        }
        assertNotEquals(w0[flow.logEpsOffset()], straight[flow.logEpsOffset()], "training should move log eps");
    }

    @Test
    void modelFileRoundTripsAndRefusesOtherTargets(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        NeuralFlow flow = NeuralFlow.create(14, 8, 2, 3);
        double[] w = flow.initialWeights(0.1, 4);
        java.nio.file.Path file = dir.resolve("m.json");
        flow.toModel("heart", w, java.util.Map.of("iterations", 1)).write(file);
        LearnedModelFile m = LearnedModelFile.read(file);
        NeuralFlow back = NeuralFlow.fromModel(m);
        assertEquals(flow.width(), back.width());
        assertArrayEquals(flow.maskValues(), back.maskValues());
        assertArrayEquals(w, m.parameter("weights"));
        assertThrows(IllegalArgumentException.class,
                () -> m.checkFor(NeuralFlow.KIND, "german", 25, "m.json"));
        assertThrows(IllegalArgumentException.class, () -> flow.checkWeights(new double[3]));
    }
}
