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

/** {@code leapfrog train vae|hvae} end to end on tiny subsets (Java backend), resume, and option errors. */
class TrainVaeCommandTest extends InProcessCli {
    private static final String[] SMALL = {"--arch", "mlp", "--latent", "4", "--hidden", "16", "--train-subset", "200",
        "--validation-subset", "100", "--test-subset", "2", "--nll-samples", "10", "--nll-repeats", "2",
        "--backend", "java"};

    private static String[] args(String cmd, Path out, int epochs, String... more) {
        String[] a = new String[4 + SMALL.length + 4 + more.length];
        a[0] = "train";
        a[1] = cmd;
        a[2] = "--out";
        a[3] = out.toString();
        System.arraycopy(SMALL, 0, a, 4, SMALL.length);
        a[4 + SMALL.length] = "--epochs";
        a[5 + SMALL.length] = Integer.toString(epochs);
        a[6 + SMALL.length] = "--batch";
        a[7 + SMALL.length] = "50";
        System.arraycopy(more, 0, a, 8 + SMALL.length, more.length);
        return a;
    }

    @Test
    void trainsResumesAndWritesItsOutputs(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("vae");
        assertEquals(0, run(args("vae", out, 1)), err.toString());
        for (String f : new String[] {"model.params.json", "report.json", "report.md", "reconstructions.png",
                "prior-samples.png", "curves.png", "checkpoint/checkpoint.bin"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertEquals(0, run(args("vae", out, 2, "--resume")), err.toString());
        JsonNode r = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(2, r.path("epochs").asInt());
        assertEquals(2, r.path("history").size());
        assertTrue(r.path("test_nll").asDouble() > 0);
        assertTrue(err.toString().contains("resumed after epoch 1"), err.toString());
        assertTrue(out().contains("test NLL"), out());
    }

    @Test
    void hvaeTrains(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("hvae");
        assertEquals(0, run(args("hvae", out, 1, "--steps", "2", "--tempering", "fixed", "--eps-mode", "shared",
                "--no-nll")), err.toString());
        JsonNode r = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("hvae-k2-fixed-shared", r.path("model").asText());
    }

    @Test
    void badOptionsAreOneLine(@TempDir Path dir) {
        assertEquals(2, run("train", "vae", "--arch", "resnet", "--out", dir.toString()));
        assertTrue(err.toString().contains("arch: 'resnet'; allowed: mlp, conv"), err.toString());
        assertEquals(2, run("train", "hvae", "--tempering", "hot", "--arch", "mlp", "--train-subset", "100",
                "--backend", "java", "--out", dir.toString()));
        assertTrue(err.toString().contains("--tempering: 'hot'; allowed: none, fixed, free"), err.toString());
    }

    private String out() {
        return out.toString();
    }
}
