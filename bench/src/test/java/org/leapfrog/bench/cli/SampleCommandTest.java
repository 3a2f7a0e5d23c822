package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leapfrog.samplers.output.CmdStanCsv;
import picocli.CommandLine;

/** {@code leapfrog sample}, in-process, plus a resume after killing a child process mid-run. */
class SampleCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = LeapfrogCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void samplesATargetAndWritesCsvAndSummary(@TempDir Path dir) throws Exception {
        int code = run("sample", "--target", "normal", "--dim", "3", "--chains", "40", "--warmup", "50", "--draws",
                "200", "--backend", "java", "--out", dir.toString(), "--keep-chains", "4", "--no-adapt");
        assertEquals(0, code, err.toString());
        String text = out.toString();
        assertTrue(text.contains("ess_bulk") || text.contains("ESS"), text);
        assertTrue(text.contains("x.1") && text.contains("x.3"), text);
        for (int c = 1; c <= 4; c++) {
            CmdStanCsv.Contents csv = CmdStanCsv.read(dir.resolve("chain-" + c + ".csv"));
            assertEquals(200, csv.rows());
            assertEquals(List.of("lp__", "accept_stat__", "stepsize__", "n_leapfrog__", "divergent__", "energy__",
                    "x.1", "x.2", "x.3"), csv.columns());
        }
        assertTrue(Files.notExists(dir.resolve("chain-5.csv")));
        JsonNode json = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        JsonNode p = json.get("parameters").get(0);
        for (String key : List.of("name", "mean", "sd", "mcse_mean", "q5", "q50", "q95", "ess_bulk", "ess_tail", "rhat")) {
            assertTrue(p.has(key), key);
        }
        assertEquals("java", json.get("run").get("backend").asText());
        assertEquals(40L * (1 + 250 * 10), json.get("run").get("gradient_evaluations").asLong());
        assertTrue(json.get("run").get("wall_seconds").asDouble() > 0);
        assertEquals("normal", json.get("settings").get("target").asText());
        // The standard normal's mean over all 40 chains: within 5 standard errors, allowing for autocorrelation
        // by using the written chains' ESS (false-failure rate about 6e-7 per coordinate).
        double mean = json.get("all_chains").get("x.1").get("mean").asDouble();
        double ess = p.get("ess_bulk").asDouble() * 10;
        assertTrue(Math.abs(mean) < 5 / Math.sqrt(ess), "mean " + mean + " with ESS " + ess);
    }

    /** Warmup adapts the step size and a diagonal metric; the tuned step size is what the CSV records. */
    @Test
    void warmupAdaptsTheStepSizeAndMetric(@TempDir Path dir) throws Exception {
        int code = run("sample", "--target", "icg50", "--chains", "64", "--warmup", "300", "--draws", "100",
                "--backend", "java", "--out", dir.toString(), "--keep-chains", "2");
        assertEquals(0, code, err.toString());
        CmdStanCsv.Contents csv = CmdStanCsv.read(dir.resolve("chain-1.csv"));
        double step = csv.column("stepsize__")[0];
        // ICG-50 with a unit metric must use steps below 0.2 (stability); the adapted diagonal metric whitens
        // the target, so the tuned step is several times larger.
        assertTrue(step > 0.3, "adapted step size " + step);
        assertEquals("true", csv.settings().get("adapt"));
        assertEquals("diag", csv.settings().get("metric"));
        JsonNode run = new ObjectMapper().readTree(dir.resolve("summary.json").toFile()).get("run");
        double acceptance = run.get("mean_acceptance").asDouble();
        assertTrue(acceptance > 0.6 && acceptance < 0.97, "acceptance " + acceptance);
    }

    @Test
    void hisReportsALogNormaliserEstimate(@TempDir Path dir) throws Exception {
        int code = run("sample", "--target", "normal", "--dim", "2", "--sampler", "his", "--chains", "2000",
                "--draws", "5", "--steps", "5", "--step-size", "0.3", "--backend", "java", "--out", dir.toString());
        assertEquals(0, code, err.toString());
        JsonNode run = new ObjectMapper().readTree(dir.resolve("summary.json").toFile()).get("run");
        // log Z of exp(-|x|^2/2) in 2-d is log(2 pi); 5 standard errors (false-failure rate 5.7e-7).
        double logZ = run.get("log_z").asDouble(), se = run.get("log_z_se").asDouble();
        assertTrue(Math.abs(logZ - Math.log(2 * Math.PI)) < 5 * se, logZ + " +- " + se);
        assertTrue(Files.exists(dir.resolve("his-draws.csv")));
    }

    @Test
    void badOptionValuesExitNonZeroWithAClearMessage(@TempDir Path dir) {
        assertNotEquals(0, run("sample", "--target", "icg50", "--chains", "0", "--out", dir.toString()));
        assertTrue(err.toString().contains("--chains: 0"), err.toString());
        assertNotEquals(0, run("sample", "--target", "nosuch", "--out", dir.toString()));
        assertTrue(err.toString().contains("nosuch") && err.toString().contains("icg50"), err.toString());
        assertNotEquals(0, run("sample", "--target", "icg50", "--sampler", "nuts", "--out", dir.toString()));
        assertTrue(err.toString().contains("--sampler: 'nuts'"), err.toString());
        assertNotEquals(0, run("sample", "--target", "icg50", "--step-size", "-1", "--out", dir.toString()));
        assertTrue(err.toString().contains("--step-size: -1"), err.toString());
        assertNotEquals(0, run("sample", "--target", "icg50", "--backend", "cuda", "--out", dir.toString()));
        assertTrue(err.toString().contains("cuda"), err.toString());
        assertNotEquals(0, run("sample", "--target", "icg50", "--chains", "x", "--out", dir.toString()));
        assertNotEquals(0, run("sample", "--out", dir.toString()));
        assertTrue(err.toString().contains("exactly one"), err.toString());
        assertNotEquals(0, run("sample", "--target", "icg50", "--metric", "full", "--out", dir.toString()));
        assertTrue(err.toString().contains("--metric: 'full'"), err.toString());
    }

    /**
     * Kills a child `leapfrog sample` after a checkpoint, resumes it, and compares with an uninterrupted run. The
     * child runs without the Vector API module (scalar loops) and the resumed and uninterrupted runs in this JVM
     * with it (SIMD loops), so this also checks that both give the same draws.
     */
    @Test
    void aKilledRunResumesToExactlyTheUninterruptedDraws(@TempDir Path tmp) throws Exception {
        Path killed = tmp.resolve("killed"), full = tmp.resolve("full");
        String[] args = {"sample", "--target", "icg50", "--chains", "512", "--warmup", "20", "--draws", "1500",
            "--thin", "2", "--backend", "java", "--keep-chains", "3", "--checkpoint-every", "25", "--seed", "5"};
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LeapfrogCommand.class.getName()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--out", killed.toString()));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile())
                .start();
        Path checkpoint = killed.resolve("checkpoint.bin");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(checkpoint) || CmdStanCsv.read(killed.resolve("chain-1.csv")).rows() < 300) {
            assertTrue(child.isAlive(), "the child finished before it could be killed: " + Files.readString(tmp.resolve("child.log")));
            assertTrue(System.nanoTime() < deadline, "no checkpoint within 120 s");
            Thread.sleep(20);
        }
        child.destroyForcibly().waitFor();
        int rowsAtKill = CmdStanCsv.read(killed.resolve("chain-1.csv")).rows();
        assertTrue(rowsAtKill < 1500, "killed mid-way: " + rowsAtKill);

        String[] resume = concat(args, "--out", killed.toString(), "--resume");
        assertEquals(0, run(resume), err.toString());
        assertEquals(0, run(concat(args, "--out", full.toString())), err.toString());
        for (int c = 1; c <= 3; c++) {
            CmdStanCsv.Contents a = CmdStanCsv.read(killed.resolve("chain-" + c + ".csv"));
            CmdStanCsv.Contents b = CmdStanCsv.read(full.resolve("chain-" + c + ".csv"));
            assertEquals(1500, a.rows());
            assertArrayEquals(b.values(), a.values(), 0.0, "chain " + c);
        }
        JsonNode ja = new ObjectMapper().readTree(killed.resolve("summary.json").toFile());
        JsonNode jb = new ObjectMapper().readTree(full.resolve("summary.json").toFile());
        assertEquals(jb.get("parameters"), ja.get("parameters"));
        assertEquals(jb.get("all_chains"), ja.get("all_chains"));
        assertEquals(jb.get("run").get("gradient_evaluations"), ja.get("run").get("gradient_evaluations"));
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = new String[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
