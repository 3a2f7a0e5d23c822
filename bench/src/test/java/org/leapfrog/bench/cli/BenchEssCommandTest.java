package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code leapfrog bench ess} in a tiny configuration without Stan (which CI never needs): both adaptations on
 * Rough Well, on the Java backend; its files exist and hold positive ESS rates.
 */
class BenchEssCommandTest extends InProcessCli {
    @TempDir
    Path dir;

    @Test
    void writesJsonCsvMarkdownAndPlots() throws Exception {
        Path o = dir.resolve("ess");
        int code = run("bench", "ess", "--quick", "--workloads", "roughwell", "--chains", "64", "--warmup", "60",
                "--chees-warmup", "40", "--draws", "60", "--backend", "java", "--no-peers", "--out", o.toString());
        assertEquals(0, code, err.toString());
        JsonNode rows = new ObjectMapper().readTree(o.resolve("ess.json").toFile()).get("rows");
        assertEquals(2, rows.size(), rows.toString());
        assertEquals("leapfrog window", rows.get(0).get("method").asText());
        assertEquals("leapfrog chees", rows.get(1).get("method").asText());
        assertEquals(60, rows.get(0).get("warmup").asInt(), "window: --warmup");
        assertEquals(40, rows.get(1).get("warmup").asInt(), "chees: --chees-warmup");
        for (JsonNode r : rows) {
            assertEquals("roughwell", r.get("workload").asText());
            assertTrue(r.get("min_ess_bulk").asDouble() > 0, r.toString());
            assertTrue(r.get("ess_bulk_per_second").asDouble() > 0, r.toString());
            assertTrue(r.get("ess_tail_per_gradient").asDouble() > 0, r.toString());
            assertTrue(r.get("gradients").asLong() > 64L * 100, r.toString());
            assertTrue(r.get("gradients_per_second").asDouble() > 0, r.toString());
        }
        assertTrue(Files.readString(o.resolve("ess.md")).contains("| roughwell | leapfrog chees |"));
        assertTrue(Files.size(o.resolve("ess_per_second.png")) > 0);
        assertTrue(Files.size(o.resolve("ess_per_gradient.png")) > 0);
        assertTrue(Files.readAllLines(o.resolve("ess.csv")).size() == 3);
    }

    @Test
    void refusesAChEESWarmupBelowOne() {
        int code = run("bench", "ess", "--quick", "--workloads", "roughwell", "--chees-warmup", "0", "--no-peers",
                "--out", dir.resolve("bad").toString());
        assertTrue(code != 0);
        assertTrue(err.toString().contains("--chees-warmup: 0; allowed: 1 or more"), err.toString());
    }
}
