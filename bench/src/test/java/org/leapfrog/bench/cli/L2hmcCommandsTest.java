package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.leapfrog.bench.train.L2hmcTrainingJob;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.samplers.l2hmc.L2hmcModel;
import org.leapfrog.samplers.l2hmc.L2hmcTrainer;
import org.leapfrog.samplers.learned.LearnedModelFile;
import org.leapfrog.samplers.target.GaussianMixture;
import org.leapfrog.samplers.target.Target;

/** {@code leapfrog train l2hmc} and {@code leapfrog sample --sampler l2hmc}: files, resume, refusals. */
class L2hmcCommandsTest extends InProcessCli {
    @Test
    void trainWritesModelAndCurvesThenSampleUsesIt(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("mog.json");
        int rc = run("train", "l2hmc", "--target", "mog", "--iterations", "4", "--batch", "8", "--hidden", "4",
                "--steps", "2", "--backend", "java", "--out", model.toString());
        assertEquals(0, rc, err.toString());
        assertTrue(Files.isRegularFile(model));
        for (String m : new String[] {"loss", "acceptance", "step_size"}) {
            assertTrue(Files.size(dir.resolve("mog-" + m + ".png")) > 0, m + " curve");
        }
        assertTrue(out.toString().contains("trained l2hmc for mog: 4 iterations"), out.toString());
        Path run = dir.resolve("run");
        rc = run("sample", "--sampler", "l2hmc", "--model", model.toString(), "--target", "mog", "--backend", "java",
                "--chains", "16", "--warmup", "5", "--draws", "20", "--out", run.toString());
        assertEquals(0, rc, err.toString());
        assertTrue(Files.isRegularFile(run.resolve("summary.json")));
        assertTrue(Files.readString(run.resolve("summary.json")).contains("l2hmc"));
        assertTrue(Files.isRegularFile(run.resolve("chain-1.csv")));
        rc = run("sample", "--sampler", "l2hmc", "--model", model.toString(), "--target", "scg", "--backend", "java",
                "--out", dir.resolve("other").toString());
        assertEquals(2, rc);
        assertTrue(err.toString().contains("trained for target 'mog'"), err.toString());
        rc = run("sample", "--sampler", "l2hmc", "--target", "mog", "--out", dir.resolve("none").toString());
        assertEquals(2, rc);
        assertTrue(err.toString().contains("--model: missing"), err.toString());
    }

