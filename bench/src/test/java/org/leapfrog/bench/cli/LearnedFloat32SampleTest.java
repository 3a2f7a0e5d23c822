package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.samplers.l2hmc.L2hmcModel;
import org.leapfrog.samplers.neural.NeuralFlow;
import org.leapfrog.samplers.output.CmdStanCsv;

/**
 * {@code leapfrog sample --sampler l2hmc|neural --precision float32}: the outputs record the precision, the
 * sampler moves the chains, and a killed run resumes to exactly the draws of an uninterrupted one (on OpenCL,
 * where the float kernel evaluates the target at the float position in the step and at the resume alike; the
 * Java twin evaluates it at the unrounded double position it integrated, so its resumed draws are close but not
 * the same bits).
 */
class LearnedFloat32SampleTest extends InProcessCli {
    /** A model for ICG-50 (small networks, perturbed off zero so they matter). */
    private static Path model(String sampler, Path dir) throws Exception {
        Path file = dir.resolve(sampler + "-icg50.json");
        if (sampler.equals("l2hmc")) {
            L2hmcModel m = L2hmcModel.initial("icg50", 50, 3, 8, 0.1, 3);
            double[] w = m.weights();
            java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
            for (int i = 0; i < m.layout().epsIndex(); i++) {
                w[i] += 0.01 * rng.nextGaussian();
            }
            m.withWeights(w).toFile(Map.of()).write(file);
        } else {
            NeuralFlow flow = NeuralFlow.create(50, 8, 1, 5);
            double[] w = flow.initialWeights(0.05, 6);
            java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
            for (int i = 0; i < w.length - 1; i++) {
                w[i] += 0.01 * rng.nextGaussian();
            }
            flow.toModel("icg50", w, Map.of()).write(file);
        }
        return file;
    }

    /** Java backend: CSV and summary.json say float32, every chain moved, the pooled mean is near 0. */
    @ParameterizedTest
    @ValueSource(strings = {"l2hmc", "neural"})
    void samplesInFloat32AndRecordsIt(String sampler, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        int rc = run("sample", "--sampler", sampler, "--model", model(sampler, dir).toString(), "--target", "icg50",
                "--precision", "float32", "--backend", "java", "--chains", "32", "--warmup", "20", "--draws", "40",
                "--keep-chains", "2", "--out", out.toString());
        assertEquals(0, rc, err.toString());
        CmdStanCsv.Contents csv = CmdStanCsv.read(out.resolve("chain-1.csv"));
        assertEquals("float32", csv.settings().get("precision"));
        assertEquals(sampler, csv.settings().get("sampler"));
        assertEquals(40, csv.rows());
        JsonNode json = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals("float32", json.get("settings").get("precision").asText());
        double accept = json.get("run").get("mean_acceptance").asDouble();
        assertTrue(accept > 0.2 && accept <= 1.0, "mean acceptance " + accept);
        // x.50 has sd 10 in ICG-50: a pooled mean beyond 5 sd of one draw would mean broken output, not noise
        double mean = json.get("all_chains").get("x.50").get("mean").asDouble();
        assertTrue(Math.abs(mean) < 5 * 10, "pooled mean of x.50: " + mean);
    }

    /**
     * Kills a child {@code sample --precision float32} after a checkpoint, resumes it and compares with an
     * uninterrupted run: the same draws bit for bit, the same summary (OpenCL).
     */
    @ParameterizedTest
    @ValueSource(strings = {"l2hmc", "neural"})
    void aKilledFloat32RunResumesToTheUninterruptedDraws(String sampler, @TempDir Path tmp) throws Exception {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        Path killed = tmp.resolve("killed"), full = tmp.resolve("full");
        String[] args = {"sample", "--sampler", sampler, "--model", model(sampler, tmp).toString(), "--target", "icg50",
            "--precision", "float32", "--backend", "opencl", "--chains", "512", "--warmup", "20", "--draws", "400",
            "--keep-chains", "2", "--checkpoint-every", "25", "--seed", "9"};
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LeapfrogCommand.class.getName()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--out", killed.toString()));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.log").toFile()).start();
        Path checkpoint = killed.resolve("checkpoint.bin");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(checkpoint) || CmdStanCsv.read(killed.resolve("chain-1.csv")).rows() < 40) {
            assertTrue(child.isAlive(), "the child finished before it could be killed: "
                    + Files.readString(tmp.resolve("child.log")));
            assertTrue(System.nanoTime() < deadline, "no checkpoint within 120 s");
            Thread.sleep(10);
        }
        child.destroyForcibly().waitFor();
        int rowsAtKill = CmdStanCsv.read(killed.resolve("chain-1.csv")).rows();
        assertTrue(rowsAtKill < 400, "killed mid-way: " + rowsAtKill);
        assertEquals(0, run(concat(args, "--out", killed.toString(), "--resume")), err.toString());
        assertTrue(err.toString().contains("resuming the run in"), err.toString());
        assertEquals(0, run(concat(args, "--out", full.toString())), err.toString());
        for (int c = 1; c <= 2; c++) {
            CmdStanCsv.Contents a = CmdStanCsv.read(killed.resolve("chain-" + c + ".csv"));
            CmdStanCsv.Contents b = CmdStanCsv.read(full.resolve("chain-" + c + ".csv"));
            assertEquals(400, a.rows());
            assertEquals("float32", a.settings().get("precision"));
            assertArrayEquals(b.values(), a.values(), 0.0, "chain " + c);
        }
        JsonNode ja = new ObjectMapper().readTree(killed.resolve("summary.json").toFile());
        JsonNode jb = new ObjectMapper().readTree(full.resolve("summary.json").toFile());
        assertEquals(jb.get("all_chains"), ja.get("all_chains"));
        assertEquals("float32", ja.get("settings").get("precision").asText());
    }

}
