package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leapfrog.runtime.OpenClRequirement;

/**
 * {@code leapfrog sample} with HMC/MALA statistics inside the step kernel ({@code -Dleapfrog.sample.pipeline=step},
 * the default for float64 HMC and MALA) writes exactly what the host loop ({@code host}, the reference) writes: the
 * same CSV bytes and the same summary apart from timings and the mean acceptance. That one adds per-chain sums in
 * chain order, as the separate statistics launch ({@code device}) does, instead of the host loop's one running sum
 * (so the step and device pipelines agree exactly, and the host loop within 1e-12 relative: the last digit or two).
 */
class SampleStepStatisticsTest extends SamplePipelineRuns {
    @ParameterizedTest
    @ValueSource(strings = {"java", "opencl"})
    void statisticsInTheStepWriteWhatTheHostLoopWrote(String backend, @TempDir Path dir) throws Exception {
        if (backend.equals("opencl")) {
            assumeTrue(OpenClRequirement.availableOrFailInCi());
        }
        // Window adaptation, thinning and a chain count off the lane width; MALA without adaptation, fast numerics;
        // ChEES adaptation.
        String[][] cases = {
            {"sample", "--target", "icg50", "--chains", "101", "--warmup", "100", "--draws", "40", "--thin", "2",
                "--keep-chains", "4", "--backend", backend, "--seed", "9"},
            {"sample", "--sampler", "mala", "--target", "german", "--chains", "77", "--warmup", "20", "--draws", "30",
                "--no-adapt", "--keep-chains", "3", "--numerics", "fast", "--backend", backend, "--seed", "3"},
            // ChEES: L jittered every iteration (a launch parameter of the in-step kernel; n_leapfrog__ per draw).
            {"sample", "--target", "german", "--adapt", "chees", "--chains", "101", "--warmup", "60", "--draws", "30",
                "--thin", "2", "--keep-chains", "4", "--backend", backend, "--seed", "5"}};
        for (int k = 0; k < cases.length; k++) {
            Path host = dir.resolve("host" + k), step = dir.resolve("step" + k), auto = dir.resolve("auto" + k);
            JsonNode a = sample(host, "host", cases[k]);
            JsonNode b = sample(step, "step", cases[k]);
            JsonNode c = sample(auto, null, cases[k]);
            JsonNode d = sample(dir.resolve("device" + k), "device", cases[k]);
            int kept = Integer.parseInt(cases[k][List.of(cases[k]).indexOf("--keep-chains") + 1]);
            for (int ch = 1; ch <= kept; ch++) {
                Path f = Path.of("chain-" + ch + ".csv");
                assertEquals(Files.readString(host.resolve(f)), Files.readString(step.resolve(f)), "case " + k + " " + f);
                assertEquals(Files.readString(host.resolve(f)), Files.readString(auto.resolve(f)), "case " + k + " " + f);
            }
            assertTrue(Files.notExists(step.resolve("chain-" + (kept + 1) + ".csv")));
            assertEquals(Files.readString(host.resolve("summary.csv")), Files.readString(step.resolve("summary.csv")));
            double acceptance = a.get("run").get("mean_acceptance").asDouble();
            assertTrue(acceptance > 0.05 && acceptance < 0.999, "acceptance " + acceptance);
            assertEquals(acceptance, b.get("run").get("mean_acceptance").asDouble(), 1e-12 * acceptance,
                    "case " + k + ": mean acceptance, host loop against the step's per-chain sums");
            assertEquals(d.get("run").get("mean_acceptance").asDouble(), b.get("run").get("mean_acceptance").asDouble(),
                    0.0, "case " + k + ": mean acceptance, the separate launch's per-chain sums against the step's");
            for (JsonNode j : List.of(a, b, c)) {
                TIMING.forEach(((ObjectNode) j.get("run"))::remove);
            }
            ((ObjectNode) a.get("run")).remove("mean_acceptance");
            JsonNode bWithout = b.deepCopy();
            ((ObjectNode) bWithout.get("run")).remove("mean_acceptance");
            assertEquals(a, bWithout, "case " + k + ": summary.json apart from timings and the mean acceptance");
            assertEquals(b, c, "case " + k + ": the default is the in-step pipeline, same output");
        }
    }

    /** The in-step pipeline is only for float64 HMC and MALA; asking for it elsewhere names what is allowed. */
    @Test
    void stepPipelineRefusesFloat32(@TempDir Path dir) {
        String before = System.getProperty("leapfrog.sample.pipeline");
        System.setProperty("leapfrog.sample.pipeline", "step");
        try {
            int code = run("sample", "--target", "normal", "--dim", "3", "--chains", "8", "--warmup", "2", "--draws",
                    "2", "--no-adapt", "--precision", "float32", "--backend", "java", "--out", dir.toString());
            assertNotEquals(0, code);
            assertTrue(err.toString().contains("-Dleapfrog.sample.pipeline=step: sampler hmc in float32; allowed: "
                    + "hmc or mala in float64"), err.toString());
        } finally {
            if (before == null) {
                System.clearProperty("leapfrog.sample.pipeline");
            } else {
                System.setProperty("leapfrog.sample.pipeline", before);
            }
        }
    }
}
