package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leapfrog.runtime.OpenClRequirement;

/**
 * {@code leapfrog sample} with its statistics on the device (the default) writes what the former host loop
 * ({@code -Dleapfrog.sample.pipeline=host}, kept as the reference) writes for the same options: the same CSV
 * bytes, and the same summary except for timings and the mean acceptance, which adds per-chain sums instead of
 * one running sum (equal within 1e-12 relative; measured: the last one or two digits).
 */
class SamplePipelineTest extends SamplePipelineRuns {
    @ParameterizedTest
    @ValueSource(strings = {"java", "opencl"})
    void deviceStatisticsWriteWhatTheHostLoopWrote(String backend, @TempDir Path dir) throws Exception {
        if (backend.equals("opencl")) {
            assumeTrue(OpenClRequirement.availableOrFailInCi());
        }
        // Window adaptation, thinning, a chain count off the lane width, float64; then float32 without adaptation.
        String[][] cases = {
            {"sample", "--target", "icg50", "--chains", "101", "--warmup", "100", "--draws", "40", "--thin", "2",
                "--keep-chains", "4", "--backend", backend, "--seed", "9"},
            {"sample", "--target", "german", "--chains", "77", "--warmup", "20", "--draws", "40", "--no-adapt",
                "--keep-chains", "3", "--precision", "float32", "--backend", backend, "--seed", "3"}};
        for (int k = 0; k < cases.length; k++) {
            Path host = dir.resolve("host" + k), device = dir.resolve("device" + k);
            JsonNode a = sample(host, "host", cases[k]);
            JsonNode b = sample(device, "device", cases[k]);
            int kept = Integer.parseInt(cases[k][List.of(cases[k]).indexOf("--keep-chains") + 1]);
            for (int c = 1; c <= kept; c++) {
                Path f = Path.of("chain-" + c + ".csv");
                assertEquals(Files.readString(host.resolve(f)), Files.readString(device.resolve(f)), "case " + k + " " + f);
            }
            assertTrue(Files.notExists(device.resolve("chain-" + (kept + 1) + ".csv")));
            assertEquals(Files.readString(host.resolve("summary.csv")), Files.readString(device.resolve("summary.csv")));
            double accA = a.get("run").get("mean_acceptance").asDouble(), accB = b.get("run").get("mean_acceptance").asDouble();
            assertEquals(accA, accB, 1e-12 * accA, "mean acceptance");
            for (JsonNode j : List.of(a, b)) {
                ObjectNode run = (ObjectNode) j.get("run");
                TIMING.forEach(run::remove);
                run.remove("mean_acceptance");
            }
            assertEquals(a, b, "case " + k + ": summary.json apart from timings and the mean acceptance");
            assertTrue(b.get("run").get("divergences").asLong() >= 0);
        }
    }
}
