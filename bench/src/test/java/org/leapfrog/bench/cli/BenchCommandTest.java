package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each {@code leapfrog bench} sub-command in a tiny configuration: its files exist and parse. */
class BenchCommandTest extends InProcessCli {
    @TempDir
    Path dir;

    @Test
    void throughputWritesJsonCsvMarkdownAndPlotsIncludingPeerResults() throws Exception {
        Path peers = dir.resolve("peers.csv");
        Files.writeString(peers, "peer,workload,chains,iterations,seconds,grad_evals_per_s,accept_rate,device\n"
                + "pytorch-cpu,icg50,4,10,0.5,800.0,0.6,test machine\n");
        Path o = dir.resolve("tp");
        int code = run("bench", "throughput", "--quick", "--backends", "java", "--workloads", "icg50", "--max-chains", "4",
                "--min-seconds", "0.01", "--ess-run", "4,5,30", "--no-peers", "--peer-results", peers.toString(),
                "--out", o.toString());
        assertEquals(0, code, err.toString());

        JsonNode json = new ObjectMapper().readTree(o.resolve("throughput.json").toFile());
        assertEquals("throughput", json.get("benchmark").asText());
        assertTrue(json.get("machine").get("cores").asInt() >= 1);
        assertEquals(4, json.get("settings").get("maxChains").asInt());
        JsonNode rows = json.get("rows");
        // chain counts 1 and 4 (quick stride 16, the maximum always included) on java, the main job (leapfrog
        // sample) at the largest count right after its kernel, plus the peer row
        assertEquals(4, rows.size(), rows.toString());
        for (int i = 0; i < 3; i++) {
            JsonNode r = rows.get(i);
            assertEquals("leapfrog-java", r.get("implementation").asText());
            assertEquals(i == 0 ? 1 : 4, r.get("chains").asInt());
            assertEquals(i == 2 ? "main-job" : "kernel", r.get("kind").asText());
            assertTrue(r.get("gradEvalsPerSecond").asDouble() > 0, r.toString());
            assertTrue(r.get("essPerSecond").asDouble() > 0, r.toString());
            assertTrue(r.get("iterations").asInt() >= 1);
        }
        assertTrue(rows.get(2).get("iterations").asInt() >= 20, "main job draws");
        assertEquals("pytorch-cpu", rows.get(3).get("implementation").asText());
        assertEquals(800.0, rows.get(3).get("gradEvalsPerSecond").asDouble());
        assertTrue(rows.get(3).get("essPerSecond").isNull());

        List<CSVRecord> csv = readCsv(o.resolve("throughput.csv"));
        assertEquals(4, csv.size());
        assertEquals("icg50", csv.get(0).get("workload"));
        assertTrue(Double.parseDouble(csv.get(1).get("grad_evals_per_s")) > 0);
        assertEquals("main-job", csv.get(2).get("kind"));
        for (CSVRecord c : csv) {
            assertEquals("reproducible", c.get("numerics")); // the default mode; peers run their own code
        }
        assertEquals("", csv.get(3).get("ess_per_s"));

        String md = Files.readString(o.resolve("throughput.md"));
        assertTrue(md.contains("| chains | leapfrog-java | leapfrog-java main-job | pytorch-cpu |"), md);
        assertTrue(md.contains("| series | chains | kernel | main job | ratio |"), md);
        assertTrue(md.contains("| leapfrog-java | 4 | "), md);
        assertTrue(md.contains("Machine: "), md);
        assertPng(o.resolve("throughput-grad-evals.png"));
        assertPng(o.resolve("throughput-ess.png"));
    }

    @Test
    void l2hmcTableWritesOneRowPerTargetAndStepSize() throws Exception {
        Path o = dir.resolve("l2");
        int code = run("bench", "l2hmc-table", "--quick", "--targets", "scg,mog", "--chains", "4", "--steps", "40",
                "--backend", "java", "--out", o.toString());
        assertEquals(0, code, err.toString());
        JsonNode json = new ObjectMapper().readTree(o.resolve("l2hmc-table.json").toFile());
        JsonNode rows = json.get("rows");
        assertEquals(5, rows.size(), rows.toString());
        double[] expectedSteps = {0.1, 0.15, 0.2, 0.25, 0.5};
        for (int i = 0; i < 5; i++) {
            JsonNode r = rows.get(i);
            assertEquals(i < 3 ? "scg" : "mog", r.get("target").asText());
            assertEquals(expectedSteps[i], r.get("stepSize").asDouble());
            double ess = r.get("paperEssPerStep").asDouble();
            // the estimator is 1 / (1 + 2 * sum of kept autocorrelations > 0.05), so it lies in (0, 1]
            assertTrue(ess > 0 && ess <= 1, r.toString());
            assertEquals(ess / 10, r.get("paperEssPerGradient").asDouble(), 1e-15);
            assertTrue(r.get("minBulkEss").asDouble() > 0, r.toString());
            double accept = r.get("acceptRate").asDouble();
            assertTrue(accept >= 0 && accept <= 1, r.toString());
        }
        List<CSVRecord> csv = readCsv(o.resolve("l2hmc-table.csv"));
        assertEquals(5, csv.size());
        assertEquals("hmc", csv.get(0).get("sampler"));
        String md = Files.readString(o.resolve("l2hmc-table.md"));
        assertTrue(md.contains("| scg | hmc | 0.1 |"), md);
        assertTrue(md.contains("exact mixture moments"), md);
        assertTrue(md.contains("## Notes"), md);
        assertPng(o.resolve("l2hmc-table.png"));
    }

    @Test
    void l2hmcTableFlagsIcgStepSizesBeyondTheLeapfrogStabilityLimit() throws Exception {
        // every paper step size for ICG-50 exceeds 2 * sqrt(1e-2) = 0.2: the stiffest coordinate's energy error
        // grows by about 2.7x per leapfrog step, so HMC rejects (deterministic, not a statistical check)
        Path o = dir.resolve("icg");
        assertEquals(0, run("bench", "l2hmc-table", "--targets", "icg50", "--chains", "4", "--steps", "30",
                "--backend", "java", "--out", o.toString()), err.toString());
        String md = Files.readString(o.resolve("l2hmc-table.md"));
        for (String eps : new String[] {"0.225", "0.25", "0.275"}) {
            assertTrue(md.contains("icg50 step size " + eps + ": acceptance 0.0"), md);
        }
        assertTrue(md.contains("unstable for step sizes above 2 sigma_min = 0.200"), md);
    }

    @Test
    void badBackendListIsAClearError() {
        int code = run("bench", "throughput", "--backends", "cuda", "--out", dir.resolve("x").toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains("--backends: 'cuda' matches no available backend; allowed: all, java"),
                err.toString());
    }

    @Test
    void unknownL2hmcTargetIsAClearError() {
        int code = run("bench", "l2hmc-table", "--targets", "funnel1", "--out", dir.resolve("x").toString());
        assertEquals(2, code);
        assertTrue(err.toString().contains("--targets: 'funnel1'; allowed: icg50, scg, roughwell, mog"), err.toString());
    }

    private static List<CSVRecord> readCsv(Path p) throws Exception {
        try (Reader r = Files.newBufferedReader(p)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r).getRecords();
        }
    }

    private static void assertPng(Path p) throws Exception {
        BufferedImage img = ImageIO.read(p.toFile());
        assertTrue(img != null && img.getWidth() > 100 && img.getHeight() > 100, p.toString());
    }
}
