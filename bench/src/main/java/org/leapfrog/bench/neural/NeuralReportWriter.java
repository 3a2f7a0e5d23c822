package org.leapfrog.bench.neural;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leapfrog.bench.suite.MachineInfo;
import org.leapfrog.bench.suite.Plots;

/** Writes {@code neural.json} (one row per target and sampler), {@code neural.md} and {@code neural-ess.png}. */
public final class NeuralReportWriter {
    /** Table A.2 (one 2080Ti, batch 64): ESS/s of the learned sampler and HMC. */
    static final Map<String, double[]> PAPER = Map.of("german", new double[] {3651, 772.7},
            "australian", new double[] {3433, 127.2}, "heart", new double[] {4235, 997.1});

    private NeuralReportWriter() {
    }

    public static void write(Path dir, List<NeuralBenchmark.Row> rows, NeuralBenchmark.Settings s, boolean quick,
                             double wallSeconds) {
        try {
            Files.createDirectories(dir);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("neural.json").toFile(),
                    rows);
            Files.writeString(dir.resolve("neural.md"), markdown(rows, s, quick, wallSeconds));
            List<String> cats = new ArrayList<>();
            List<Double> nn = new ArrayList<>(), hmc = new ArrayList<>();
            for (NeuralBenchmark.Row r : rows) {
                if (r.sampler().equals("neural")) {
                    cats.add(r.target());
                    nn.add(Math.max(r.ess_per_second_mean(), 1e-9));
                    hmc.add(Math.max(find(rows, r.target(), "hmc").ess_per_second_mean(), 1e-9));
                }
            }
            Map<String, double[]> series = new LinkedHashMap<>();
            series.put("neural", nn.stream().mapToDouble(Double::doubleValue).toArray());
            series.put("hmc (40 leapfrog steps)", hmc.stream().mapToDouble(Double::doubleValue).toArray());
            Plots.bars(dir.resolve("neural-ess.png"), "ESS per second (mean over dimensions)", "ESS/s", cats, series);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + dir, e);
        }
    }

    static NeuralBenchmark.Row find(List<NeuralBenchmark.Row> rows, String target, String sampler) {
        for (NeuralBenchmark.Row r : rows) {
            if (r.target().equals(target) && r.sampler().equals(sampler)) {
                return r;
            }
        }
        throw new IllegalStateException("no " + sampler + " row for " + target);
    }

    static String markdown(List<NeuralBenchmark.Row> rows, NeuralBenchmark.Settings s, boolean quick, double wall) {
        StringBuilder sb = new StringBuilder("# Proposal-entropy coupling sampler vs HMC\n\n");
        sb.append(String.format("%s run, %.0f s wall; %s.%n%n", quick ? "Quick" : "Full", wall,
                MachineInfo.collect().describe()));
        sb.append(String.format("Training: Table A.1's steps, acceptance targets and learning rates, width %d, batch %d, "
                        + "%d iterations (logistic regressions) or %d (others); buffer burned in by %d HMC warmup "
                        + "iterations. Sampling in %s: %d MH steps (ESS over the later %d), %d chains for each sampler: the "
                        + "neural sampler from the trained buffer, HMC (40 leapfrog steps, unit metric, best step size of "
                        + "%s x base by pilot runs of %d steps) from HMC-burned-in states. ESS/s = ESS per MH step x "
                        + "chains / seconds per step (each step includes reading the positions back).%n%n",
                s.width(), s.batch(), s.blrIterations(), s.otherIterations(), s.burnIn(), s.precision().label(), s.steps(),
                s.steps() - s.steps() / 2, s.chains(), java.util.Arrays.toString(NeuralBenchmark.GRID), s.pilotSteps()));
        sb.append("| target | sampler | ESS/step min | ESS/step mean | ESS/s min | ESS/s mean | bulk ESS min | accept "
                + "| train s | sample s | moment check |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (NeuralBenchmark.Row r : rows) {
            Object check = r.details().get("moment_check");
            String c = check == null ? "" : describe(check);
            sb.append(String.format("| %s | %s | %.4f | %.4f | %.1f | %.1f | %.0f | %.3f | %.1f | %.1f | %s |%n",
                    r.target(), r.sampler(), r.ess_per_mh_step_min(), r.ess_per_mh_step_mean(), r.ess_per_second_min(),
                    r.ess_per_second_mean(), r.ess_bulk_min(), r.acceptance(), r.train_seconds(), r.sample_seconds(), c));
        }
        sb.append("\n## ESS/s ratios, neural / HMC, against Table A.2\n\nCeiling: the mean ratio if the neural sampler "
                + "reached the estimator's cap of 1 ESS per MH step in every dimension, at this run's step times "
                + "(no sampler can exceed it here).\n\n| dataset | ratio (mean) | ratio (min) | ceiling (mean) | "
                + "paper ratio | seconds per step neural / HMC | neural ESS/s mean | paper neural ESS/s (GPU) |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (String t : new String[] {"german", "australian", "heart"}) {
            if (rows.stream().noneMatch(r -> r.target().equals(t))) {
                continue;
            }
            NeuralBenchmark.Row n = find(rows, t, "neural"), h = find(rows, t, "hmc");
            double[] p = PAPER.get(t);
            Map<String, Object> r = NeuralBenchmark.ratios(n, h);
            sb.append(String.format("| %s | %.2f | %.2f | %.2f | %.1f | %.3g / %.3g | %.1f (%d chains) | %.0f |%n", t,
                    r.get("ratio_mean"), r.get("ratio_min"), r.get("ratio_mean_ceiling"), p[0] / p[1],
                    n.sample_seconds() / n.steps(), h.sample_seconds() / h.steps(), n.ess_per_second_mean(), n.chains(),
                    p[0]));
        }
        return sb.toString();
    }

    private static String describe(Object check) {
        Map<?, ?> m = (Map<?, ?>) check;
        return String.format("%s (mean %s, sd %s, 4th %s of %s within 4 MCSE)", Boolean.TRUE.equals(m.get("pass"))
                        ? "pass" : "FAIL", m.get("mean_within_4_mcse"), m.get("sd_within_4_mcse"),
                m.get("fourth_within_4_mcse"), m.get("dimensions"));
    }
}
