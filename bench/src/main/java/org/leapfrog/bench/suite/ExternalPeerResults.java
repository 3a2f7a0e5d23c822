package org.leapfrog.bench.suite;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Results written by the peer scripts in {@code bench/peers/} (Stan, batched PyTorch): CSV with the header
 * {@value #HEADER}; one row per (peer, workload, chains). They are read as they are and shown next to
 * Leapfrog's rows; they may come from another run on another day, which the report says.
 */
public final class ExternalPeerResults {
    /** The columns, in order. */
    public static final String HEADER = "peer,workload,chains,iterations,seconds,grad_evals_per_s,accept_rate,device";

    private ExternalPeerResults() {
    }

    public static List<ThroughputRow> read(Path file) {
        List<ThroughputRow> rows = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file)) {
            CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
            for (CSVRecord r : format.parse(in)) {
                for (String col : HEADER.split(",")) {
                    if (!r.isMapped(col)) {
                        throw new IllegalArgumentException("--peer-results: " + file + " has no column '" + col
                                + "'; allowed: a CSV with the header " + HEADER);
                    }
                }
                String accept = r.get("accept_rate").trim();
                rows.add(new ThroughputRow(r.get("workload").trim(), r.get("peer").trim(), r.get("device").trim(),
                        Integer.parseInt(r.get("chains").trim()), Integer.parseInt(r.get("iterations").trim()),
                        Double.parseDouble(r.get("seconds").trim()), Double.parseDouble(r.get("grad_evals_per_s").trim()),
                        null, accept.isEmpty() ? null : Double.parseDouble(accept)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("--peer-results: cannot read " + file, e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--peer-results: " + file + " has a malformed number (" + e.getMessage()
                    + "); allowed: a CSV with the header " + HEADER);
        }
        return rows;
    }
}
