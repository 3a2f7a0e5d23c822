package org.leapfrog.bench.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes {@code bench ess}'s ess.json, ess.csv, ess.md and two PNG bar charts (ESS/s and ESS/gradient). */
public final class EssReportWriter {
    private EssReportWriter() {
    }

    public static void write(Path dir, EssSettings settings, MachineInfo machine, EssBenchmark.Result result,
                             String command) {
        List<EssRow> rows = result.rows();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", command);
        json.put("machine", machine);
        json.put("settings", settings);
        List<Map<String, Object>> out = new ArrayList<>();
        for (EssRow r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", r.method());
            m.put("workload", r.workload());
            m.put("device", r.device());
            m.put("chains", r.chains());
            m.put("warmup", r.warmup());
            m.put("draws", r.draws());
            m.put("min_ess_bulk", r.minEssBulk());
            m.put("min_ess_tail", r.minEssTail());
            m.put("warmup_seconds", r.warmupSeconds());
            m.put("sampling_seconds", r.samplingSeconds());
            m.put("gradients", r.gradients());
            m.put("divergences", r.divergences());
            m.put("step_size", r.stepSize());
            m.put("mean_leapfrog_steps", r.meanSteps());
            m.put("gradients_per_second", r.gradients() / r.seconds());
            m.put("load_average", Double.isNaN(r.loadAverage()) ? null : r.loadAverage());
            m.put("ess_bulk_per_second", r.bulkPerSecond());
            m.put("ess_tail_per_second", r.tailPerSecond());
            m.put("ess_bulk_per_sampling_second", r.bulkPerSamplingSecond());
            m.put("ess_bulk_per_gradient", r.bulkPerGradient());
            m.put("ess_tail_per_gradient", r.tailPerGradient());
            EssRow stan = stanFor(rows, r.workload());
            if (stan != null && r != stan) {
                m.put("ratio_ess_bulk_per_second_vs_stan", r.bulkPerSecond() / stan.bulkPerSecond());
                m.put("ratio_ess_bulk_per_gradient_vs_stan", r.bulkPerGradient() / stan.bulkPerGradient());
            }
            out.add(m);
        }
        json.put("rows", out);
        json.put("stan_note", result.stanNote());
        ResultFiles.json(dir.resolve("ess.json"), json);

        List<String> header = List.of("method", "workload", "chains", "warmup", "draws", "min_ess_bulk", "min_ess_tail",
                "warmup_seconds", "sampling_seconds", "gradients", "divergences", "step_size", "mean_leapfrog_steps",
                "load_average",
                "ess_bulk_per_second", "ess_tail_per_second", "ess_bulk_per_gradient", "ess_tail_per_gradient",
                "device");
        List<List<Object>> csv = new ArrayList<>();
        for (EssRow r : rows) {
            csv.add(List.of(r.method(), r.workload(), r.chains(), r.warmup(), r.draws(), r.minEssBulk(), r.minEssTail(),
                    r.warmupSeconds(), r.samplingSeconds(), r.gradients(), r.divergences(), r.stepSize(),
                    r.meanSteps(), r.loadAverage(), r.bulkPerSecond(), r.tailPerSecond(), r.bulkPerGradient(), r.tailPerGradient(),
                    r.device()));
        }
        ResultFiles.csv(dir.resolve("ess.csv"), header, csv);
        ResultFiles.text(dir.resolve("ess.md"), markdown(settings, machine, result, command));
        plots(dir, settings, rows);
    }

