package org.leapfrog.bench.suite;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Stan NUTS through rstan ({@code bench/peers/stan_nuts.R}, packaged as a resource), run by {@code bench ess}
 * with one chain per core, chains side by side. Never required: {@link #unavailableBecause} says why it cannot
 * run (no Rscript, no rstan), and the benchmark reports Leapfrog alone then.
 */
public final class StanNutsPeer {
    static final String RSCRIPT = "Rscript";
    private static final String SCRIPT = "org/leapfrog/bench/peers/stan_nuts.R";
    private static final String GERMAN = "org/leapfrog/data/blr/german.csv";

    private StanNutsPeer() {
    }

    /** Why Stan cannot run here, or empty when {@code library(rstan)} loads. */
    public static Optional<String> unavailableBecause() {
        try {
            GemmPeer.Run r = GemmPeer.run(List.of(RSCRIPT, "-e", "suppressPackageStartupMessages(library(rstan))"), 180);
            return r.exitCode() == 0 ? Optional.empty()
                    : Optional.of("Rscript -e 'library(rstan)' failed (Debian: apt-get install r-cran-rstan): "
                            + GemmPeer.firstLine(r.output()));
        } catch (IOException e) {
            return Optional.of(RSCRIPT + " cannot run (R is not installed?): " + e.getMessage());
        }
    }

    /** Runs the workloads in {@code dir} (the script, German credit's data and Stan's results go there). */
    public static List<EssRow> run(EssSettings s, Path dir, Path modelCache) {
        try {
            Path script = copy(SCRIPT, dir.resolve("stan_nuts.R"));
            Path german = copy(GERMAN, dir.resolve("german.csv"));
            Path out = dir.resolve("stan_nuts.csv");
            Files.deleteIfExists(out);
            List<String> cmd = List.of(RSCRIPT, script.toString(), "--out", out.toString(), "--german",
                    german.toString(), "--chains", Integer.toString(s.stanChains()), "--warmup",
                    Integer.toString(s.stanWarmup()), "--draws", Integer.toString(s.stanDraws()), "--workloads",
                    String.join(",", s.workloads()), "--cache", modelCache.toString(), "--seed",
                    Long.toString(s.seed()));
            GemmPeer.Run r = GemmPeer.run(cmd, 3600);
            Files.writeString(dir.resolve("stan_nuts.log"), r.output());
            if (r.exitCode() != 0 || !Files.exists(out)) {
                throw new IllegalStateException("stan_nuts.R failed (exit " + r.exitCode() + "): "
                        + GemmPeer.firstLine(r.output()) + " (log: " + dir.resolve("stan_nuts.log") + ")");
            }
            return parse(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run Stan", e);
        }
    }

    static List<EssRow> parse(Path csv) throws IOException {
        List<EssRow> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(csv)) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
                int chains = Integer.parseInt(rec.get("chains"));
                int draws = Integer.parseInt(rec.get("draws"));
                long gw = (long) Double.parseDouble(rec.get("gradients_warmup"));
                long gs = (long) Double.parseDouble(rec.get("gradients_sampling"));
                rows.add(new EssRow("stan nuts", rec.get("workload"), "rstan " + rec.get("rstan") + ", one chain per core",
                        chains, Integer.parseInt(rec.get("warmup")), draws, Double.parseDouble(rec.get("min_ess_bulk")),
                        Double.parseDouble(rec.get("min_ess_tail")), Double.parseDouble(rec.get("warmup_seconds")),
                        Double.parseDouble(rec.get("sampling_seconds")), gw + gs,
                        (long) Double.parseDouble(rec.get("divergences")), Double.parseDouble(rec.get("stepsize")),
                        gs / ((double) chains * draws), EssBenchmark.loadAverage()));
            }
        }
        return rows;
    }

    private static Path copy(String resource, Path to) throws IOException {
        try (InputStream in = StanNutsPeer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the classpath");
            }
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
        return to;
    }
}
