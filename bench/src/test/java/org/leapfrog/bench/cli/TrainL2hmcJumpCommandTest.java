package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leapfrog.bench.train.L2hmcTrainingJob;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.samplers.l2hmc.L2hmcModel;
import org.leapfrog.samplers.l2hmc.L2hmcTrainer;
import org.leapfrog.samplers.learned.LearnedModelFile;
import org.leapfrog.samplers.target.GaussianMixture;
import org.leapfrog.samplers.target.Target;

/** {@code leapfrog train l2hmc --jump}: the model file records the jump; a resumed standardised run is exact. */
class TrainL2hmcJumpCommandTest extends InProcessCli {
    @Test
    void modelFileRecordsTheJump(@TempDir Path dir) {
        String[] common = {"--target", "mog", "--iterations", "3", "--batch", "8", "--hidden", "4", "--steps", "2",
            "--backend", "java"};
        Path std = dir.resolve("std.json");
        int rc = run(concat(new String[] {"train", "l2hmc", "--jump", "standardised", "--jump-decay", "0.9", "--out",
            std.toString()}, common));
        assertEquals(0, rc, err.toString());
        assertEquals("standardised", LearnedModelFile.read(std).training().get("jump"));
        assertEquals(0.9, ((Number) LearnedModelFile.read(std).training().get("jump_decay")).doubleValue());
        Path plain = dir.resolve("plain.json");
        rc = run(concat(new String[] {"train", "l2hmc", "--out", plain.toString()}, common));
        assertEquals(0, rc, err.toString());
        assertEquals("euclidean", LearnedModelFile.read(plain).training().get("jump"));
        rc = run(concat(new String[] {"train", "l2hmc", "--jump", "whitened", "--out", dir.resolve("bad.json").toString()},
                common));
        assertEquals(2, rc);
        assertTrue(err.toString().contains("jump: 'whitened'"), err.toString());
    }

    @Test
    void resumedStandardisedRunEqualsAnUninterruptedOne(@TempDir Path dir) {
        Target t = GaussianMixture.mog2();
        L2hmcModel initial = L2hmcModel.initial(t.name(), 2, 2, 4, 0.1, 3);
        L2hmcTrainer.Settings s = new L2hmcTrainer.Settings(6, 8, 1e-2, 1000, 0.96, 1.0, 0.1, 2.0, 0.8, 12)
                .withJump(L2hmcTrainer.Jump.STANDARDISED);
        Path whole = dir.resolve("whole.json");
        new L2hmcTrainingJob(t, initial, s, whole, 0, 1, false, false).run(Engine.java());
        Path resumed = dir.resolve("resumed.json");
        try (L2hmcTrainer tr = new L2hmcTrainer(Engine.java(), t, initial, s)) {
            for (int i = 0; i < 3; i++) {
                tr.step();
                tr.record(0);
            }
            tr.checkpoint().write(L2hmcTrainingJob.checkpointFile(resumed));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        new L2hmcTrainingJob(t, initial, s, resumed, 0, 1, true, false).run(Engine.java());
        assertArrayEquals(LearnedModelFile.read(whole).parameter("weights"),
                LearnedModelFile.read(resumed).parameter("weights"));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