    static String markdown(EssSettings s, MachineInfo machine, EssBenchmark.Result result, String command) {
        StringBuilder md = new StringBuilder("# ESS per second and per gradient: `leapfrog sample` vs Stan NUTS\n\n");
        md.append("Command: `").append(command).append("`  \nMachine: ").append(machine.describe()).append("\n\n");
        md.append(String.format("Leapfrog: `leapfrog sample` with %d chains, %d warmup (ChEES %d) + %d draws, %d "
                + "chains written (their min ESS scaled to all chains), window and ChEES adaptation. Stan: NUTS (rstan "
                + "defaults), %d chains side by side (one per core), %d warmup + %d draws, run right after each "
                + "workload's Leapfrog rows. Seconds are warmup + sampling; gradients include warmup; load is the "
                + "machine's one-minute load average when the run ended.%n%n", s.chains(), s.warmup(), s.cheesWarmup(),
                s.draws(), s.keepChains(), s.stanChains(), s.stanWarmup(), s.stanDraws()));
        if (result.stanNote() != null) {
            md.append("Stan NUTS was not run: ").append(result.stanNote()).append("\n\n");
        }
        md.append("| workload | method | min bulk ESS | min tail ESS | seconds (warmup) | gradients | bulk ESS/s | "
                + "tail ESS/s | bulk ESS/gradient | step size | mean L | divergences | ESS/s vs Stan | "
                + "ESS/gradient vs Stan | gradients/s | load |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (EssRow r : result.rows()) {
            EssRow stan = stanFor(result.rows(), r.workload());
            boolean vs = stan != null && stan != r;
            md.append(String.format("| %s | %s | %s | %s | %s (%s) | %s | %s | %s | %s | %s | %s | %d | %s | %s | %s | %s |%n",
                    r.workload(), r.method(), ResultFiles.num(r.minEssBulk()), ResultFiles.num(r.minEssTail()),
                    ResultFiles.num(r.seconds()), ResultFiles.num(r.warmupSeconds()),
                    ResultFiles.num((double) r.gradients()), ResultFiles.num(r.bulkPerSecond()),
                    ResultFiles.num(r.tailPerSecond()), ResultFiles.num(r.bulkPerGradient()),
                    ResultFiles.num(r.stepSize()), ResultFiles.num(r.meanSteps()), r.divergences(),
                    vs ? ResultFiles.num(r.bulkPerSecond() / stan.bulkPerSecond()) + "x" : "-",
                    vs ? ResultFiles.num(r.bulkPerGradient() / stan.bulkPerGradient()) + "x" : "-",
                    ResultFiles.num(r.gradients() / r.seconds()), ResultFiles.num(r.loadAverage())));
        }
        md.append("\nPlots: `ess_per_second.png`, `ess_per_gradient.png` (min bulk ESS, bars in log10).\n");
        return md.toString();
    }

    private static void plots(Path dir, EssSettings s, List<EssRow> rows) {
        List<String> workloads = new ArrayList<>();
        Map<String, double[]> perSecond = new LinkedHashMap<>(), perGradient = new LinkedHashMap<>();
        for (EssRow r : rows) {
            if (!workloads.contains(r.workload())) {
                workloads.add(r.workload());
            }
        }
        for (EssRow r : rows) {
            int i = workloads.indexOf(r.workload());
            perSecond.computeIfAbsent(r.method(), k -> filled(workloads.size()))[i] = positive(r.bulkPerSecond());
            perGradient.computeIfAbsent(r.method(), k -> filled(workloads.size()))[i] = positive(r.bulkPerGradient());
        }
        // log10 on a linear axis: the rates span orders of magnitude across workloads
        Plots.bars(dir.resolve("ess_per_second.png"), "min bulk ESS per second (warmup included)", "log10(ESS / s)",
                workloads, perSecond);
        Plots.bars(dir.resolve("ess_per_gradient.png"), "min bulk ESS per gradient (warmup included)",
                "log10(ESS / gradient)", workloads, perGradient);
    }

    /** Missing bars: 0. */
    private static double[] filled(int n) {
        return new double[n];
    }

    private static double positive(double v) {
        return v > 0 && Double.isFinite(v) ? Math.log10(v) : 0.0;
    }

    private static EssRow stanFor(List<EssRow> rows, String workload) {
        for (EssRow r : rows) {
            if (r.method().equals("stan nuts") && r.workload().equals(workload)) {
                return r;
            }
        }
        return null;
    }
}
