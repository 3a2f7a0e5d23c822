package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leapfrog.samplers.learned.LearnedModelFile;

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

}
