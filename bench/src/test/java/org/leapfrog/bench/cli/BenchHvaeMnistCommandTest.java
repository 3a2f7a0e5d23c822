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
}
