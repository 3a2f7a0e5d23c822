package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leapfrog.samplers.output.CmdStanCsv;

/** {@code --numerics} of {@code sample} and of {@code bench throughput}. */
class NumericsOptionsTest extends InProcessCli {

    /**
     * FAST sampling records its mode in the CSV header and summary.json, and the pooled mean of a standard normal
     * over all 64 chains is within 5 standard errors (ESS from the written chains; false-failure rate about 6e-7).
     */
    @Test
    void sampleInFastNumericsRecordsItsMode(@TempDir Path dir) throws Exception {
        assertNormalRunRecords(dir, "--numerics", "numerics", "fast");
    }

    /** The default writes no numerics setting, so default runs keep the settings (and resumes) they had. */
    @Test
    void reproducibleIsTheDefaultAndLeavesTheSettingsAsBefore(@TempDir Path dir) throws Exception {
        int code = run("sample", "--target", "normal", "--dim", "2", "--chains", "8", "--warmup", "10", "--draws",
                "20", "--backend", "java", "--out", dir.toString(), "--no-adapt");
        assertEquals(0, code, err.toString());
        assertFalse(CmdStanCsv.read(dir.resolve("chain-1.csv")).settings().containsKey("numerics"));
    }

    @Test
    void badNumericsNameWhatIsAllowed(@TempDir Path dir) {
        assertEquals(2, run("sample", "--target", "icg50", "--numerics", "turbo", "--out", dir.toString()));
        assertTrue(err.toString().contains("--numerics: 'turbo'; allowed: reproducible or fast"), err.toString());
    }

    @Test
    void badThroughputNumericsNameWhatIsAllowed(@TempDir Path dir) {
        assertEquals(2, run("bench", "throughput", "--numerics", "reproducible,turbo", "--out", dir.toString()));
        assertTrue(err.toString().contains("--numerics: 'turbo'; allowed: reproducible, fast"), err.toString());
    }

    /**
     * Both modes side by side in one run: a kernel row and a main-job row each, keyed by {@code numerics}, the FAST
     * series marked {@code fast}, and the main job compared with the kernel of its own mode.
     */
    @Test
    void throughputTimesBothNumericsModesWithANumericsKey(@TempDir Path dir) throws Exception {
        Path o = dir.resolve("tp");
        int code = run("bench", "throughput", "--quick", "--backends", "java", "--workloads", "icg50", "--max-chains", "1",
                "--min-seconds", "0.01", "--ess-run", "4,5,30", "--no-peers", "--numerics", "reproducible,fast",
                "--main-job-chains", "1", "--out", o.toString());
        assertEquals(0, code, err.toString());
        JsonNode rows = new ObjectMapper().readTree(o.resolve("throughput.json").toFile()).get("rows");
        assertEquals(4, rows.size(), rows.toString());
        String[] numerics = {"reproducible", "reproducible", "fast", "fast"};
        String[] kinds = {"kernel", "main-job", "kernel", "main-job"};
        for (int i = 0; i < 4; i++) {
            assertEquals(numerics[i], rows.get(i).get("numerics").asText(), rows.toString());
            assertEquals(kinds[i], rows.get(i).get("kind").asText(), rows.toString());
            assertTrue(rows.get(i).get("gradEvalsPerSecond").asDouble() > 0, rows.get(i).toString());
        }
        String header = Files.readString(o.resolve("throughput.csv")).lines().findFirst().orElse("");
        assertTrue(header.endsWith(",kind,numerics,precision"), header);
        String md = Files.readString(o.resolve("throughput.md"));
        assertTrue(md.contains("| chains | leapfrog-java | leapfrog-java main-job | leapfrog-java fast | "
                + "leapfrog-java fast main-job |"), md);
        assertTrue(md.contains("| leapfrog-java fast | 1 | "), md);
        assertTrue(md.contains("float64, reproducible and fast numerics"), md);
    }
}
