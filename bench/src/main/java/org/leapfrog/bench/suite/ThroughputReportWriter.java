package org.leapfrog.bench.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes the throughput benchmark's files: {@code throughput.json} (everything), {@code throughput.csv}
 * (one row per point), {@code throughput.md} (the report) and two plots,
 * {@code throughput-grad-evals.png} and {@code throughput-ess.png}. CSV columns only ever get added, before
 * {@code precision}, which stays last (readers of older files rely on both).
 */
public final class ThroughputReportWriter {
    /** The chain count the targets compare at. */
    public static final int COMPARISON_CHAINS = 16384;

    private ThroughputReportWriter() {
    }

    /** The files written, in order. */
    public static List<Path> write(ThroughputReport r, Path dir) {
        ResultFiles.outputDirectory(dir);
        List<Path> files = List.of(dir.resolve("throughput.json"), dir.resolve("throughput.csv"),
                dir.resolve("throughput.md"), dir.resolve("throughput-grad-evals.png"), dir.resolve("throughput-ess.png"));
        ResultFiles.json(files.get(0), r);
        List<List<Object>> rows = new ArrayList<>();
        for (ThroughputRow t : r.rows()) {
            rows.add(List.of(t.workload(), t.implementation(), t.device(), t.chains(), t.iterations(), t.seconds(),
                    t.gradEvalsPerSecond(), nullable(t.essPerSecond()), nullable(t.acceptRate()), t.kind(), t.numerics(),
                    t.precision()));
        }
        ResultFiles.csv(files.get(1), List.of("workload", "implementation", "device", "chains", "iterations", "seconds",
                "grad_evals_per_s", "ess_per_s", "accept_rate", "kind", "numerics", "precision"), rows);
        ResultFiles.text(files.get(2), markdown(r));
        Plots.logLog(files.get(3), "HMC (L = 10) gradient evaluations per second", "chains",
                "gradient evaluations / s", series(r, false));
        Plots.logLog(files.get(4), "HMC (L = 10) ESS per second (min over coordinates, bulk)", "chains",
                "ESS / s", series(r, true));
        return files;
    }

    private static Object nullable(Double v) {
        return v == null ? "" : v;
    }

    private static List<Plots.Series> series(ThroughputReport r, boolean ess) {
        Map<String, List<ThroughputRow>> groups = new LinkedHashMap<>();
        for (ThroughputRow t : r.rows()) {
            if (ess && t.essPerSecond() == null) {
                continue;
            }
            groups.computeIfAbsent(t.workload() + " " + t.series(), k -> new ArrayList<>()).add(t);
        }
        List<Plots.Series> out = new ArrayList<>();
        for (Map.Entry<String, List<ThroughputRow>> e : groups.entrySet()) {
            List<ThroughputRow> g = new ArrayList<>(e.getValue());
            g.sort(java.util.Comparator.comparingInt(ThroughputRow::chains));
            double[] x = new double[g.size()];
            double[] y = new double[g.size()];
            for (int i = 0; i < g.size(); i++) {
                x[i] = g.get(i).chains();
                y[i] = ess ? g.get(i).essPerSecond() : g.get(i).gradEvalsPerSecond();
            }
            out.add(new Plots.Series(e.getKey(), x, y));
        }
        return out;
    }

    static String markdown(ThroughputReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# Throughput: HMC gradient evaluations and ESS per second versus chains\n\n");
        md.append("- Run: ").append(r.createdAt()).append(r.settings().quick() ? " (--quick)" : "").append(", ")
                .append(String.format("%.0f s", r.wallSeconds())).append('\n');
        md.append("- Machine: ").append(r.machine().describe()).append('\n');
        for (String b : r.backends()) {
            md.append("- Backend: ").append(b).append('\n');
        }
        ThroughputSettings s = r.settings();
        md.append(String.format("- Settings: %s, %s numerics, unit metric, L = 10, Philox momenta every iteration, "
                + "full MH step; chains 1 to %d; each point times iterations for at least %.2f s after warm-up; budget "
                + "%.0f s per point; seed %d%n",
                String.join(" and ", s.precisions().stream().map(p -> p.label()).toList()),
                String.join(" and ", s.numerics().stream().map(n -> n.label()).toList()),
                s.maxChains(), s.minSeconds(), s.maxSecondsPerPoint(), s.seed()));
        md.append("- Workloads: ICG-50 (step size 0.18), German credit logistic regression (step size 0.03)\n\n");
        md.append("ESS per second = ESS per chain-draw (below; chains are independent, so it does not depend on the batch) "
                + "x chains x iterations per second.\n\n");
        md.append("| workload | ESS run on | chains x draws (warmup) | min bulk ESS | ESS per chain-draw | accept |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (EssPerDraw e : r.ess()) {
            md.append(String.format("| %s | %s | %d x %d (%d) | %.0f | %.3g | %.2f |%n", e.workload(), e.backend(),
                    e.chains(), e.draws(), e.warmup(), e.minEssBulk(), e.perDraw(), e.acceptRate()));
        }
        Set<String> workloads = new LinkedHashSet<>();
        r.rows().forEach(t -> workloads.add(t.workload()));
        for (String w : workloads) {
            md.append("\n## ").append(w).append(": gradient evaluations per second\n\n");
            pivot(md, r, w, false);
            md.append("\n## ").append(w).append(": ESS per second\n\n");
            pivot(md, r, w, true);
            md.append('\n').append(comparison(r, w));
            md.append(mainJob(r, w));
        }
        if (!r.notes().isEmpty()) {
            md.append("\n## Notes\n\n");
            for (String n : r.notes()) {
                md.append("- ").append(n).append('\n');
            }
        }
        md.append("\nPlots: `throughput-grad-evals.png`, `throughput-ess.png`. Data: `throughput.csv`, `throughput.json`.\n");
        return md.toString();
    }

