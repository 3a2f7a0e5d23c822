package org.leapfrog.bench.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leapfrog.vae.gaussian.GaussianExperiment;
import org.leapfrog.vae.gaussian.GaussianMethod;

/**
 * The files of {@code bench hvae-gaussian}: hvae-gaussian.json (plan, per-run and summary rows), .csv (summary),
 * .md (the tables), and PNGs like the paper's Fig. 1: (a) HVAE, VB and NF, (b) HVAE with and without tempering,
 * each for ||Delta_hat - Delta||^2 and ||sigma_hat - sigma||^2 against d.
 */
public final class HvaeGaussianReport {
    private HvaeGaussianReport() {
    }

    public static void write(Path dir, String planName, GaussianExperiment.Plan plan, List<GaussianExperiment.Run> runs,
                             double seconds, String machine) {
        List<GaussianExperiment.Cell> cells = GaussianExperiment.summarise(plan, runs);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "hvae-gaussian");
        json.put("plan", planName);
        json.put("settings", plan);
        json.put("machine", machine);
        json.put("seconds", seconds);
        json.put("summary", cells);
        json.put("runs", runs);
        ResultFiles.json(dir.resolve("hvae-gaussian.json"), json);
        List<List<Object>> rows = new ArrayList<>();
        for (GaussianExperiment.Cell c : cells) {
            rows.add(List.of(c.dim(), c.method(), c.datasets(), c.deltaError(), c.deltaSe(), c.sigmaError(), c.sigmaSe(),
                    c.referenceDeltaError(), c.referenceSigmaError()));
        }
        ResultFiles.csv(dir.resolve("hvae-gaussian.csv"), List.of("d", "method", "datasets", "delta_sq_error",
                "delta_se", "sigma_sq_error", "sigma_se", "reference_delta_sq_error", "reference_sigma_sq_error"), rows);
        ResultFiles.text(dir.resolve("hvae-gaussian.md"), markdown(planName, plan, cells, seconds, machine));
        List<String> fig1a = List.of("HVAE-1", "HVAE-10", "VB", "NF-1", "NF-30");
        List<String> fig1b = List.of("HVAE-1", "HVAE-10", "HVAE-1-untempered", "HVAE-10-untempered");
        plot(dir.resolve("fig1a-delta.png"), "Fig. 1a: Delta, HVAE vs VB vs NF", cells, fig1a, true);
        plot(dir.resolve("fig1a-sigma.png"), "Fig. 1a: sigma, HVAE vs VB vs NF", cells, fig1a, false);
        plot(dir.resolve("fig1b-delta.png"), "Fig. 1b: Delta, HVAE with and without tempering", cells, fig1b, true);
        plot(dir.resolve("fig1b-sigma.png"), "Fig. 1b: sigma, HVAE with and without tempering", cells, fig1b, false);
    }

    private static void plot(Path file, String title, List<GaussianExperiment.Cell> cells, List<String> methods,
                             boolean delta) {
        List<Plots.Series> series = new ArrayList<>();
        for (String m : methods) {
            List<double[]> pts = new ArrayList<>();
            for (GaussianExperiment.Cell c : cells) {
                double v = delta ? c.deltaError() : c.sigmaError();
                if (c.method().equals(m) && v > 0) {
                    pts.add(new double[] {c.dim(), v});
                }
            }
            double[] x = new double[pts.size()], y = new double[pts.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = pts.get(i)[0];
                y[i] = pts.get(i)[1];
            }
            series.add(new Plots.Series(m, x, y));
        }
        // The reference estimates (x_bar, sample sd): the floor set by the data (see GaussianData).
        List<double[]> ref = new ArrayList<>();
        for (GaussianExperiment.Cell c : cells) {
            double v = delta ? c.referenceDeltaError() : c.referenceSigmaError();
            if (c.method().equals(methods.get(0)) && v > 0) {
                ref.add(new double[] {c.dim(), v});
            }
        }
        double[] rx = new double[ref.size()], ry = new double[ref.size()];
        for (int i = 0; i < rx.length; i++) {
            rx[i] = ref.get(i)[0];
            ry[i] = ref.get(i)[1];
        }
        series.add(new Plots.Series(delta ? "reference: x_bar" : "reference: sample sd", rx, ry));
        Plots.logLog(file, title, "dimension d", delta ? "mean ||Delta_hat - Delta||^2" : "mean ||sigma_hat - sigma||^2",
                series);
    }

    private static String markdown(String planName, GaussianExperiment.Plan plan, List<GaussianExperiment.Cell> cells,
                                   double seconds, String machine) {
        StringBuilder sb = new StringBuilder();
        sb.append("# HVAE Gaussian-model experiment (Caterini et al. 2018, section 4.1, Fig. 1)\n\n");
        sb.append(String.format("Plan `%s`: d in %s, %d dataset(s) of N = %d each, %d RMSProp steps of %.3g, %d draws per"
                        + " ELBO estimate; %.0f s on %s.%n%n", planName, plan.dims(), plan.datasets(), plan.n(),
                plan.iterations(), plan.rate(), plan.samples(), seconds, machine));
        for (boolean delta : new boolean[] {true, false}) {
            sb.append(delta ? "## Mean ||Delta_hat - Delta||^2\n\n" : "\n## Mean ||sigma_hat - sigma||^2\n\n");
            sb.append(delta ? "Reference: x_bar, the maximum-likelihood estimate (Delta and z are confounded).\n\n"
                    : "Reference: the sample sd sqrt(C / (N - 1)).\n\n");
            sb.append("| d | reference |");
            for (GaussianMethod m : plan.methods()) {
                sb.append(' ').append(m.label()).append(" |");
            }
            sb.append("\n|---|---|");
            sb.append("---|".repeat(plan.methods().size())).append('\n');
            for (int d : plan.dims()) {
                sb.append("| ").append(d).append(" |");
                for (GaussianExperiment.Cell c : cells) {
                    if (c.dim() == d && c.method().equals(plan.methods().get(0).label())) {
                        sb.append(' ').append(ResultFiles.num(delta ? c.referenceDeltaError() : c.referenceSigmaError()))
                                .append(" |");
                    }
                }
                for (GaussianMethod m : plan.methods()) {
                    for (GaussianExperiment.Cell c : cells) {
                        if (c.dim() == d && c.method().equals(m.label())) {
                            sb.append(' ').append(ResultFiles.num(delta ? c.deltaError() : c.sigmaError()));
                            double se = delta ? c.deltaSe() : c.sigmaSe();
                            if (!Double.isNaN(se)) {
                                sb.append(" ± ").append(ResultFiles.num(se));
                            }
                            sb.append(" |");
                        }
                    }
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
