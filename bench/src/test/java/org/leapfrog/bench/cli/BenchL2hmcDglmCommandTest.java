package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench l2hmc-dglm} end to end on a tiny budget: the JSON rows, the report and the PNGs. */
class BenchL2hmcDglmCommandTest extends InProcessCli {
    @Test
    void writesRowsReportAndPictures(@TempDir Path dir) throws IOException {
        Path o = dir.resolve("dglm");
        int code = run("bench", "l2hmc-dglm", "--quick", "--epochs", "1", "--train-subset", "100", "--test-subset", "2",
                "--validation-subset", "100", "--is-samples", "20", "--eval-chains", "4", "--eval-steps", "2", "--sweeps", "2", "--backend", "java", "--out", o.toString());
        assertEquals(0, code, err.toString());
        JsonNode root = new ObjectMapper().readTree(o.resolve("l2hmc-dglm.json").toFile());
        assertEquals(2, root.path("rows").size());
        assertEquals("vae", root.path("rows").get(0).path("model").asText());
        assertEquals("l2hmc-dglm", root.path("rows").get(1).path("model").asText());
        for (JsonNode r : root.path("rows")) {
            for (String f : new String[] {"model", "dataset", "epochs", "train_seconds", "test_loglik", "test_loglik_sd",
                    "acceptance"}) {
                assertTrue(r.has(f), r.path("model").asText() + " has " + f);
            }
            assertEquals(1, r.path("epochs").asInt());
            assertTrue(r.path("test_loglik").asDouble() < 0, "a log-likelihood of binary images: " + r);
        }
        assertTrue(root.path("rows").get(0).path("acceptance").isNull(), "the VAE has no acceptance");
        double acc = root.path("rows").get(1).path("acceptance").asDouble();
        assertTrue(acc > 0 && acc <= 1, "DGLM acceptance " + acc);
        for (String f : new String[] {"l2hmc-dglm.md", "inpainting-q.png", "inpainting-l2hmc.png",
                "l2hmc-dglm-curves.png", "l2hmc-dglm-sampler.png", "vae/model.params.json",
                "l2hmc-dglm/checkpoint/dglm-checkpoint.json"}) {
            assertTrue(Files.size(o.resolve(f)) > 0, f);
        }
        assertTrue(out.toString().contains("paired difference"), out.toString());
    }

    @Test
    void refusesZeroTransitions(@TempDir Path dir) {
        int code = run("bench", "l2hmc-dglm", "--quick", "--mh-steps", "0", "--out", dir.toString());
        assertTrue(code != 0);
        assertTrue(err.toString().contains("--mh-steps"), err.toString());
    }
}
