package org.leapfrog.samplers.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leapfrog.samplers.diagnostics.ChainDraws;
import org.leapfrog.samplers.diagnostics.Convergence;
import org.leapfrog.samplers.diagnostics.ParameterSummary;

class SummaryTableTest {
    private static ChainDraws draws(double shift) {
        double[] v = new double[4 * 50];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.sin(i * 1.7) + shift * (i / 50);
        }
        return new ChainDraws(4, 50, v);
    }

    private static SummaryTable table() {
        double[] constant = new double[2 * 10];
        java.util.Arrays.fill(constant, 2.5);
        return SummaryTable.of(List.of("mu", "tau", "fixed"),
                List.of(draws(0), draws(1), new ChainDraws(2, 10, constant)), Map.of("seed", "42", "chains", "4"));
    }

    @Test
    void jsonHasExactlyTheAgreedKeys(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("summary.json");
        table().writeJson(file);
        JsonNode root = new ObjectMapper().readTree(Files.readString(file));
        assertEquals("42", root.get("settings").get("seed").asText());
        JsonNode params = root.get("parameters");
        assertEquals(3, params.size());
        Set<String> keys = new TreeSet<>();
        for (Iterator<String> it = params.get(0).fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        assertEquals(new TreeSet<>(List.of("name", "mean", "sd", "mcse_mean", "q5", "q50", "q95", "ess_bulk",
                "ess_tail", "rhat")), keys);
        ChainDraws tau = draws(1);
        JsonNode t = params.get(1);
        assertEquals("tau", t.get("name").asText());
        assertEquals(Convergence.mean(tau), t.get("mean").asDouble(), 0.0);
        assertEquals(Convergence.rhat(tau), t.get("rhat").asDouble(), 0.0);
        assertEquals(Convergence.essTail(tau), t.get("ess_tail").asDouble(), 0.0);
        assertEquals(Convergence.mcseSd(tau), root.get("mcse").get(1).get("mcse_sd").asDouble(), 0.0);
        // A constant parameter: posterior gives NA for rhat/ESS; JSON has null there, numbers elsewhere.
        JsonNode fixed = params.get(2);
        assertTrue(fixed.get("rhat").isNull());
        assertTrue(fixed.get("ess_bulk").isNull());
        assertEquals(2.5, fixed.get("mean").asDouble(), 0.0);
    }

    @Test
    void csvAndTextCarryEveryRow(@TempDir Path dir) throws Exception {
        SummaryTable table = table();
        Path file = dir.resolve("summary.csv");
        table.writeCsv(file);
        List<String> lines = Files.readAllLines(file);
        assertEquals(String.join(",", SummaryTable.CSV_COLUMNS), lines.get(0));
        assertEquals(4, lines.size());
        String[] mu = lines.get(1).split(",");
        assertEquals("mu", mu[0]);
        assertEquals(Convergence.mcseQuantile(draws(0), 0.95), Double.parseDouble(mu[10]), 0.0);
        assertTrue(lines.get(3).endsWith(",NA,NA,NA"), lines.get(3));

        String text = table.format();
        String[] rows = text.split("\n");
        assertEquals(4, rows.length);
        assertTrue(rows[0].contains("ESS_bulk") && rows[0].contains("R_hat"), rows[0]);
        int width = rows[0].length();
        for (String row : rows) {
            assertEquals(width, row.length(), "fixed width: " + row);
        }
        assertTrue(rows[3].startsWith("fixed"));
        assertTrue(rows[3].trim().endsWith("nan"));
    }

    @Test
    void summaryOfCsvFilesEqualsSummaryOfTheDraws(@TempDir Path dir) {
        SyntheticBatches b = new SyntheticBatches(3, 2);
        InMemoryDrawSink mem = InMemoryDrawSink.all(3, 2, 16);
        try (DrawSink sink = FanOutSink.of(mem,
                new CmdStanCsvSink(dir, 3, new int[] {0, 1, 2}, List.of("x", "y"), Map.of("seed", "1")))) {
            for (long t = 0; t < 60; t++) {
                sink.accept(t, b.batch(t));
            }
        }
        SummaryTable fromCsv = SummaryTable.ofCsv(CmdStanCsv.readChains(dir, new int[] {0, 1, 2}), List.of("y", "lp__"));
        List<ParameterSummary> rows = fromCsv.rows();
        assertEquals(ParameterSummary.of("y", mem.draws(1)), rows.get(0));
        assertEquals(ParameterSummary.of("lp__", mem.logDensity()), rows.get(1));
        assertEquals("1", fromCsv.settings().get("seed"));
        assertEquals(new ArrayList<>(List.of("y", "lp__")), List.of(rows.get(0).name(), rows.get(1).name()));
    }
}
