package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leapfrog.samplers.output.CmdStanCsv;

/** {@code --precision} of {@code sample} and {@code --precisions} of {@code bench throughput}. */
class PrecisionOptionsTest extends InProcessCli {

    /**
     * float32 sampling records its precision in the CSV header and summary.json, and the pooled mean of a
     * standard normal over all 64 chains is within 5 standard errors (ESS from the written chains; about 6e-7).
     */
    @Test
    void sampleInFloat32RecordsItsPrecision(@TempDir Path dir) throws Exception {
        assertNormalRunRecords(dir, "--precision", "precision", "float32");
    }

    @Test
    void float64IsTheDefaultAndIsRecorded(@TempDir Path dir) throws Exception {
        int code = run("sample", "--target", "normal", "--dim", "2", "--chains", "8", "--warmup", "10", "--draws",
                "20", "--backend", "java", "--out", dir.toString(), "--no-adapt");
        assertEquals(0, code, err.toString());
        assertEquals("float64", CmdStanCsv.read(dir.resolve("chain-1.csv")).settings().get("precision"));
    }

    @Test
    void badPrecisionsNameWhatIsAllowed(@TempDir Path dir) {
        assertEquals(2, run("sample", "--target", "icg50", "--precision", "half", "--out", dir.toString()));
        assertTrue(err.toString().contains("--precision: 'half'; allowed: float64 or float32"), err.toString());
        assertEquals(2, run("bench", "throughput", "--precisions", "float64,bf16", "--out", dir.toString()));
        assertTrue(err.toString().contains("--precisions: 'bf16'"), err.toString());
    }

    @Test
    void throughputTimesBothPrecisionsWithAPrecisionKey(@TempDir Path dir) throws Exception {
        Path o = dir.resolve("tp");
        int code = run("bench", "throughput", "--quick", "--backends", "java", "--workloads", "icg50", "--max-chains", "1",
                "--min-seconds", "0.01", "--ess-run", "4,5,30", "--no-peers", "--precisions", "float64,float32",
                "--main-job-chains", "none", "--out", o.toString());
        assertEquals(0, code, err.toString());
        JsonNode rows = new ObjectMapper().readTree(o.resolve("throughput.json").toFile()).get("rows");
        assertEquals(2, rows.size(), rows.toString());
        assertEquals("float64", rows.get(0).get("precision").asText());
        assertEquals("float32", rows.get(1).get("precision").asText());
        assertEquals("reproducible", rows.get(1).get("numerics").asText()); // the default of --numerics
        assertTrue(rows.get(1).get("gradEvalsPerSecond").asDouble() > 0);
        String csv = Files.readString(o.resolve("throughput.csv"));
        assertTrue(csv.lines().findFirst().orElse("").endsWith(",precision"), csv);
        String md = Files.readString(o.resolve("throughput.md"));
        assertTrue(md.contains("leapfrog-java float32"), md);
    }
}
