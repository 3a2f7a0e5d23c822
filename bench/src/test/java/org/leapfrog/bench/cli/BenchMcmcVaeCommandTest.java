package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code leapfrog bench mcmc-vae} end to end on a tiny protocol (Java backend), resume, and option errors. */
class BenchMcmcVaeCommandTest extends InProcessCli {
    private static String[] args(Path out, String... more) {
        String[] base = {"bench", "mcmc-vae", "--out", out.toString(), "--backend", "java", "--latent", "2",
            "--pretrain-epochs", "1", "--mcmc-epochs", "1", "--train-subset", "100", "--validation-subset", "50",
            "--test-subset", "3", "--is-samples", "20", "--is-repeats", "2", "--mh-steps", "1", "--leapfrog-steps", "2",
            "--eval-chains", "4", "--runs", "1", "--models", "vae,gradHMC,dsHMC", "--preconditioner", "LT",
            "--no-dglm", "--no-linear"};
        String[] a = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, a, base.length, more.length);
        return a;
    }

    @Test
    void writesRowsPicturesAndResumes(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("m");
        assertEquals(0, run(args(out)), err.toString());
        JsonNode root = new ObjectMapper().readTree(out.resolve("mcmc-vae.json").toFile());
        assertEquals(3, root.path("rows").size());
        for (JsonNode r : root.path("rows")) {
            for (String f : new String[] {"model", "dataset", "epochs", "train_seconds", "test_loglik", "test_loglik_sd",
                    "acceptance", "preconditioner", "mh_steps", "step_size"}) {
                assertTrue(r.has(f), r.path("model").asText() + " lacks " + f);
            }
            assertTrue(r.path("test_loglik").asDouble() < 0, r.toString());
            assertEquals(2, r.path("epochs").asInt());
        }
        assertEquals("LT", root.path("rows").get(1).path("preconditioner").asText());
        assertTrue(root.path("rows").get(1).path("acceptance").asDouble() > 0);
        assertTrue(Files.isRegularFile(out.resolve("mcmc-vae.md")));
        assertTrue(Files.isRegularFile(out.resolve("run-0/gradHMC/reconstructions.png")));
        assertTrue(Files.isRegularFile(out.resolve("run-0/gradHMC/samples.png")));
        assertTrue(Files.isRegularFile(out.resolve("run-0/pretrain/checkpoint/checkpoint.bin")));
        assertTrue(root.path("comparisons").size() >= 2, root.path("comparisons").toString());
        double before = root.path("rows").get(1).path("test_loglik").asDouble();
        assertEquals(0, run(args(out, "--resume")), err.toString());
        assertTrue(err.toString().contains("gradHMC: already done"), err.toString());
        JsonNode again = new ObjectMapper().readTree(out.resolve("mcmc-vae.json").toFile());
        assertEquals(before, again.path("rows").get(1).path("test_loglik").asDouble(), 0.0);
    }

    @Test
    void badOptionsAreRefusedWithTheirNames(@TempDir Path dir) {
        assertNotEquals(0, run("bench", "mcmc-vae", "--out", dir.toString(), "--backend", "java", "--no-dglm", "--no-linear",
                "--preconditioner", "XX"));
        assertTrue(err.toString().contains("--preconditioner: 'XX'; allowed: D or LT"), err.toString());
        assertNotEquals(0, run("bench", "mcmc-vae", "--quick", "--full", "--out", dir.toString()));
        assertNotEquals(0, run("bench", "mcmc-vae", "--models", "nope", "--out", dir.toString(), "--backend", "java"));
        assertTrue(err.toString().contains("models: 'nope'"), err.toString());
    }
}