    private static void pivot(StringBuilder md, ThroughputReport r, String workload, boolean ess) {
        List<String> impls = new ArrayList<>();
        TreeSet<Integer> chains = new TreeSet<>();
        for (ThroughputRow t : r.rows()) {
            if (t.workload().equals(workload) && (!ess || t.essPerSecond() != null)) {
                if (!impls.contains(t.series())) {
                    impls.add(t.series());
                }
                chains.add(t.chains());
            }
        }
        md.append("| chains |");
        impls.forEach(i -> md.append(' ').append(i).append(" |"));
        md.append("\n|---|");
        impls.forEach(i -> md.append("---|"));
        md.append('\n');
        for (int n : chains) {
            md.append("| ").append(n).append(" |");
            for (String impl : impls) {
                Double v = null;
                for (ThroughputRow t : r.rows()) {
                    if (t.workload().equals(workload) && t.series().equals(impl) && t.chains() == n) {
                        v = ess ? t.essPerSecond() : t.gradEvalsPerSecond();
                    }
                }
                md.append(' ').append(ResultFiles.num(v)).append(" |");
            }
            md.append('\n');
        }
    }

    /** The main job's rate as a fraction of the kernel's, per series and chain count where both were measured. */
    static String mainJob(ThroughputReport r, String workload) {
        StringBuilder sb = new StringBuilder();
        for (ThroughputRow m : r.rows()) {
            if (!m.workload().equals(workload) || !ThroughputRow.MAIN_JOB.equals(m.kind())) {
                continue;
            }
            for (ThroughputRow k : r.rows()) {
                if (k.workload().equals(workload) && ThroughputRow.KERNEL.equals(k.kind()) && k.chains() == m.chains()
                        && k.implementation().equals(m.implementation()) && k.precision().equals(m.precision())
                        && k.numerics().equals(m.numerics())) {
                    if (sb.length() == 0) {
                        sb.append("\nThe main job (`leapfrog sample`, no adaptation, sampling phase) against the kernel "
                                + "timed alone just before it:\n\n| series | chains | kernel | main job | ratio |\n"
                                + "|---|---|---|---|---|\n");
                    }
                    sb.append(String.format("| %s | %d | %s | %s | %.2f |%n", k.series(), m.chains(),
                            ResultFiles.num(k.gradEvalsPerSecond()), ResultFiles.num(m.gradEvalsPerSecond()),
                            m.gradEvalsPerSecond() / k.gradEvalsPerSecond()));
                }
            }
        }
        return sb.toString();
    }

    /** Ratios at {@value #COMPARISON_CHAINS} chains (or the largest count every implementation reached). */
    private static String comparison(ThroughputReport r, String workload) {
        Map<String, Double> at = new LinkedHashMap<>();
        for (ThroughputRow t : r.rows()) {
            if (t.workload().equals(workload) && t.chains() == COMPARISON_CHAINS && ThroughputRow.KERNEL.equals(t.kind())) {
                at.put(t.series(), t.gradEvalsPerSecond());
            }
        }
        if (at.size() < 2) {
            return "";
        }
        StringBuilder sb = new StringBuilder("At " + COMPARISON_CHAINS + " chains:");
        String best = null;
        for (String impl : at.keySet()) {
            if (impl.startsWith("leapfrog-") && (best == null || at.get(impl) > at.get(best))) {
                best = impl;
            }
        }
        for (Map.Entry<String, Double> e : at.entrySet()) {
            if (best != null && !e.getKey().equals(best)) {
                sb.append(String.format(" %s is %.2fx %s;", best, at.get(best) / e.getValue(), e.getKey()));
            }
        }
        // Every Leapfrog series (each precision and numerics mode) against each reference, side by side.
        for (Map.Entry<String, Double> peer : at.entrySet()) {
            if (peer.getKey().startsWith("leapfrog-")) {
                continue;
            }
            sb.append("\n\nAgainst ").append(peer.getKey()).append(':');
            for (Map.Entry<String, Double> e : at.entrySet()) {
                if (e.getKey().startsWith("leapfrog-")) {
                    sb.append(String.format(" %s %.2fx;", e.getKey(), e.getValue() / peer.getValue()));
                }
            }
        }
        return sb.append('\n').toString();
    }
}
