package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leapfrog.runtime.OpenClRequirement;
import picocli.CommandLine;

/**
 * {@code leapfrog sample --adapt chees}: the same draws on OpenCL and Java, bit for bit (every ChEES reduction runs
 * on the host in chain order over per-chain values both backends compute identically), the jittered L in the CSV,
 * and the option's errors.
 */
class SampleCheesTest {
    /** Always: ICG-50 and German credit, 256 chains, 150 warmup + 150 draws. */
    @ParameterizedTest
    @CsvSource({"icg50, 256, 150", "german, 256, 150"})
    void cheesWritesIdenticalDrawsOnOpenClAndJava(String target, int chains, int half, @TempDir Path dir)
            throws IOException {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        assertSameDraws(target, chains, half, dir);
    }

    /** The issue's size, 2048 chains and 600 iterations (about 80 s for both on two cores): -Dleapfrog.fullCrossBackend=true. */
    @ParameterizedTest
    @CsvSource({"icg50, 2048, 300", "german, 2048, 300"})
    @EnabledIfSystemProperty(named = "leapfrog.fullCrossBackend", matches = "true")
    void cheesAt2048ChainsAnd600IterationsWritesIdenticalDraws(String target, int chains, int half, @TempDir Path dir)
            throws IOException {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        assertSameDraws(target, chains, half, dir);
    }

    @Test
    void jitteredStepsAreWrittenAndOptionsChecked(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("o");
        assertEquals(0, sample(out, "--target", "normal", "--dim", "4", "--chains", "64", "--warmup", "40", "--draws",
                "30", "--backend", "java", "--adapt", "chees", "--trajectory-jitter", "uniform"));
        List<String> rows = Files.readAllLines(out.resolve("chain-1.csv")).stream()
                .filter(l -> !l.startsWith("#")).collect(Collectors.toList());
        List<String> header = List.of(rows.get(0).split(","));
        int col = header.indexOf("n_leapfrog__");
        long distinct = rows.stream().skip(1).map(l -> l.split(",")[col]).distinct().count();
        assertTrue(distinct > 1, "n_leapfrog__ varies with the jittered trajectory length: " + distinct);
        assertTrue(Files.readString(out.resolve("chain-1.csv")).contains("# adaptation = chees"));
        assertTrue(Files.exists(out.resolve("chees.json")));

        StringWriter err = new StringWriter();
        assertEquals(2, sample(dir.resolve("bad"), err, "--target", "normal", "--adapt", "nuts"));
        assertTrue(err.toString().contains("--adapt: 'nuts'; allowed: auto, window, chees"), err.toString());
        err = new StringWriter();
        assertEquals(2, sample(dir.resolve("bad"), err, "--target", "normal", "--adapt", "chees", "--metric", "dense"));
        assertTrue(err.toString().contains("--metric: 'dense' with --adapt chees"), err.toString());
    }

    private static void assertSameDraws(String target, int chains, int half, Path dir) throws IOException {
        Path java = dir.resolve("java"), ocl = dir.resolve("opencl");
        String[] common = {"--target", target, "--chains", Integer.toString(chains), "--warmup", Integer.toString(half),
            "--draws", Integer.toString(half), "--adapt", "chees"};
        assertEquals(0, sample(java, InProcessCli.concat(common, "--backend", "java")));
        assertEquals(0, sample(ocl, InProcessCli.concat(common, "--backend", "opencl")));
        for (int c = 1; c <= Math.min(chains, 8); c++) {
            String name = "chain-" + c + ".csv";
            assertEquals(withoutBackendLines(java.resolve(name)), withoutBackendLines(ocl.resolve(name)),
                    target + ": " + name + " differs between java and opencl");
        }
        assertEquals(Files.readString(java.resolve("summary.csv")), Files.readString(ocl.resolve("summary.csv")));
        assertEquals(Files.readString(java.resolve("chees.json")), Files.readString(ocl.resolve("chees.json")));
    }


    private static int sample(Path out, String... args) {
        return sample(out, new StringWriter(), args);
    }

    private static int sample(Path out, StringWriter err, String... args) {
        CommandLine cl = LeapfrogCommand.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = InProcessCli.concat(new String[] {"sample"}, InProcessCli.concat(args, "--out", out.toString()));
        return cl.execute(all);
    }

    private static List<String> withoutBackendLines(Path csv) throws IOException {
        return Files.readAllLines(csv).stream()
                .filter(l -> !l.startsWith("# backend") && !l.startsWith("# device"))
                .collect(Collectors.toList());
    }
}
