package org.leapfrog.bench.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.samplers.neural.NeuralTraining;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/** {@code train neural --engine opencl}: the same model as the Java engine's over a few iterations. */
class NeuralTrainEngineTest {
    private static NeuralTrainJob.Options options(Target t, Path out, String engine) {
        NeuralTraining s = NeuralTraining.paper("funnel3").scaled(0.01, 0.01).withBatch(32, 4);
        return new NeuralTrainJob.Options(t, s, 0.01, 0.01, 20, 7, "java", out, false, 0, false, engine);
    }

    @Test
    void openClEngineTrainsTheJavaEnginesModel(@TempDir Path dir) {
        assumeTrue(OpenClRequirement.availableOrFailInCi(), "no OpenCL device");
        Target t = Targets.byName("funnel3", null);
        PrintWriter log = new PrintWriter(new StringWriter());
        NeuralTrainJob.Result java = NeuralTrainJob.run(options(t, dir.resolve("java.json"), "java"), log);
        NeuralTrainJob.Result cl = NeuralTrainJob.run(options(t, dir.resolve("cl.json"), "opencl"), log);
        double[] a = java.model().parameter("weights");
        double[] b = cl.model().parameter("weights");
        assertEquals(a.length, b.length);
        double moved = 0;
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-10 * Math.max(1, Math.abs(a[i])), "weight " + i);
        }
        NeuralTraining s = options(t, dir, "java").training();
        double[] w0 = org.leapfrog.samplers.neural.NeuralFlow.create(t.dimension(), s.width(), s.steps(), 7)
                .initialWeights(s.eps0(), 7);
        for (int i = 0; i < a.length; i++) {
            moved = Math.max(moved, Math.abs(a[i] - w0[i]));
        }
        assertTrue(moved > 0, "training changed the weights");
        assertEquals("opencl", cl.model().training().get("engine"));
        assertEquals("java", java.model().training().get("engine"));
        assertThrows(IllegalArgumentException.class, () -> options(t, dir.resolve("x.json"), "cuda"));
    }
}
