package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leapfrog.samplers.output.CmdStanCsv;

/** {@code --numerics} of {@code sample}. */
class NumericsOptionsTest extends InProcessCli {

    /**
     * FAST sampling records its mode in the CSV header and summary.json, and the pooled mean of a standard normal
     * over all 64 chains is within 5 standard errors (ESS from the written chains; false-failure rate about 6e-7).
     */
    @Test
    void sampleInFastNumericsRecordsItsMode(@TempDir Path dir) throws Exception {
        int code = run("sample", "--target", "normal", "--dim", "3", "--chains", "64", "--warmup", "50", "--draws",
                "200", "--backend", "java", "--out", dir.toString(), "--keep-chains", "4", "--no-adapt",
                "--numerics", "fast");
        assertEquals(0, code, err.toString());
        CmdStanCsv.Contents csv = CmdStanCsv.read(dir.resolve("chain-1.csv"));
        assertEquals("fast", csv.settings().get("numerics"));
        JsonNode json = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertEquals("fast", json.get("settings").get("numerics").asText());
        double mean = json.get("all_chains").get("x.1").get("mean").asDouble();
        double ess = json.get("parameters").get(0).get("ess_bulk").asDouble() * 16;
        assertTrue(Math.abs(mean) < 5 / Math.sqrt(ess), "mean " + mean + " with ESS " + ess);
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
}
