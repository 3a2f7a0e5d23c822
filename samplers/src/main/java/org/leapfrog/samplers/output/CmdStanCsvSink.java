package org.leapfrog.samplers.output;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams the draws of chosen chains to CmdStan-compatible CSV files, one file per chain, named
 * {@code chain-<id>.csv} where {@code id = chain index + 1} (CmdStan numbers chains from 1).
 *
 * <p>Each file starts with {@code # key = value} comment lines holding the run's settings (plus {@code id}),
 * then the header {@code lp__,accept_stat__,stepsize__,n_leapfrog__,divergent__,energy__,<parameters>}, then
 * one row per draw. Every row is handed to the operating system in a single unbuffered write as soon as
 * {@link #accept} formats it, so a process killed at any point leaves every completed row intact on disk.
 * Non-finite values are written as CmdStan writes them: {@code nan}, {@code inf}, {@code -inf}. After
 * {@link #deferWrites} (the streaming run's writer thread) the rows of a chain wait in memory until {@link #flush},
 * which writes each chain's rows in one write: still whole rows only, with one system call per chain and flush
 * instead of per row.
 */
public final class CmdStanCsvSink implements DrawSink {
    /** Sampler columns in CmdStan's order (CmdStan's treedepth__ has no meaning for fixed-length samplers). */
    public static final List<String> SAMPLER_COLUMNS =
            List.of("lp__", "accept_stat__", "stepsize__", "n_leapfrog__", "divergent__", "energy__");

    private final int chains;
    private final int dimension;
    private final int[] chainIndices;
    private final OutputStream[] outputs;
    private final StringBuilder row = new StringBuilder(256);
    private byte[] bytes = new byte[256];
    private boolean closed;
    /** With deferred writes: each chain's rows not yet written, and their length in bytes. */
    private byte[][] pending;
    private int[] pendingLength;

    /**
     * @param directory      created if missing; files {@code chain-<index+1>.csv} are replaced
     * @param chains         chains in every batch
     * @param chainIndices   0-based indices of the chains to write (distinct, each below {@code chains})
     * @param parameterNames one column name per coordinate (printable ASCII, no comma, quote or '#')
     * @param settings       run settings written as {@code # key = value} lines, in the map's iteration order
     */
    public CmdStanCsvSink(Path directory, int chains, int[] chainIndices, List<String> parameterNames,
                          Map<String, String> settings) {
        this(directory, chains, chainIndices, parameterNames, settings, -1);
    }

    /**
     * Reopens the files of an interrupted run to append to them: each file keeps its header and its first
     * {@code keptRows} draws (rows written after the run's last checkpoint are dropped, so a resumed run
     * writes exactly the rows of an uninterrupted one).
     */
    public static CmdStanCsvSink resume(Path directory, int chains, int[] chainIndices, List<String> parameterNames,
                                        long keptRows) {
        if (keptRows < 0) {
            throw new IllegalArgumentException("keptRows: " + keptRows + "; allowed: 0 or more");
        }
        return new CmdStanCsvSink(directory, chains, chainIndices, parameterNames, Map.of(), keptRows);
    }

    private CmdStanCsvSink(Path directory, int chains, int[] chainIndices, List<String> parameterNames,
                           Map<String, String> settings, long keptRows) {
        this.chains = SinkChecks.positive("chains", chains);
        if (parameterNames == null || parameterNames.isEmpty()) {
            throw new IllegalArgumentException("parameterNames is " + (parameterNames == null ? "null" : "empty")
                    + "; must name every coordinate (at least one)");
        }
        this.dimension = parameterNames.size();
        SinkChecks.names("parameterNames", parameterNames, dimension);
        this.chainIndices = SinkChecks.indexSubset("chainIndices", chainIndices, chains, "chains");
        checkSettings(settings);
        this.outputs = new OutputStream[this.chainIndices.length];
        try {
            Files.createDirectories(directory);
            for (int k = 0; k < this.chainIndices.length; k++) {
                int id = this.chainIndices[k] + 1;
                Path file = fileFor(directory, this.chainIndices[k]);
                if (keptRows >= 0) {
                    truncateAfterRows(file, keptRows);
                    outputs[k] = new FileOutputStream(file.toFile(), true);
                } else {
                    outputs[k] = new FileOutputStream(file.toFile());
                    writeAscii(outputs[k], header(id, parameterNames, settings));
                }
            }
        } catch (IOException e) {
            closeQuietly();
            throw new UncheckedIOException("cannot create CmdStan CSV files in " + directory, e);
        }
    }

    /** Cuts a chain file after its header and {@code rows} complete data rows. */
    private static void truncateAfterRows(Path file, long rows) throws IOException {
        byte[] content = Files.readAllBytes(file);
        long seen = 0;
        boolean headerDone = false;
        int keep = -1;
        int lineStart = 0;
        for (int i = 0; i < content.length && keep < 0; i++) {
            if (content[i] != '\n') {
                continue;
            }
            boolean comment = content[lineStart] == '#';
            if (!comment && !headerDone) {
                headerDone = true; // the column line
            } else if (!comment) {
                seen++;
            }
            lineStart = i + 1;
            if (headerDone && seen == rows) {
                keep = i + 1;
            }
        }
        if (keep < 0) {
            throw new IOException(file + " holds fewer than " + rows + " complete draws; cannot resume from it");
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(keep);
        }
    }

    /** Path of the file that holds chain {@code chainIndex} (0-based) under {@code directory}. */
    public static Path fileFor(Path directory, int chainIndex) {
        return directory.resolve("chain-" + (chainIndex + 1) + ".csv");
    }

    @Override
    public void accept(long drawIndex, DrawBatch batch) {
        if (closed) {
            throw new IllegalStateException("CmdStanCsvSink is closed");
        }
        SinkChecks.batchShape(batch, chains, dimension);
        for (int k = 0; k < chainIndices.length; k++) {
            int c = chainIndices[k];
            row.setLength(0);
            appendValue(batch.logDensity()[c]).append(',');
            appendValue(batch.acceptStat()[c]).append(',');
            appendValue(batch.stepSize()[c]).append(',');
            row.append(batch.numSteps()[c]).append(',');
            row.append(batch.divergent()[c] != 0 ? '1' : '0').append(',');
            appendValue(batch.energy()[c]);
            double[] position = batch.position();
            for (int d = 0; d < dimension; d++) {
                row.append(',');
                appendValue(position[d * chains + c]);
            }
            row.append('\n');
            if (pending != null) {
                defer(k);
                continue;
            }
            try {
                writeRow(outputs[k]);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write draw " + drawIndex + " of chain " + (c + 1), e);
            }
        }
    }

    @Override
    public void deferWrites() {
        if (pending == null) {
            pending = new byte[chainIndices.length][256];
            pendingLength = new int[chainIndices.length];
        }
    }

    @Override
    public void flush() {
        if (pending == null || closed) {
            return;
        }
        for (int k = 0; k < chainIndices.length; k++) {
            if (pendingLength[k] == 0) {
                continue;
            }
            try {
                outputs[k].write(pending[k], 0, pendingLength[k]);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the draws of chain " + (chainIndices[k] + 1), e);
            }
            pendingLength[k] = 0;
        }
    }

    /** Appends the formatted row to chain k's pending bytes. */
    private void defer(int k) {
        int n = row.length(), at = pendingLength[k];
        if (pending[k].length < at + n) {
            pending[k] = java.util.Arrays.copyOf(pending[k], Math.max(at + n, 2 * pending[k].length));
        }
        byte[] b = pending[k];
        for (int i = 0; i < n; i++) {
            b[at + i] = (byte) row.charAt(i);
        }
        pendingLength[k] = at + n;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        flush();
        closed = true;
        IOException first = null;
        for (OutputStream out : outputs) {
            try {
                if (out != null) {
                    out.close();
                }
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw new UncheckedIOException("cannot close CmdStan CSV files", first);
        }
    }

    /** Formats without a String per value: StringBuilder.append(double) writes digits in place. */
    private StringBuilder appendValue(double value) {
        if (Double.isNaN(value)) {
            return row.append("nan");
        }
        if (Double.isInfinite(value)) {
            return row.append(value > 0 ? "inf" : "-inf");
        }
        return row.append(value);
    }

    /** One write call per row, so a killed process never leaves a row half on disk. */
    private void writeRow(OutputStream out) throws IOException {
        int n = row.length();
        if (bytes.length < n) {
            bytes = new byte[Math.max(n, 2 * bytes.length)];
        }
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) row.charAt(i);
        }
        out.write(bytes, 0, n);
    }

    /** The header key under which every file records the Leapfrog version that wrote it. */
    public static final String VERSION_KEY = "leapfrog_version";

    private static String header(int id, List<String> parameterNames, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("id", Integer.toString(id));
        // Which library wrote the draws (unless the caller records its own leapfrog_version).
        if (!settings.containsKey(VERSION_KEY)) {
            all.put(VERSION_KEY, LeapfrogVersion.current().toString());
        }
        all.putAll(settings);
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : all.entrySet()) {
            sb.append("# ").append(e.getKey()).append(" = ").append(e.getValue()).append('\n');
        }
        sb.append(String.join(",", SAMPLER_COLUMNS));
        for (String name : parameterNames) {
            sb.append(',').append(name);
        }
        return sb.append('\n').toString();
    }

    private static void checkSettings(Map<String, String> settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings is null; pass an empty map for none");
        }
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (key == null || key.isBlank() || key.contains("=") || hasLineBreak(key) || !key.strip().equals(key)) {
                throw new IllegalArgumentException("settings key \"" + key
                        + "\" not allowed; keys must be non-blank, without '=', line breaks or surrounding spaces");
            }
            if (value == null || hasLineBreak(value)) {
                throw new IllegalArgumentException("settings value for \"" + key + "\" is "
                        + (value == null ? "null" : "\"" + value + "\"") + "; values must be non-null single lines");
            }
        }
    }

    private static boolean hasLineBreak(String s) {
        return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
    }

    private static void writeAscii(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private void closeQuietly() {
        for (OutputStream out : outputs) {
            try {
                if (out != null) {
                    out.close();
                }
            } catch (IOException ignored) {
                // already failing; the original exception is reported
            }
        }
    }
}
