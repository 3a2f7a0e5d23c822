package org.leapfrog.samplers.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.leapfrog.samplers.diagnostics.ChainDraws;
import org.leapfrog.samplers.diagnostics.ParameterSummary;

/**
 * A posterior summary like CmdStan's {@code stansummary}: printable fixed-width text, CSV, and JSON.
 *
 * <p>JSON: {@code {"settings": {...}, "parameters": [{"name", "mean", "sd", "mcse_mean", "q5", "q50", "q95",
 * "ess_bulk", "ess_tail", "rhat"}, ...], "mcse": [{"name", "mcse_sd", "mcse_q5", "mcse_q50", "mcse_q95"}, ...]}};
 * values posterior reports as NA (NaN here) are written as {@code null}, since JSON has no NaN.
 */
public final class SummaryTable {
    /** CSV columns, in order. */
    public static final List<String> CSV_COLUMNS = List.of("name", "mean", "mcse_mean", "sd", "mcse_sd", "q5", "q50",
            "q95", "mcse_q5", "mcse_q50", "mcse_q95", "ess_bulk", "ess_tail", "rhat");

    private final List<ParameterSummary> rows;
    private final Map<String, String> settings;

    public SummaryTable(List<ParameterSummary> rows, Map<String, String> settings) {
        if (rows == null) {
            throw new IllegalArgumentException("rows is null");
        }
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i) == null) {
                throw new IllegalArgumentException("rows[" + i + "] is null");
            }
        }
        if (settings == null) {
            throw new IllegalArgumentException("settings is null; pass an empty map for none");
        }
        this.rows = List.copyOf(rows);
        this.settings = new LinkedHashMap<>(settings);
    }

    /**
     * Summarises each quantity; {@code names.get(i)} labels {@code draws.get(i)}. The quantities are summarised in
     * parallel (each summary is a pure function of its draws, so the table does not depend on the thread count): at
     * 50 quantities of 8 x 3,000 draws the rank-normalised ESS and quantile MCSEs take seconds on one thread.
     */
    public static SummaryTable of(List<String> names, List<ChainDraws> draws, Map<String, String> settings) {
        if (names == null || draws == null || names.size() != draws.size()) {
            throw new IllegalArgumentException("names (" + (names == null ? "null" : names.size()) + ") and draws ("
                    + (draws == null ? "null" : draws.size()) + ") must be lists of equal length");
        }
        List<ParameterSummary> rows = java.util.stream.IntStream.range(0, names.size()).parallel()
                .mapToObj(i -> ParameterSummary.of(names.get(i), draws.get(i))).toList();
        return new SummaryTable(rows, settings);
    }

    /**
     * Summarises chosen columns of CmdStan CSV files, one per chain (e.g. read back with {@link CmdStanCsv}).
     * Chains are truncated to the shortest file, as a killed run may leave files of unequal length.
     */
    public static SummaryTable ofCsv(List<CmdStanCsv.Contents> chains, List<String> columns) {
        if (chains == null || chains.isEmpty()) {
            throw new IllegalArgumentException("chains must hold at least one file's contents");
        }
        int n = Integer.MAX_VALUE;
        for (CmdStanCsv.Contents c : chains) {
            n = Math.min(n, c.rows());
        }
        if (n < 1) {
            throw new IllegalArgumentException("a chain file has no draws");
        }
        List<ChainDraws> draws = new ArrayList<>();
        for (String column : columns) {
            double[] values = new double[chains.size() * n];
            for (int c = 0; c < chains.size(); c++) {
                System.arraycopy(chains.get(c).column(column), 0, values, c * n, n);
            }
            draws.add(new ChainDraws(chains.size(), n, values));
        }
        return of(columns, draws, chains.get(0).settings());
    }

    public List<ParameterSummary> rows() {
        return rows;
    }

    public Map<String, String> settings() {
        return Map.copyOf(settings);
    }

    /** Fixed-width text in stansummary's layout: name, Mean, MCSE, StdDev, 5%, 50%, 95%, ESS_bulk, ESS_tail, R_hat. */
    public String format() {
        int nameWidth = "name".length();
        for (ParameterSummary r : rows) {
            nameWidth = Math.max(nameWidth, r.name().length());
        }
        String[] headers = {"Mean", "MCSE", "StdDev", "5%", "50%", "95%", "ESS_bulk", "ESS_tail", "R_hat"};
        int w = 10;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-" + nameWidth + "s", ""));
        for (String h : headers) {
            sb.append(String.format(Locale.ROOT, " %" + w + "s", h));
        }
        sb.append('\n');
        for (ParameterSummary r : rows) {
            sb.append(String.format(Locale.ROOT, "%-" + nameWidth + "s", r.name()));
            for (double v : new double[] {r.mean(), r.mcseMean(), r.sd(), r.q5(), r.q50(), r.q95()}) {
                sb.append(' ').append(pad(significant(v, 3), w));
            }
            sb.append(' ').append(pad(fixed(r.essBulk(), 0), w));
            sb.append(' ').append(pad(fixed(r.essTail(), 0), w));
            sb.append(' ').append(pad(fixed(r.rhat(), 3), w));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** CSV with {@link #CSV_COLUMNS}; values at full precision, NaN written as {@code NA} (R's missing value). */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(String.join(",", CSV_COLUMNS)).append('\n');
        for (ParameterSummary r : rows) {
            sb.append(r.name());
            for (double v : new double[] {r.mean(), r.mcseMean(), r.sd(), r.mcseSd(), r.q5(), r.q50(), r.q95(),
                    r.mcseQ5(), r.mcseQ50(), r.mcseQ95(), r.essBulk(), r.essTail(), r.rhat()}) {
                sb.append(',').append(Double.isNaN(v) ? "NA" : Double.isInfinite(v) ? (v > 0 ? "Inf" : "-Inf")
                        : Double.toString(v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    public String toJson() {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ObjectNode settingsNode = root.putObject("settings");
        settings.forEach(settingsNode::put);
        ArrayNode parameters = root.putArray("parameters");
        ArrayNode mcse = root.putArray("mcse");
        for (ParameterSummary r : rows) {
            ObjectNode p = parameters.addObject();
            p.put("name", r.name());
            put(p, "mean", r.mean());
            put(p, "sd", r.sd());
            put(p, "mcse_mean", r.mcseMean());
            put(p, "q5", r.q5());
            put(p, "q50", r.q50());
            put(p, "q95", r.q95());
            put(p, "ess_bulk", r.essBulk());
            put(p, "ess_tail", r.essTail());
            put(p, "rhat", r.rhat());
            ObjectNode m = mcse.addObject();
            m.put("name", r.name());
            put(m, "mcse_sd", r.mcseSd());
            put(m, "mcse_q5", r.mcseQ5());
            put(m, "mcse_q50", r.mcseQ50());
            put(m, "mcse_q95", r.mcseQ95());
        }
        try {
            return mapper.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void writeCsv(Path path) {
        write(path, toCsv());
    }

    public void writeJson(Path path) {
        write(path, toJson());
    }

    private static void put(ObjectNode node, String key, double v) {
        if (Double.isFinite(v)) {
            node.put(key, v);
        } else {
            node.putNull(key);
        }
    }

    private static void write(Path path, String text) {
        try {
            Files.writeString(path, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    /** stansummary prints 3 significant figures by default. */
    private static String significant(double v, int digits) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return "0";
        }
        double magnitude = Math.abs(v);
        if (magnitude >= 1e6 || magnitude < 1e-4) {
            return String.format(Locale.ROOT, "%." + (digits - 1) + "e", v);
        }
        int decimals = Math.max(0, digits - 1 - (int) Math.floor(Math.log10(magnitude)));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String fixed(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
