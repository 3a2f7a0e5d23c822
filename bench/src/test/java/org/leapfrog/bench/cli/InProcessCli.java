package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.leapfrog.samplers.output.CmdStanCsv;
import picocli.CommandLine;

/** Base of the command-line tests: runs {@code leapfrog} in-process and captures what it prints. */
abstract class InProcessCli {
    /** Everything the command printed to standard output. */
    protected final StringWriter out = new StringWriter();
    /** Everything the command printed to standard error. */
    protected final StringWriter err = new StringWriter();

    /** {@code a} followed by {@code b}: a command's arguments from shared parts. */
    static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Runs {@code leapfrog args...} and returns its exit code. */
    protected int run(String... args) {
        CommandLine cl = LeapfrogCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /**
     * Samples a 3-d standard normal with 64 chains (4 written) on the Java backend with {@code option value}, and
     * checks that the run records {@code setting = value} in the CSV header and in summary.json, and that the
     * pooled mean over all chains is within 5 standard errors (ESS from the written chains; false-failure rate
     * about 6e-7).
     */
    protected void assertNormalRunRecords(Path dir, String option, String setting, String value) throws IOException {
        int code = run("sample", "--target", "normal", "--dim", "3", "--chains", "64", "--warmup", "50", "--draws",
                "200", "--backend", "java", "--out", dir.toString(), "--keep-chains", "4", "--no-adapt",
                option, value);
        assertEquals(0, code, err.toString());
        CmdStanCsv.Contents csv = CmdStanCsv.read(dir.resolve("chain-1.csv"));
        assertEquals(value, csv.settings().get(setting));
        JsonNode json = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertEquals(value, json.get("settings").get(setting).asText());
        double mean = json.get("all_chains").get("x.1").get("mean").asDouble();
        double ess = json.get("parameters").get(0).get("ess_bulk").asDouble() * 16;
        assertTrue(Math.abs(mean) < 5 / Math.sqrt(ess), "mean " + mean + " with ESS " + ess);
    }
}
