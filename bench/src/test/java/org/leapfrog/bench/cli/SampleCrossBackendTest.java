package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leapfrog.runtime.OpenClRequirement;
import picocli.CommandLine;

/**
 * {@code leapfrog sample --adapt window} (window adaptation of step size and diagonal metric, jitter; the default
 * before ChEES, which {@link SampleCheesTest} covers) writes the same draws on OpenCL and on Java, bit for bit: every value that feeds adaptation (acceptance
 * probabilities, positions) is computed with the same operations on both backends and reduced on the host in
 * a fixed order. Compared: every written chain's CSV (draws, accept_stat__, the adapted stepsize__, energy) and
 * the all-chain summary.csv; only the backend and device header lines may differ.
 */
class SampleCrossBackendTest {
    /** 600 iterations (300 warmup, 300 kept); German credit with 256 chains to keep the suite short. */
    @ParameterizedTest
    @CsvSource({"icg50, 2048", "german, 256"})
    void defaultSampleWritesIdenticalDrawsOnOpenClAndJava(String target, int chains, @TempDir Path dir)
            throws IOException {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        assertSameDraws(target, chains, dir);
    }

    /** The German credit size, 2048 chains (about two minutes on two cores): -Dleapfrog.fullCrossBackend=true. */
    @ParameterizedTest
    @CsvSource({"german, 2048"})
    @EnabledIfSystemProperty(named = "leapfrog.fullCrossBackend", matches = "true")
    void germanCreditAt2048ChainsWritesIdenticalDraws(String target, int chains, @TempDir Path dir)
            throws IOException {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        assertSameDraws(target, chains, dir);
    }

    private static void assertSameDraws(String target, int chains, Path dir) throws IOException {
        Path java = dir.resolve("java"), ocl = dir.resolve("opencl");
        sample(target, chains, "java", java);
        sample(target, chains, "opencl", ocl);
        int kept = Math.min(chains, 8);
        for (int c = 1; c <= kept; c++) {
            String name = "chain-" + c + ".csv";
            assertEquals(withoutBackendLines(java.resolve(name)), withoutBackendLines(ocl.resolve(name)),
                    target + ": " + name + " differs between java and opencl");
        }
        assertEquals(Files.readString(java.resolve("summary.csv")), Files.readString(ocl.resolve("summary.csv")),
                target + ": summary.csv differs between java and opencl");
    }

    private static void sample(String target, int chains, String backend, Path out) {
        StringWriter err = new StringWriter();
        CommandLine cl = LeapfrogCommand.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("sample", "--target", target, "--chains", Integer.toString(chains), "--warmup", "300",
                "--draws", "300", "--backend", backend, "--adapt", "window", "--out", out.toString());
        assertEquals(0, code, backend + ": " + err);
    }

    private static List<String> withoutBackendLines(Path csv) throws IOException {
        return Files.readAllLines(csv).stream()
                .filter(l -> !l.startsWith("# backend") && !l.startsWith("# device"))
                .collect(Collectors.toList());
    }
}
