package org.leapfrog.bench.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny {@code bench neural} run: the files, the row keys the issue asks for, and the Fig. A.4 check's fields. */
class NeuralBenchmarkTest {
    @Test
    void tinyRunWritesTheReport(@TempDir Path dir) throws Exception {
        NeuralBenchmark.Settings s = new NeuralBenchmark.Settings(List.of("heart"), 4, 64, 20, 20, 20, 16, 40, 10, 7,
                "java");
        List<NeuralBenchmark.Row> rows = NeuralBenchmark.run(s, dir, new PrintWriter(new StringWriter()));
        NeuralReportWriter.write(dir, rows, s, true, 1.0);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("neural.json").toFile());
        assertEquals(2, json.size());
        for (JsonNode row : json) {
            for (String key : new String[] {"target", "sampler", "ess_per_mh_step_min", "ess_per_mh_step_mean",
                    "ess_per_second_min", "ess_per_second_mean", "ess_bulk_min", "acceptance", "train_seconds",
                    "sample_seconds"}) {
                assertTrue(row.has(key), "row " + row.get("sampler") + " lacks " + key);
            }
            assertTrue(row.get("ess_per_mh_step_min").asDouble() > 0);
            assertTrue(row.get("ess_per_mh_step_min").asDouble() <= row.get("ess_per_mh_step_mean").asDouble());
        }
        assertEquals("neural", json.get(0).get("sampler").asText());
        assertTrue(json.get(0).get("details").get("moment_check").has("pass"));
        // The ceiling: the neural sampler at 1 ESS per MH step in every dimension, at the measured step times.
        JsonNode nd = json.get(0).get("details"), n = json.get(0), h = json.get(1);
        double tNeural = n.get("sample_seconds").asDouble() / n.get("steps").asInt();
        double tHmc = h.get("sample_seconds").asDouble() / h.get("steps").asInt();
        assertEquals(tHmc, nd.get("hmc_seconds_per_step").asDouble(), 1e-15 * tHmc);
        double ceiling = (16 / tNeural) / h.get("ess_per_second_mean").asDouble();
        assertEquals(ceiling, nd.get("ratio_mean_ceiling").asDouble(), 1e-12 * ceiling);
        double ratio = n.get("ess_per_second_mean").asDouble() / h.get("ess_per_second_mean").asDouble();
        assertEquals(ratio, nd.get("ratio_mean").asDouble(), 1e-12 * ratio);
        assertTrue(ratio <= nd.get("ratio_mean_ceiling").asDouble() * (1 + 1e-12), "ratio above its ceiling");
        assertTrue(n.get("ess_per_mh_step_mean").asDouble() <= 1.0);
        assertTrue(Files.size(dir.resolve("neural-ess.png")) > 0);
        assertTrue(Files.readString(dir.resolve("neural.md")).contains("Table A.2"));
        assertTrue(Files.isRegularFile(dir.resolve("model-heart.json")));
    }

    /** Both samplers run in the chosen precision, on the chosen number of chains (more than the training batch). */
    @Test
    void float32RunRecordsItsPrecisionAndChains(@TempDir Path dir) throws Exception {
        NeuralBenchmark.Settings s = new NeuralBenchmark.Settings(List.of("heart"), 4, 64, 20, 20, 20, 96, 40, 10, 7,
                "java", org.leapfrog.samplers.Precision.FLOAT32);
        List<NeuralBenchmark.Row> rows = NeuralBenchmark.run(s, dir, new PrintWriter(new StringWriter()));
        NeuralReportWriter.write(dir, rows, s, true, 1.0);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("neural.json").toFile());
        assertEquals(2, json.size());
        for (JsonNode row : json) {
            assertEquals("float32", row.get("details").get("precision").asText());
            assertEquals(96, row.get("chains").asInt());
            assertTrue(row.get("ess_per_mh_step_min").asDouble() > 0);
        }
        assertTrue(Files.readString(dir.resolve("neural.md")).contains("Sampling in float32"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new NeuralBenchmark.Settings(List.of("heart"), 4, 64, 20, 20, 20, 0, 40, 10, 7, "java"));
    }
}
