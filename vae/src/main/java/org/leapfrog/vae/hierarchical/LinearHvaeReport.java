package org.leapfrog.vae.hierarchical;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** The files of the linear hierarchical VAE experiment: linear-hvae.json, linear-hvae.md and ELBO curves. */
final class LinearHvaeReport {
    static final String DEFINITIONS = "kappa_posterior_precision = kappa(Sigma_z|x^-1) and kappa_preconditioned = "
            + "kappa(C' Sigma_z|x^-1 C) under the learned theta (C: the chain's preconditioner at the end of training; "
            + "the identity for dual averaging); delta_log_px = log p_true(x) - log p_theta(x), exact, summed over "
            + "the training observations (per observation: delta_log_px_per_observation; delta_log_px_test: the "
            + "same on as many held-out observations); log_px_importance_sampled: the encoder's importance-sampled "
            + "estimate of log p_theta(x) (sum; ± its delta-method standard error), against log_px_exact.";

    private LinearHvaeReport() {
    }

    static void write(LinearHvaeExperiment.Settings s, List<LinearHvaeExperiment.Row> rows, double seconds, Path out)
            throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "linear-hvae");
        json.put("plan", plan(s));
        json.put("definitions", DEFINITIONS);
        List<Map<String, Object>> list = new ArrayList<>();
        for (LinearHvaeExperiment.Row r : rows) {
            list.add(r.toMap());
        }
        json.put("rows", list);
        json.put("seconds", seconds);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("linear-hvae.json").toFile(),
                json);
        Files.writeString(out.resolve("linear-hvae.md"), markdown(s, rows, seconds));
    }

    static Map<String, Object> plan(LinearHvaeExperiment.Settings s) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", s.plan());
        List<Map<String, Object>> sizes = new ArrayList<>();
        for (LinearHvaeExperiment.Size z : s.sizes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("n1", z.n1());
            m.put("n2", z.n2());
            m.put("dx", LinearHvaeExperiment.dataDim(z.n1(), z.n2()));
            m.put("mcmc_steps", z.mcmcSteps());
            m.put("epochs_pretrain", z.pretrainEpochs());
            m.put("epochs_second_phase", z.mcmcEpochs());
            sizes.add(m);
        }
        p.put("sizes", sizes);
        p.put("models", s.models().stream().map(LinearHvaeMethod::label).toList());
        p.put("observations", s.observations());
        p.put("noise_sd", s.noiseSd());
        p.put("batch", s.batch());
        p.put("learning_rate", s.rate());
        p.put("importance_samples", s.isSamples());
        p.put("seed", s.seed());
        return p;
    }

    static String markdown(LinearHvaeExperiment.Settings s, List<LinearHvaeExperiment.Row> rows, double seconds) {
        StringBuilder b = new StringBuilder();
        b.append("# Linear hierarchical VAEs (Hirt et al. Tables 4 and 5)\n\n");
        b.append(String.format(Locale.ROOT, "Plan `%s`: %d observations, noise sd %s, batch %d, Adam %s; %.0f s.%n%n",
                s.plan(), s.observations(), s.noiseSd(), s.batch(), s.rate(), seconds));
        b.append("| model | (n1,n2) | K | epochs | kappa(Sigma^-1) | kappa(C' Sigma^-1 C) | Delta log p(x) | per obs."
                + " | held-out Delta | log p(x) exact | IS estimate | acceptance | train s |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (LinearHvaeExperiment.Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | (%d,%d) | %s | %d+%d | %.4g | %s | %.2f | %.4f | %.2f | %.2f | %s"
                            + " | %s | %.1f |%n", r.model(), r.n1(), r.n2(), r.mcmcSteps() == 0 ? "-" : r.mcmcSteps(),
                    r.pretrainEpochs(), r.mcmcEpochs(), r.kappaPosteriorPrecision(), num(r.kappaPreconditioned(), "%.4g"),
                    r.deltaLogPx(), r.deltaLogPxPerObservation(), r.deltaLogPxTest(), r.logPxExact(),
                    Double.isFinite(r.logPxImportance()) ? String.format(Locale.ROOT, "%.2f ± %.2f", r.logPxImportance(),
                            r.logPxImportanceSe()) : "-", num(r.acceptance(), "%.3f"), r.trainSeconds()));
        }
        b.append("\n").append(DEFINITIONS).append("\n");
        if (!rows.isEmpty()) {
            b.append(String.format(Locale.ROOT, "%nkappa(Sigma^-1) under the true parameters: %s.%n",
                    String.join(", ", rows.stream().map(r -> String.format(Locale.ROOT, "(%d,%d) %.4g", r.n1(), r.n2(),
                            r.kappaTrue())).distinct().toList())));
        }
        return b.toString();
    }

    private static String num(double v, String format) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "-";
    }

    /** ELBO per observation against epoch for every model of one size. */
    static void curves(List<LinearHvaeExperiment.Row> rows, LinearHvaeExperiment.Size size, Path file)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title("Linear hVAE " + size.label())
                .xAxisTitle("epoch").yAxisTitle("ELBO per observation").build();
        boolean any = false;
        for (LinearHvaeExperiment.Row r : rows) {
            double[] h = r.elboHistory();
            if (h.length == 0) {
                continue;
            }
            double[] e = new double[h.length];
            for (int i = 0; i < e.length; i++) {
                e[i] = i + 1;
            }
            chart.addSeries(r.model(), e, h).setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
            any = true;
        }
        if (!any) {
            return;
        }
        String name = file.toString();
        BitmapEncoder.saveBitmap(chart, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name,
                BitmapEncoder.BitmapFormat.PNG);
    }
}
