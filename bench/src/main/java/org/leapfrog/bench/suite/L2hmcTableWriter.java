package org.leapfrog.bench.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the L2HMC-table benchmark's files: {@code l2hmc-table.json}, {@code l2hmc-table.csv},
 * {@code l2hmc-table.md} and {@code l2hmc-table.png} (ESS per MH step by configuration and estimator).
 */
public final class L2hmcTableWriter {
    private L2hmcTableWriter() {
    }

    public static List<Path> write(L2hmcTableReport r, Path dir) {
        ResultFiles.outputDirectory(dir);
        List<Path> files = List.of(dir.resolve("l2hmc-table.json"), dir.resolve("l2hmc-table.csv"),
                dir.resolve("l2hmc-table.md"), dir.resolve("l2hmc-table.png"));
        ResultFiles.json(files.get(0), r);
        List<List<Object>> rows = new ArrayList<>();
        for (L2hmcTableRow t : r.rows()) {
            rows.add(List.of(t.target(), t.sampler(), t.stepSize(), t.leapfrogs(), t.chains(), t.steps(), t.acceptRate(),
                    t.paperEssPerStep(), t.paperEssPerGradient(), t.minBulkEss(), t.minBulkEssPerChainStep(), t.seconds()));
        }
        ResultFiles.csv(files.get(1), List.of("target", "sampler", "step_size", "leapfrog_steps", "chains", "steps",
                "accept_rate", "paper_ess_per_step", "paper_ess_per_gradient", "min_bulk_ess", "min_bulk_ess_per_chain_step",
                "seconds"), rows);
        ResultFiles.text(files.get(2), markdown(r));
        List<String> categories = new ArrayList<>();
        double[] paper = new double[r.rows().size()];
        double[] bulk = new double[r.rows().size()];
        for (int i = 0; i < r.rows().size(); i++) {
            L2hmcTableRow t = r.rows().get(i);
            categories.add(t.target() + " " + t.sampler() + " " + t.stepSize());
            paper[i] = t.paperEssPerStep();
            bulk[i] = t.minBulkEssPerChainStep();
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("L2HMC paper's ESS per MH step", paper);
        series.put("min bulk ESS per chain-step", bulk);
        Plots.bars(files.get(3), "HMC with the L2HMC paper's settings (L = " + r.settings().leapfrogs() + ")",
                "ESS per MH step", categories, series);
        return files;
    }

    static String markdown(L2hmcTableReport r) {
        L2hmcTableSettings s = r.settings();
        StringBuilder md = new StringBuilder("# HMC baselines with the L2HMC paper's settings\n\n");
        md.append("- Run: ").append(r.createdAt()).append(s.quick() ? " (--quick)" : "")
                .append(String.format(", %.0f s%n", r.wallSeconds()));
        md.append("- Machine: ").append(r.machine().describe()).append('\n');
        md.append("- Backend: ").append(r.backend()).append('\n');
        md.append(String.format("- Settings: %d chains x %d MH steps (after %d dropped), L = %d leapfrog steps, unit "
                + "metric, float64, N(0, I) starts, seed %d%n", s.chains(), s.steps(), s.burnIn(), s.leapfrogs(), s.seed()));
        md.append("- Estimators: the L2HMC paper's ESS (autocorrelation about the true mean, normalised by the trace "
                + "of the true covariance, lags with autocorrelation <= 0.05 dropped), per MH step and per gradient; "
                + "and the minimum over coordinates of the bulk ESS (rank-normalised, Vehtari et al. 2021) per chain-step.\n");
        md.append("- Seconds: wall time of the sampling loop (the first configuration of a target may include OpenCL "
                + "kernel compilation).\n");
        md.append("- Learned samplers add rows with their own sampler name.\n\n");
        md.append("| target | sampler | step size | accept | paper ESS / MH step | paper ESS / gradient | min bulk ESS / chain-step | seconds |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        for (L2hmcTableRow t : r.rows()) {
            md.append(String.format("| %s | %s | %s | %.3f | %s | %s | %s | %.1f |%n", t.target(), t.sampler(),
                    t.stepSize(), t.acceptRate(), ResultFiles.num(t.paperEssPerStep()),
                    ResultFiles.num(t.paperEssPerGradient()), ResultFiles.num(t.minBulkEssPerChainStep()), t.seconds()));
        }
        md.append("\n## Notes (true moments used, stuck configurations)\n\n");
        for (String n : r.notes()) {
            md.append("- ").append(n).append('\n');
        }
        md.append("\nPlot: `l2hmc-table.png`. Data: `l2hmc-table.csv`, `l2hmc-table.json`.\n");
        return md.toString();
    }
}
