package org.leapfrog.bench.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Markdown report and PNG plots of {@code leapfrog bench l2hmc}. */
final class L2hmcReportWriter {
    private L2hmcReportWriter() {
    }

    private static double orNaN(Map<String, Object> r, String key) {
        Object v = r.get(key);
        return v instanceof Double d ? d : Double.NaN;
    }

    static void write(Path out, Map<String, Object> report, List<Map<String, Object>> rows,
                      List<Map<String, Object>> ratios, Map<String, Object> speed, List<String> notes) {
        StringBuilder md = new StringBuilder("# L2HMC vs HMC (leapfrog bench l2hmc" + ((Boolean) report.get("quick") ? " --quick" : "")
                + ")\n\n");
        md.append("Date: ").append(report.get("date")).append("; machine: ").append(((MachineInfo) report.get("machine")).describe())
                .append("; device: ").append(report.get("device")).append("\n\n");
        md.append("ESS per MH step by the paper's estimator (true moments, rho <= 0.05 cut), M = 10 leapfrog steps for both. "
                + "The estimator scores at most 1 ESS per MH step, so no sampler's ratio can exceed its ceiling, 1 / the "
                + "baseline's ESS per MH step.\n\n");
        md.append("| target | L2HMC ESS/MH | HMC at paper eps (eps) | paper-style ratio (ceiling) | poster ratio | best HMC (eps) | ratio vs best HMC (ceiling) | L2HMC Geyer ESS/chain-step | train its | train s |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : ratios) {
            md.append(String.format("| %s | %.4g | %.4g (%s) | %.2f (%.3g) | %s | %.4g (%s) | %.2f (%.3g) | %.4g | %s | %.0f |%n",
                    r.get("target"), (Double) r.get("l2hmc_ess_per_mh_step"), (Double) r.get("hmc_paper_ess_per_mh_step"),
                    L2hmcBenchmark.fmt((Double) r.get("hmc_paper_step_size")), (Double) r.get("ratio_paper_style"),
                    orNaN(r, "ratio_paper_style_ceiling"), r.get("poster_ratio"), (Double) r.get("hmc_best_ess_per_mh_step"),
                    L2hmcBenchmark.fmt((Double) r.get("hmc_best_step_size")), (Double) r.get("ratio_vs_best_hmc"),
                    orNaN(r, "ratio_vs_best_hmc_ceiling"),
                    (Double) r.get("l2hmc_ess_geyer_min_per_chain_step"), r.get("train_iterations"),
                    (Double) r.get("train_seconds")));
        }
        md.append("\n## All rows\n\n| target | sampler | eps | paper eps | accept | ESS/MH (paper) | ESS/gradient | min bulk ESS | min Geyer ESS | sample s |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : rows) {
            md.append(String.format("| %s | %s | %.4g | %s | %.3f | %.4g | %.4g | %.4g | %.4g | %.2f |%n", r.get("target"),
                    r.get("sampler"), (Double) r.get("step_size"), r.get("paper_step_size"), (Double) r.get("acceptance"),
                    (Double) r.get("ess_per_mh_step"), (Double) r.get("ess_per_gradient"), (Double) r.get("ess_bulk_min"),
                    (Double) r.get("ess_geyer_min"), (Double) r.get("sample_seconds")));
        }
        md.append("\n## Speed (ICG-50, H = 100, M = 10)\n\n");
        for (Map.Entry<String, Object> e : speed.entrySet()) {
            md.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        if (!notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            for (String n : notes) {
                md.append("- ").append(n).append('\n');
            }
        }
        ResultFiles.text(out.resolve("l2hmc.md"), md.toString());
        List<String> targets = new ArrayList<>();
        double[] l2 = new double[ratios.size()];
        double[] paper = new double[ratios.size()];
        double[] best = new double[ratios.size()];
        for (int i = 0; i < ratios.size(); i++) {
            Map<String, Object> r = ratios.get(i);
            targets.add((String) r.get("target"));
            l2[i] = (Double) r.get("l2hmc_ess_per_mh_step");
            paper[i] = (Double) r.get("hmc_paper_ess_per_mh_step");
            best[i] = (Double) r.get("hmc_best_ess_per_mh_step");
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("L2HMC", l2);
        series.put("HMC at the paper's step size", paper);
        series.put("HMC, best of the grid", best);
        if (targets.isEmpty()) {
            return; // a speed-only run: nothing was scored, so there is nothing to plot
        }
        Plots.bars(out.resolve("l2hmc-ess.png"), "ESS per MH step (paper's estimator)", "ESS / MH step", targets, series);
        List<Plots.Series> curves = new ArrayList<>();
        for (String t : targets) {
            List<double[]> pts = new ArrayList<>();
            for (Map<String, Object> r : rows) {
                if (r.get("target").equals(t) && r.get("sampler").equals("hmc") && (Double) r.get("ess_per_mh_step") > 0) {
                    pts.add(new double[] {(Double) r.get("step_size"), (Double) r.get("ess_per_mh_step")});
                }
            }
            pts.sort((a, b) -> Double.compare(a[0], b[0]));
            double[] x = new double[pts.size()];
            double[] y = new double[pts.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = pts.get(i)[0];
                y[i] = pts.get(i)[1];
            }
            if (x.length > 0) {
                curves.add(new Plots.Series("HMC " + t, x, y));
            }
        }
        if (curves.isEmpty()) {
            return; // --no-hmc: no HMC grid to plot
        }
        Plots.logLog(out.resolve("l2hmc-hmc-grid.png"), "HMC ESS per MH step against step size", "step size",
                "ESS / MH step", curves);
    }
}
