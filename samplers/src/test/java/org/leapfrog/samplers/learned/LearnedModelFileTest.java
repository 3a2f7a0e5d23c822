package org.leapfrog.samplers.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearnedModelFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsExactlyAndRefusesAnotherTarget() throws Exception {
        double[] w = {0.1, -1.0 / 3.0, Math.PI, 1e-300};
        LearnedModelFile m = new LearnedModelFile(LearnedModelFile.FORMAT, "l2hmc", "icg", 50,
                Map.of("steps", 10, "width", 100), List.of(new int[] {1, 0, 1}, new int[] {0, 1, 0}),
                Map.of("x", w, "logStepSize", new double[] {Math.log(0.1)}), Map.of("iterations", 5));
        Path f = dir.resolve("m.json");
        m.write(f);
        LearnedModelFile back = LearnedModelFile.read(f).checkFor("l2hmc", "icg", 50, "m.json");
        assertArrayEquals(w, back.parameter("x"));
        assertArrayEquals(new int[] {0, 1, 0}, back.masks().get(1));
        assertEquals(10, ((Number) back.settings().get("steps")).intValue());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> back.checkFor("l2hmc", "scg", 2, "m.json"));
        assertTrue(e.getMessage().contains("'icg'") && e.getMessage().contains("'scg'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> back.checkFor("neural", "icg", 50, "m.json"));
        assertThrows(IllegalArgumentException.class, () -> back.parameter("v"));
        Files.writeString(dir.resolve("bad.json"), "{not json");
        assertThrows(IllegalArgumentException.class, () -> LearnedModelFile.read(dir.resolve("bad.json")));
        assertThrows(IllegalArgumentException.class, () -> LearnedModelFile.read(dir.resolve("missing.json")));
    }
}
