package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.samplers.output.CmdStanCsv;
import org.leapfrog.samplers.output.LeapfrogVersion;

/** {@code leapfrog sample}, in-process, plus a resume after killing a child process mid-run. */
class SampleCommandTest extends InProcessCli {
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
        // Warmup (the initial gradient and 50 iterations) and sampling (200 iterations) counted apart; the
        // invocation's wall time covers both.
        JsonNode run = json.get("run");
        assertEquals(40L * (1 + 50 * 10), run.get("warmup_gradients").asLong());
        assertEquals(40L * 200 * 10, run.get("sampling_gradients").asLong());
        double warmupSeconds = run.get("warmup_seconds").asDouble(), sampling = run.get("sampling_seconds").asDouble();
        assertTrue(warmupSeconds > 0 && sampling > 0, run.toString());
        assertTrue(run.get("wall_seconds").asDouble() >= warmupSeconds + sampling, run.toString());
        assertEquals(run.get("wall_seconds"), run.get("wall_seconds_all_invocations"));
        assertEquals(0, run.get("resumed_after_draw").asLong());
        // The version the build recorded, in the summary and in every CSV header.
        String version = LeapfrogVersion.current().toString();
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+\\S*( \\(git \\S+\\))?"), version);
        assertEquals(version, run.get("leapfrog_version").asText());
        assertEquals(version, CmdStanCsv.read(dir.resolve("chain-1.csv")).settings().get("leapfrog_version"));
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
        // It says that it resumed, and after which draw: a checkpoint's draw, a multiple of 25.
        Matcher said = Pattern.compile("leapfrog: resuming the run in \\S+ from its checkpoint after draw (\\d+) of 1500")
                .matcher(err.toString());
        assertTrue(said.find(), err.toString());
        int resumedAfter = Integer.parseInt(said.group(1));
        assertTrue(resumedAfter >= 25 && resumedAfter < 1500 && resumedAfter % 25 == 0, "resumed after " + resumedAfter);
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
        // A resumed run counts gradients as the uninterrupted run does; its wall time over both invocations
        // covers the warmup and sampling time it reports.
        JsonNode ra = ja.get("run");
        assertEquals(jb.get("run").get("warmup_gradients"), ra.get("warmup_gradients"));
        assertEquals(jb.get("run").get("sampling_gradients"), ra.get("sampling_gradients"));
        assertEquals(resumedAfter, ra.get("resumed_after_draw").asLong());
        assertTrue(ra.get("wall_seconds_all_invocations").asDouble()
                >= ra.get("warmup_seconds").asDouble() + ra.get("sampling_seconds").asDouble(), ra.toString());
        assertTrue(ra.get("wall_seconds_all_invocations").asDouble() > ra.get("wall_seconds").asDouble(), ra.toString());
    }

    /** Defect: a target file with a C syntax error ended in a stack trace naming the assembled program's line. */
    @Test
    void aTargetFileThatDoesNotCompileNamesTheFileAndItsLine(@TempDir Path dir) throws Exception {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        Path bad = dir.resolve("bad.cl");
        Files.writeString(bad, "RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td) {\n"
                + "  RV s = 0\n"
                + "  for (int i = 0; i < DIM; i++) { g[i] = -x[i]; s += x[i] * x[i]; }\n"
                + "  return -0.5 * s;\n}\n");
        int code = run("sample", "--target-file", bad.toString(), "--dim", "2", "--backend", "opencl", "--chains", "8",
                "--warmup", "10", "--draws", "10", "--out", dir.resolve("out").toString());
        assertEquals(2, code, err.toString());
        String text = err.toString();
        assertTrue(text.startsWith("leapfrog: --target-file: " + bad + " does not compile"), text);
        assertTrue(text.contains("\n" + bad + ":2:"), "the user's line 2: " + text);
        assertTrue(text.contains("expected ';'"), "the compiler's text: " + text);
        assertTrue(text.contains("     2 |   RV s = 0"), "the offending line: " + text);
        assertEquals(1, text.split("leapfrog:", -1).length - 1, "one message: " + text);
        assertFalse(text.contains("Exception") || text.contains("\tat "), "no stack trace: " + text);
    }

    /** Defect: --out naming a file (or a path below one) ended in an UncheckedIOException's stack trace. */
    @Test
    void outNamingAFileIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "");
        for (Path out : List.of(file, file.resolve("below"))) {
            err.getBuffer().setLength(0);
            int code = run("sample", "--target", "normal", "--dim", "2", "--chains", "4", "--warmup", "2", "--draws",
                    "2", "--backend", "java", "--out", out.toString());
            assertEquals(2, code, err.toString());
            String line = err.toString().strip();
            assertFalse(line.contains("\n"), "one line: " + line);
            assertTrue(line.startsWith("leapfrog: --out: " + out + " "), line);
            assertTrue(line.contains("allowed: a directory"), line);
        }
        assertTrue(Files.isRegularFile(file));
    }

    /** Defect: --resume mixed two targets when the target file changed; it compared only the path. */
    @Test
    void resumeRefusesAnEditedTargetFile(@TempDir Path dir) throws Exception {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        Path target = dir.resolve("t.cl"), out = dir.resolve("out");
        String normal = "RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td) {\n  RV s = 0;\n"
                + "  for (int i = 0; i < DIM; i++) { g[i] = -x[i]; s += x[i] * x[i]; }\n  return -0.5 * s;\n}\n";
        Files.writeString(target, normal);
        String[] args = {"sample", "--target-file", target.toString(), "--dim", "2", "--backend", "opencl", "--chains",
            "8", "--warmup", "10", "--draws", "40", "--checkpoint-every", "10", "--out", out.toString()};
        assertEquals(0, run(args), err.toString());
        String hash = CmdStanCsv.read(out.resolve("chain-1.csv")).settings().get("target_file_sha256");
        assertTrue(hash.matches("[0-9a-f]{64}"), hash);

        Files.writeString(target, normal.replace("-0.5 * s", "-2.0 * s").replace("g[i] = -x[i]", "g[i] = -4.0 * x[i]"));
        err.getBuffer().setLength(0);
        assertEquals(2, run(concat(args, "--resume")), err.toString());
        String line = err.toString().strip();
        assertFalse(line.contains("\n"), "one line: " + line);
        assertTrue(line.startsWith("leapfrog: --resume: the checkpoint in " + out + " is of another run"), line);
        assertTrue(line.contains("target_file_sha256: " + hash + " in the checkpoint, "), line);
        assertFalse(line.contains("chains") || line.contains("{"), "only what differs: " + line);
        assertEquals(40, CmdStanCsv.read(out.resolve("chain-1.csv")).rows(), "the refused resume wrote nothing");
    }

    /** A refused resume names each differing setting with its two values, and only those. */
    @Test
    void resumeWithOtherSettingsNamesWhatDiffers(@TempDir Path dir) {
        String[] args = {"sample", "--target", "normal", "--dim", "2", "--backend", "java", "--chains", "8", "--warmup",
            "10", "--draws", "20", "--checkpoint-every", "10", "--out", dir.toString()};
        assertEquals(0, run(concat(args, "--seed", "1")), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run(concat(args, "--seed", "2", "--jitter", "0.25", "--resume")), err.toString());
        String line = err.toString().strip();
        assertTrue(line.contains("(jitter: 0.5 in the checkpoint, 0.25 now; seed: 1 in the checkpoint, 2 now)"), line);
        assertFalse(line.contains("\n") || line.contains("chains"), line);
    }

    /** Defect: --sampler mala recorded steps = 10 (the option's default) although it ran one step. */
    @Test
    void malaRecordsTheOneStepItRan(@TempDir Path dir) throws Exception {
        assertEquals(0, run("sample", "--target", "normal", "--dim", "2", "--sampler", "mala", "--backend", "java",
                "--chains", "8", "--warmup", "20", "--draws", "20", "--no-adapt", "--out", dir.toString()), err.toString());
        CmdStanCsv.Contents csv = CmdStanCsv.read(dir.resolve("chain-1.csv"));
        assertEquals("1", csv.settings().get("steps"));
        for (double steps : csv.column("n_leapfrog__")) {
            assertEquals(1.0, steps);
        }
        JsonNode json = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertEquals("1", json.get("settings").get("steps").asText());
        assertEquals(8L * (1 + 40), json.get("run").get("gradient_evaluations").asLong());
    }

    /**
     * Defect: bad values printed picocli's message and the whole usage, or named the library's parameter
     * ("dimension: 0"). Each must be one line naming the option, the value and what is allowed, exit 2.
     */
    @Test
    void everyBadOptionGivesOneLineNamingTheOptionTheValueAndWhatIsAllowed(@TempDir Path dir) {
        String[][] table = {
            // option, value, the rest of the command line after "sample"
            {"--step-size", "nan", "--target", "normal", "--dim", "2", "--step-size", "nan"},
            {"--step-size", "NaN", "--target", "normal", "--dim", "2", "--step-size", "NaN"},
            {"--step-size", "-1", "--target", "normal", "--dim", "2", "--step-size", "-1"},
            {"--dim", "0", "--target", "normal", "--dim", "0"},
            {"--dim", "x", "--target", "normal", "--dim", "x"},
            {"--dim", "3", "--target", "icg50", "--dim", "3"},
            {"--chains", "-3", "--target", "icg50", "--chains", "-3"},
            {"--chains", "x", "--target", "icg50", "--chains", "x"},
            {"--chains", "no value", "--target", "icg50", "--chains"},
            {"--sampler", "nuts", "--target", "icg50", "--sampler", "nuts"},
            {"--target", "nosuch", "--target", "nosuch"},
            {"--backend", "cuda", "--target", "icg50", "--backend", "cuda"},
            {"--device", "99", "--target", "icg50", "--backend", "opencl", "--device", "99"},
            {"--metric", "full", "--target", "icg50", "--metric", "full"},
            {"--thin", "0", "--target", "icg50", "--thin", "0"},
            {"--warmup", "-1", "--target", "icg50", "--warmup", "-1"},
            {"--draws", "0", "--target", "icg50", "--draws", "0"},
            {"--jitter", "1", "--target", "icg50", "--jitter", "1"},
            {"--beta0", "0", "--target", "icg50", "--sampler", "his", "--beta0", "0"},
            {"--keep-chains", "99", "--target", "icg50", "--chains", "8", "--keep-chains", "99"},
            {"--checkpoint-every", "-1", "--target", "icg50", "--checkpoint-every", "-1"},
            {"--seed", "x", "--target", "icg50", "--seed", "x"},
            {"--steps", "5", "--target", "icg50", "--sampler", "mala", "--steps", "5"},
            {"--chians", "3", "--target", "icg50", "--chians", "3"},
        };
        for (String[] row : table) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            String[] args = new String[row.length - 2 + 3];
            args[0] = "sample";
            System.arraycopy(row, 2, args, 1, row.length - 2);
            args[args.length - 2] = "--out";
            args[args.length - 1] = dir.toString();
            String what = String.join(" ", args);
            if (row[0].equals("--device") && !OpenClRequirement.availableOrFailInCi()) {
                continue; // without OpenCL the backend itself is the complaint
            }
            assertEquals(2, run(args), what + ": " + err);
            String text = err.toString();
            assertTrue(text.endsWith("\n") && text.indexOf('\n') == text.length() - 1, what + ": one line: " + text);
            assertTrue(text.startsWith("leapfrog: "), what + ": " + text);
            assertTrue(text.contains(row[0]), what + ": names the option: " + text);
            assertTrue(text.contains(row[1]), what + ": names the value: " + text);
            assertTrue(text.contains("allowed") || text.contains("did you mean"), what + ": says what is allowed: " + text);
            assertEquals("", out.toString(), what + ": no usage text");
        }
    }

}