    /**
     * A run interrupted after a checkpoint and resumed gives the model of an uninterrupted run, bit for bit, with
     * either jump (the standardised one also carries its moving-average scales in the checkpoint).
     */
    @ParameterizedTest
    @EnumSource(L2hmcTrainer.Jump.class)
    void resumedTrainingEqualsAnUninterruptedRun(L2hmcTrainer.Jump jump, @TempDir Path dir) {
        Target t = GaussianMixture.mog2();
        L2hmcModel initial = L2hmcModel.initial(t.name(), 2, 2, 4, 0.1, 3);
        L2hmcTrainer.Settings s = new L2hmcTrainer.Settings(6, 8, 1e-2, 1000, 0.96, 1.0, 0.1, 2.0, 0.8, 12)
                .withJump(jump);
        Path whole = dir.resolve("whole.json");
        new L2hmcTrainingJob(t, initial, s, whole, 0, 1, false, false).run(Engine.java());
        Path resumed = dir.resolve("resumed.json");
        try (L2hmcTrainer tr = new L2hmcTrainer(Engine.java(), t, initial, s)) {
            for (int i = 0; i < 3; i++) {
                tr.step();
                tr.record(0);
            }
            tr.checkpoint().write(L2hmcTrainingJob.checkpointFile(resumed));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        new L2hmcTrainingJob(t, initial, s, resumed, 0, 1, true, false).run(Engine.java());
        assertArrayEquals(LearnedModelFile.read(whole).parameter("weights"),
                LearnedModelFile.read(resumed).parameter("weights"));
        assertTrue(!Files.exists(L2hmcTrainingJob.checkpointFile(resumed)), "checkpoint removed after the run");
    }

    /** A snapshot after N iterations is the model a run of N iterations writes (no annealing: T0 = 1). */
    @Test
    void snapshotsEqualShorterRuns(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("mog.json");
        String[] common = {"--target", "mog", "--batch", "8", "--hidden", "4", "--steps", "2", "--backend", "java",
                "--temperature", "1"};
        int rc = run(concat(new String[] {"train", "l2hmc", "--iterations", "6", "--snapshot-every", "3", "--out",
                model.toString()}, common));
        assertEquals(0, rc, err.toString());
        assertTrue(Files.isRegularFile(dir.resolve("mog-iter3.json")));
        assertTrue(!Files.exists(dir.resolve("mog-iter6.json")), "the last iteration is the model itself");
        Path shorter = dir.resolve("short").resolve("mog.json");
        rc = run(concat(new String[] {"train", "l2hmc", "--iterations", "3", "--out", shorter.toString()}, common));
        assertEquals(0, rc, err.toString());
        LearnedModelFile snap = LearnedModelFile.read(dir.resolve("mog-iter3.json"));
        assertArrayEquals(LearnedModelFile.read(shorter).parameter("weights"), snap.parameter("weights"), 0.0);
        assertEquals(3, ((Number) snap.training().get("iterations_done")).intValue());
        rc = run(concat(new String[] {"train", "l2hmc", "--iterations", "2", "--snapshot-every", "-1", "--out",
                dir.resolve("bad.json").toString()}, common));
        assertEquals(2, rc);
        assertTrue(err.toString().contains("snapshot-every: -1"), err.toString());
    }

    /** {@code bench l2hmc --models}: scores a given model (no training), reports the second-moment ESS, no speed part. */
    @Test
    void benchScoresGivenModels(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("mog.json");
        int rc = run("train", "l2hmc", "--target", "mog", "--iterations", "4", "--batch", "8", "--hidden", "4",
                "--steps", "2", "--backend", "java", "--out", model.toString());
        assertEquals(0, rc, err.toString());
        Path out = dir.resolve("bench");
        rc = run("bench", "l2hmc", "--quick", "--targets", "mog", "--models", "mog=" + model, "--no-speed", "--no-peers",
                "--out", out.toString());
        assertEquals(0, rc, err.toString());
        String json = Files.readString(out.resolve("l2hmc.json"));
        assertTrue(json.contains("\"ess_second_moment_geyer_min_per_chain_step\""), json);
        assertTrue(json.contains("\"train_iterations\" : 4"), json);
        assertTrue(json.contains("--no-speed"), json);
        // No ratio exceeds its ceiling (1 / the baseline's ESS per MH step: the estimator's cap is 1).
        com.fasterxml.jackson.databind.JsonNode ratio = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json)
                .path("ratios").get(0);
        for (String base : new String[] {"paper_style", "vs_best_hmc"}) {
            double ceiling = ratio.path("ratio_" + base + "_ceiling").asDouble();
            String hmcKey = base.equals("paper_style") ? "hmc_paper_ess_per_mh_step" : "hmc_best_ess_per_mh_step";
            assertEquals(1.0 / ratio.path(hmcKey).asDouble(), ceiling, 1e-12 * ceiling, ratio.toString());
            assertTrue(ratio.path("ratio_" + base).asDouble() <= ceiling, ratio.toString());
        }
        assertTrue(!Files.exists(out.resolve("model-mog.json")), "the given model is scored, not retrained");
        Path only = dir.resolve("only");
        rc = run("bench", "l2hmc", "--quick", "--targets", "mog", "--models", "mog=" + model, "--no-speed", "--no-hmc",
                "--out", only.toString());
        assertEquals(0, rc, err.toString());
        String onlyJson = Files.readString(only.resolve("l2hmc.json"));
        assertTrue(onlyJson.contains("\"sampler\" : \"l2hmc\"") && !onlyJson.contains("\"sampler\" : \"hmc\""), onlyJson);
        rc = run("bench", "l2hmc", "--quick", "--targets", "mog", "--models", "scg=" + model, "--out", out.toString());
        assertEquals(2, rc);
        assertTrue(err.toString().contains("models: a model for 'scg'"), err.toString());
    }

}
