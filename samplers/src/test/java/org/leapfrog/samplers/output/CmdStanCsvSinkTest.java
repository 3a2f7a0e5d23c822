package org.leapfrog.samplers.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CmdStanCsvSinkTest {
    private static final List<String> NAMES = List.of("theta.1", "theta.2", "sigma");

    private static Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("model", "icg50");
        s.put("method", "sample");
        s.put("num_samples", "40");
        s.put("sampler", "hmc, L = 10");
        return s;
    }

    private static void writeDraws(Path dir, int draws) {
        SyntheticBatches batches = new SyntheticBatches(4, 3);
        try (CmdStanCsvSink sink = new CmdStanCsvSink(dir, 4, new int[] {3, 1}, NAMES, settings())) {
            for (long t = 0; t < draws; t++) {
                sink.accept(t, batches.batch(t));
            }
        }
    }

    private static void assertRowsMatch(CmdStanCsv.Contents contents, int chain, int rows) {
        assertEquals(rows, contents.rows());
        for (int r = 0; r < rows; r++) {
            assertEquals(SyntheticBatches.logDensity(r, chain), contents.value(r, 0), 0.0);
            assertEquals(SyntheticBatches.acceptStat(r, chain), contents.value(r, 1), 0.0);
            assertEquals(SyntheticBatches.numSteps(r, chain), contents.value(r, 3), 0.0);
            assertEquals(SyntheticBatches.divergent(r, chain) ? 1.0 : 0.0, contents.value(r, 4), 0.0);
            for (int d = 0; d < contents.columns().size() - 6; d++) {
                assertEquals(SyntheticBatches.position(r, chain, d), contents.value(r, 6 + d), 0.0,
                        "row " + r + " coordinate " + d);
            }
        }
    }

    @Test
    void roundTripsThroughOurReaderExactly(@TempDir Path dir) {
        writeDraws(dir, 40);
        assertFalse(Files.exists(dir.resolve("chain-1.csv")), "only chosen chains are written");
        assertFalse(Files.exists(dir.resolve("chain-3.csv")));
        CmdStanCsv.Contents c4 = CmdStanCsv.read(dir.resolve("chain-4.csv"));
        List<String> expectedColumns = new ArrayList<>(CmdStanCsvSink.SAMPLER_COLUMNS);
        expectedColumns.addAll(NAMES);
        assertEquals(expectedColumns, c4.columns());
        assertEquals("icg50", c4.settings().get("model"));
        assertEquals("hmc, L = 10", c4.settings().get("sampler"));
        assertEquals("4", c4.settings().get("id"));
        assertEquals(LeapfrogVersion.current().toString(), c4.settings().get("leapfrog_version"));
        assertTrue(c4.settings().get("leapfrog_version").matches("\\d+\\.\\d+\\.\\d+\\S*( \\(git \\S+\\))?"),
                c4.settings().get("leapfrog_version"));
        assertRowsMatch(c4, 3, 40);
        assertRowsMatch(CmdStanCsv.read(dir.resolve("chain-2.csv")), 1, 40);
        assertEquals(0.4, c4.column("stepsize__")[7], 0.0);
    }

    @Test
    void nonFiniteValuesUseCmdStanSpelling(@TempDir Path dir) throws IOException {
        SyntheticBatches b = new SyntheticBatches(1, 3);
        try (CmdStanCsvSink sink = new CmdStanCsvSink(dir, 1, new int[] {0}, NAMES, Map.of())) {
            DrawBatch batch = b.batch(0);
            b.position[0] = Double.NaN;
            b.position[1] = Double.POSITIVE_INFINITY;
            b.position[2] = Double.NEGATIVE_INFINITY;
            sink.accept(0, batch);
        }
        String text = Files.readString(dir.resolve("chain-1.csv"));
        assertTrue(text.strip().endsWith(",nan,inf,-inf"), text);
        CmdStanCsv.Contents c = CmdStanCsv.read(dir.resolve("chain-1.csv"));
        assertTrue(Double.isNaN(c.value(0, 6)));
        assertEquals(Double.POSITIVE_INFINITY, c.value(0, 7));
        assertEquals(Double.NEGATIVE_INFINITY, c.value(0, 8));
    }

    @Test
    void rejectsBadArgumentsNamingThem(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CmdStanCsvSink(dir, 2, new int[] {2}, NAMES, Map.of()));
        assertTrue(e.getMessage().contains("chainIndices contains 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new CmdStanCsvSink(dir, 2, new int[] {0}, List.of("a,b"), Map.of()));
        assertTrue(e.getMessage().contains("parameterNames[0]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new CmdStanCsvSink(dir, 2, new int[] {0}, NAMES, Map.of("k", "two\nlines")));
        try (CmdStanCsvSink sink = new CmdStanCsvSink(dir, 2, new int[] {0}, NAMES, Map.of())) {
            e = assertThrows(IllegalArgumentException.class, () -> sink.accept(0, new SyntheticBatches(3, 3).batch(0)));
            assertTrue(e.getMessage().contains("chains = 3"), e.getMessage());
        }
    }

    @Test
    void readerDropsAnUnterminatedLastLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cut.csv");
        Files.writeString(file, "# a = 1\nlp__,x\n1.5,2\n-3,4e-3\n7,8.");
        CmdStanCsv.Contents c = CmdStanCsv.read(file);
        assertEquals(2, c.rows());
        assertEquals(0.004, c.value(1, 1), 0.0);
        assertEquals("1", c.settings().get("a"));
    }

    /** Every spelling of a value the reader accepts gives Double.parseDouble's bits; a bad field is named. */
    @Test
    void readerParsesNumbersAsDoubleParseDoubleAndNamesABadField(@TempDir Path dir) throws IOException {
        String[] fields = {"0.1", "-0.0", "+.5", "1e-3", "-2.5E+300", "4.9E-324", "123456789012345678901", "7.",
            "0.30000000000000004", "nan", "NA", "inf", "+inf", "Infinity", "-inf", "-Infinity"};
        Path file = dir.resolve("spellings.csv");
        Files.writeString(file, "lp__,x\n" + String.join("\n", java.util.Arrays.stream(fields).map(f -> f + ",1")
                .toArray(String[]::new)) + "\n");
        CmdStanCsv.Contents c = CmdStanCsv.read(file);
        assertEquals(fields.length, c.rows());
        for (int r = 0; r < fields.length; r++) {
            String f = fields[r];
            double want = f.equalsIgnoreCase("nan") || f.equals("NA") ? Double.NaN
                    : f.toLowerCase(java.util.Locale.ROOT).matches("\\+?inf(inity)?") ? Double.POSITIVE_INFINITY
                    : f.toLowerCase(java.util.Locale.ROOT).matches("-inf(inity)?") ? Double.NEGATIVE_INFINITY
                    : Double.parseDouble(f);
            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(c.value(r, 0)), f);
        }
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "lp__,x\n1,2\n3,1.5x\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CmdStanCsv.read(bad));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("\"1.5x\" is not a number"),
                e.getMessage());
    }

    /** Deferred writes: rows reach the file at flush (whole rows, in order) and at close, the same rows as before. */
    @Test
    void deferredRowsAreWrittenAtFlushAndClose(@TempDir Path dir) {
        SyntheticBatches batches = new SyntheticBatches(2, 3);
        CmdStanCsvSink sink = new CmdStanCsvSink(dir, 2, new int[] {0, 1}, NAMES, Map.of());
        sink.deferWrites();
        for (long t = 0; t < 10; t++) {
            sink.accept(t, batches.batch(t));
        }
        assertRowsMatch(CmdStanCsv.read(dir.resolve("chain-1.csv")), 0, 0);
        sink.flush();
        assertRowsMatch(CmdStanCsv.read(dir.resolve("chain-1.csv")), 0, 10);
        assertRowsMatch(CmdStanCsv.read(dir.resolve("chain-2.csv")), 1, 10);
        for (long t = 10; t < 25; t++) {
            sink.accept(t, batches.batch(t));
        }
        sink.close();
        assertRowsMatch(CmdStanCsv.read(dir.resolve("chain-1.csv")), 0, 25);
        assertRowsMatch(CmdStanCsv.read(dir.resolve("chain-2.csv")), 1, 25);
    }

    @Test
    void abandonedWriterLeavesEveryRowOnDisk(@TempDir Path dir) {
        SyntheticBatches batches = new SyntheticBatches(2, 3);
        CmdStanCsvSink sink = new CmdStanCsvSink(dir, 2, new int[] {0, 1}, NAMES, Map.of());
        for (long t = 0; t < 25; t++) {
            sink.accept(t, batches.batch(t));
        }
        // No close(): the rows must already be with the operating system.
        assertRowsMatch(CmdStanCsv.read(dir.resolve("chain-1.csv")), 0, 25);
        assertRowsMatch(CmdStanCsv.read(dir.resolve("chain-2.csv")), 1, 25);
        sink.close();
    }

    @Test
    void killedWriterProcessLeavesEveryCompletedRowIntact(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StreamingWriterMain.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long reported = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (reported < 2000 && (line = out.readLine()) != null) {
                reported = Long.parseLong(line.strip());
            }
            child.destroyForcibly(); // SIGKILL while it keeps writing
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(reported >= 2000, "child reported only " + reported + " draws");
        for (int chain : new int[] {0, 2}) {
            Path file = dir.resolve("chain-" + (chain + 1) + ".csv");
            CmdStanCsv.Contents c = CmdStanCsv.read(file);
            assertTrue(c.rows() >= reported, "chain " + chain + ": " + c.rows() + " rows < " + reported + " reported");
            assertRowsMatch(c, chain, c.rows());
            assertEquals("7", c.settings().get("seed"));
        }
    }

    @Test
    void rReadsTheFileWithTheExpectedColumns(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("Rscript"), "Rscript is not on PATH");
        writeDraws(dir, 40);
        Path script = Path.of("src", "test", "r", "check_cmdstan_csv.R").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of("Rscript", script.toString(),
                dir.resolve("chain-4.csv").toString(), "40"));
        command.addAll(CmdStanCsvSink.SAMPLER_COLUMNS);
        command.addAll(NAMES);
        Process r = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(r.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(r.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, r.exitValue(), output);
        assertTrue(output.contains("OK"), output);
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
