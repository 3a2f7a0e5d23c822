package org.leapfrog.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.leapfrog.bench.sample.SampleJob;
import org.leapfrog.bench.sample.SampleOptions;
import org.leapfrog.samplers.Precision;

/**
 * {@code leapfrog bench ess}: the main job ({@code leapfrog sample}, run in-process with its defaults apart from
 * chains, iterations, kept chains and the adaptation) on each workload with window and ChEES adaptation, and Stan
 * NUTS beside it. Reads each run's {@code summary.json}: min bulk and tail ESS of the written chains scaled to all
 * chains, warmup and sampling seconds, gradients.
 */
public final class EssBenchmark {
    private final EssSettings settings;
    private final Path dir;
    private final Consumer<String> log;

    public EssBenchmark(EssSettings settings, Path dir, Consumer<String> log) {
        this.settings = settings;
        this.dir = dir;
        this.log = log;
    }

    /** The rows, and why Stan is missing (null when it ran or was not asked for). */
    public record Result(List<EssRow> rows, String stanNote) {
    }

    /**
     * Each workload's Leapfrog runs, then Stan on the same workload at once (not all of Stan at the end), so a
     * workload's rows see about the same load on a shared machine.
     */
    public Result run() {
        List<EssRow> rows = new ArrayList<>();
        String note = null;
        if (settings.peers()) {
            note = StanNutsPeer.unavailableBecause().orElse(null);
        }
        for (String w : settings.workloads()) {
            for (String a : settings.adaptations()) {
                rows.add(leapfrog(w, a));
                EssRow r = rows.get(rows.size() - 1);
                log.accept(String.format("leapfrog %s %s: min bulk ESS %.0f (tail %.0f) in %.1f s (warmup %.1f): "
                                + "%.3g ESS/s, %.3g ESS/gradient (load average %.1f)", a, w, r.minEssBulk(),
                        r.minEssTail(), r.seconds(), r.warmupSeconds(), r.bulkPerSecond(), r.bulkPerGradient(),
                        r.loadAverage()));
            }
            if (settings.peers() && note == null) {
                try {
                    Path stanDir = Files.createDirectories(dir.resolve("stan").resolve(w));
                    Path cache = Path.of(System.getProperty("user.home"), ".cache", "leapfrog-stan");
                    for (EssRow r : StanNutsPeer.run(settings.withWorkloads(List.of(w)), stanDir, cache)) {
                        log.accept(String.format("stan nuts %s: min bulk ESS %.0f (tail %.0f) in %.1f s (warmup %.1f): "
                                        + "%.3g ESS/s, %.3g ESS/gradient (load average %.1f)", r.workload(),
                                r.minEssBulk(), r.minEssTail(), r.seconds(), r.warmupSeconds(), r.bulkPerSecond(),
                                r.bulkPerGradient(), r.loadAverage()));
                        rows.add(r);
                    }
                } catch (IOException | RuntimeException e) {
                    note = "Stan failed: " + e.getMessage();
                }
            }
        }
        if (settings.peers() && note != null) {
            log.accept("stan nuts: not run (" + note + ")");
        }
        return new Result(rows, note);
    }

    private EssRow leapfrog(String workload, String adaptation) {
        Path out = dir.resolve("runs").resolve(workload + "-" + adaptation);
        int warmup = settings.warmupFor(adaptation);
        SampleOptions o = new SampleOptions(workload, null, null, "hmc", settings.backend(), null, settings.chains(),
                warmup, settings.draws(), 1, 10, null, settings.seed(), out, settings.keepChains(), false, 0,
                0.5, true, "diag", 0.5, null, null, null, Precision.FLOAT64, null, adaptation, "halton");
        StringWriter text = new StringWriter();
        new SampleJob(o, new PrintWriter(text, true), new PrintWriter(text, true), false).run();
        try {
            JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
            JsonNode run = s.get("run");
            double bulk = Double.POSITIVE_INFINITY, tail = Double.POSITIVE_INFINITY;
            for (JsonNode p : s.get("parameters")) {
                bulk = Math.min(bulk, p.get("ess_bulk").asDouble());
                tail = Math.min(tail, p.get("ess_tail").asDouble());
            }
            double scale = settings.chains() / (double) settings.keepChains();
            long sampling = run.get("sampling_gradients").asLong();
            return new EssRow("leapfrog " + adaptation, workload, run.get("backend").asText() + ": "
                    + run.get("device").asText(), settings.chains(), warmup, settings.draws(), bulk * scale,
                    tail * scale, run.get("warmup_seconds").asDouble(), run.get("sampling_seconds").asDouble(),
                    run.get("gradient_evaluations").asLong(), run.get("divergences").asLong(), stepSize(out),
                    sampling / ((double) settings.chains() * settings.draws()), loadAverage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + out.resolve("summary.json"), e);
        }
    }

    /**
     * The system's one-minute load average now (NaN where the platform has none): the machine may be shared, so
     * each row says how busy it was when its run ended, and ratios are read against it.
     */
    static double loadAverage() {
        double l = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l >= 0 ? l : Double.NaN;
    }

    /** The sampling step size, from the first draw of chain 1's CSV (stepsize__ column). */
    private static double stepSize(Path out) throws IOException {
        List<String> lines = Files.readAllLines(out.resolve("chain-1.csv"));
        String[] header = null;
        for (String l : lines) {
            if (l.startsWith("#") || l.isBlank()) {
                continue;
            }
            if (header == null) {
                header = l.split(",");
                continue;
            }
            String[] v = l.split(",");
            for (int i = 0; i < header.length; i++) {
                if (header[i].equals("stepsize__")) {
                    return Double.parseDouble(v[i]);
                }
            }
        }
        return Double.NaN;
    }
}
