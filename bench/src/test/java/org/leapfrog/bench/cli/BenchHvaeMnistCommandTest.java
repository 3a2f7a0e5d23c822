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

/** {@code leapfrog bench hvae-mnist} on tiny subsets (Java backend, no PyTorch): rows, shared pretraining, errors. */
class BenchHvaeMnistCommandTest extends InProcessCli {
    private static String[] args(Path out, String models, String... more) {
        String[] base = {"bench", "hvae-mnist", "--arch", "mlp", "--models", models, "--epochs", "1",
            "--train-subset", "100", "--validation-subset", "50", "--test-subset", "2", "--nll-samples", "5",
            "--speed-steps", "0", "--no-peers", "--backend", "java", "--out", out.toString()};
        String[] a = new String[base.length + more.length];
        System.arraycopy(base, 0, a, 0, base.length);
        System.arraycopy(more, 0, a, base.length, more.length);
        return a;
    }

    @Test
    void pretrainedRunsStartFromTheSharedVae(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("pre");
        assertEquals(0, run(args(out, "vae,hvae-k1-free-shared", "--pretrain-epochs", "1")), err.toString());
        assertTrue(Files.isRegularFile(out.resolve("pretrain-vae/model.params.json")));
        JsonNode root = new ObjectMapper().readTree(out.resolve("hvae-mnist.json").toFile());
        assertEquals(1, root.path("pretrain_epochs").asInt());
        assertEquals(2, root.path("rows").size());
        for (JsonNode row : root.path("rows")) {
            assertEquals(1, row.path("pretrain_epochs").asInt());
            assertEquals(1, row.path("epochs").asInt());
            assertTrue(row.path("test_nll").asDouble() > 0, row.toString());
        }
        // Without pretraining the VAE row starts from the architecture's initialisation: a different model.
        Path fresh = dir.resolve("fresh");
        assertEquals(0, run(args(fresh, "vae")), err.toString());
        JsonNode f = new ObjectMapper().readTree(fresh.resolve("hvae-mnist.json").toFile());
        assertEquals(0, f.path("pretrain_epochs").asInt());
        assertNotEquals(root.path("rows").get(0).path("best_validation_elbo").asDouble(),
                f.path("rows").get(0).path("best_validation_elbo").asDouble());
    }

    @Test
    void negativePretrainingIsRefused(@TempDir Path dir) {
        assertEquals(2, run(args(dir, "vae", "--pretrain-epochs", "-1")));
        assertTrue(err.toString().contains("pretrainEpochs: -1; allowed: 0 or more"), err.toString());
    }

    @Test
    void theFlowStartsAtThePapersMnistStartOrWhereAsked(@TempDir Path dir) throws IOException {
        Path paper = dir.resolve("paper");
        assertEquals(0, run(args(paper, "hvae-k1-free-shared")), err.toString());
        JsonNode root = new ObjectMapper().readTree(paper.resolve("hvae-mnist.json").toFile());
        assertEquals("paper MNIST code", root.path("hvae_flow_start").path("source").asText());
        // One Adamax step (lr 1e-3 on the logit) moves a step size by about 1e-4.
        assertEquals(0.2, stepSize(paper.resolve("hvae-k1-free-shared/model.params.json")), 1e-3);

        Path asked = dir.resolve("asked");
        assertEquals(0, run(args(asked, "hvae-k1-free-shared", "--eps0", "0.02", "--beta0", "0.5")), err.toString());
        JsonNode a = new ObjectMapper().readTree(asked.resolve("hvae-mnist.json").toFile()).path("hvae_flow_start");
        assertEquals(0.02, a.path("eps0").asDouble(), 0.0);
        assertEquals(0.5, a.path("beta0").asDouble(), 0.0);
        assertEquals(0.02, stepSize(asked.resolve("hvae-k1-free-shared/model.params.json")), 1e-3);
    }

    /** The first step size of a saved HVAE (xi = 0.5), after the one training step of these runs. */
    private static double stepSize(Path params) throws IOException {
        for (JsonNode p : new ObjectMapper().readTree(params.toFile()).path("parameters")) {
            if (p.path("name").asText().startsWith("hvae.eps")) {
                return 0.5 / (1.0 + Math.exp(-p.path("values").get(0).asDouble()));
            }
        }
        throw new AssertionError("no step size in " + params);
    }

    @Test
    void badFlowStartsAreRefused(@TempDir Path dir) {
        assertEquals(2, run(args(dir, "hvae-k1-free-shared", "--eps0", "0.7")));
        assertTrue(err.toString().contains("--eps0: 0.7; allowed: 0 < eps0 < 0.5"), err.toString());
        assertEquals(2, run(args(dir, "hvae-k1-free-shared", "--beta0", "1.5")));
        assertTrue(err.toString().contains("--beta0: 1.5; allowed: 0 < beta0 < 1"), err.toString());
    }
}
