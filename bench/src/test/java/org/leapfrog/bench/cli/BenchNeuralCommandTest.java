package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code leapfrog bench neural --width --train-iterations}: the model gets the width, training the count; errors. */
class BenchNeuralCommandTest extends InProcessCli {
    @Test
    void widthAndIterationsReachTheModel(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        assertEquals(0, run("bench", "neural", "--quick", "--targets", "heart", "--width", "6", "--train-iterations",
                "3", "--chains", "16", "--backend", "java", "--out", out.toString()), err.toString());
        JsonNode model = new ObjectMapper().readTree(out.resolve("model-heart.json").toFile());
        assertEquals(6, model.path("training").path("width").asInt(), model.path("training").toString());
        assertEquals(3, model.path("training").path("iterations").asInt(), model.path("training").toString());
        JsonNode rows = new ObjectMapper().readTree(out.resolve("neural.json").toFile());
        assertTrue(rows.get(0).path("details").path("ratio_mean_ceiling").asDouble() > 0, rows.toString());
    }

    @Test
    void badWidthOrIterationsAreRefusedByName(@TempDir Path dir) {
        assertEquals(2, run("bench", "neural", "--quick", "--width", "0", "--out", dir.toString()));
        assertTrue(err.toString().contains("--width: 0; allowed: 1 or more"), err.toString());
        assertEquals(2, run("bench", "neural", "--quick", "--train-iterations", "-4", "--out", dir.toString()));
        assertTrue(err.toString().contains("--train-iterations: -4; allowed: 1 or more"), err.toString());
    }
}
