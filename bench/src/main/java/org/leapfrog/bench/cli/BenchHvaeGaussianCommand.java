package org.leapfrog.bench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.leapfrog.bench.suite.HvaeGaussianReport;
import org.leapfrog.bench.suite.ResultFiles;
import org.leapfrog.vae.gaussian.GaussianExperiment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code leapfrog bench hvae-gaussian}: the HVAE paper's Gaussian-model experiment (section 4.1, Fig. 1). Every
 * finished run is appended to DIR/runs.jsonl (the checkpoint); {@code --resume} skips those runs and, runs being
 * deterministic, gives the same table as an uninterrupted experiment.
 */
@Command(name = "hvae-gaussian", mixinStandardHelpOptions = true, sortOptions = false,
        description = "HVAE (K = 1, 10, with and without tempering) vs mean-field VB vs planar NF (K = 1, 30): "
                + "squared error of the learned Delta and sigma of the Gaussian model against d (Caterini et al. "
                + "2018, Fig. 1). Default: the paper's full plan; --quick: the budgeted plan.")
final class BenchHvaeGaussianCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "d in {2, 5, 11, 25}, 2 datasets, 3,000 steps of RMSProp 1e-2 "
            + "(instead of d up to 301, 10 datasets, 30,000 steps of 1e-3).")
    boolean quick;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Runs in parallel (default: the CPU count).")
    Integer threads;

    @Option(names = "--resume", description = "Continue from DIR/runs.jsonl (same plan).")
    boolean resume;

    @Option(names = "--dims", split = ",", paramLabel = "D", description = "Override the plan's dimensions.")
    List<Integer> dims;

    @Option(names = "--datasets", paramLabel = "R", description = "Override the plan's datasets per dimension.")
    Integer datasets;

    @Option(names = "--iterations", paramLabel = "T", description = "Override the plan's RMSProp steps per run.")
    Integer iterations;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path dir = ResultFiles.outputDirectory(out);
        String planName = quick ? "quick" : "full";
        GaussianExperiment.Plan base = quick ? GaussianExperiment.Plan.quick() : GaussianExperiment.Plan.full();
        GaussianExperiment.Plan plan;
        try {
            plan = new GaussianExperiment.Plan(dims != null ? dims : base.dims(),
                    datasets != null ? datasets : base.datasets(), base.n(),
                    iterations != null ? iterations : base.iterations(), base.rate(), base.samples(), base.methods(),
                    base.seed());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--" + e.getMessage());
        }
        if (dims != null || datasets != null || iterations != null) {
            planName += " (overridden)";
        }
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (n < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads: " + n + "; allowed: 1 or more");
        }
        Path checkpoint = dir.resolve("runs.jsonl");
        Path planFile = dir.resolve("plan.json");
        List<GaussianExperiment.Run> done = new ArrayList<>();
        String planJson = JSON.writeValueAsString(plan);
        if (resume) {
            if (!Files.exists(planFile) || !Files.readString(planFile).equals(planJson)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--resume: " + planFile + " is missing or holds another plan; allowed: the"
                        + " directory of an earlier run of the same plan (" + planName + ")");
            }
            if (Files.exists(checkpoint)) {
                for (String line : Files.readAllLines(checkpoint)) {
                    if (!line.isBlank()) {
                        done.add(JSON.readValue(line, GaussianExperiment.Run.class));
                    }
                }
            }
        } else {
            Files.writeString(planFile, planJson);
            Files.deleteIfExists(checkpoint);
        }
        err.printf("hvae-gaussian (%s plan): %d runs, %d done, %d threads%n", planName, plan.runs(), done.size(), n);
        err.flush();
        long t0 = System.nanoTime();
        List<GaussianExperiment.Run> runs;
        boolean terminal = System.console() != null;
        try (BufferedWriter w = Files.newBufferedWriter(checkpoint, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
             ProgressBar bar = terminal ? new ProgressBarBuilder().setTaskName("hvae-gaussian")
                     .setInitialMax(plan.runs()).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                     .continuousUpdate().build() : null) {
            if (bar != null) {
                bar.stepTo(done.size());
            }
            runs = new GaussianExperiment(plan, n).run(done, r -> {
                try {
                    w.write(JSON.writeValueAsString(r));
                    w.newLine();
                    w.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot append to " + checkpoint, e);
                }
                if (bar != null) {
                    bar.step();
                    bar.setExtraMessage(String.format(" d=%d %s", r.dim(), r.method()));
                } else {
                    err.printf("d=%d dataset %d %-19s delta err %.4g, sigma err %.4g (%.1f s)%n", r.dim(), r.dataset(),
                            r.method(), r.deltaError(), r.sigmaError(), r.seconds());
                    err.flush();
                }
            });
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String machine = System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors()
                + " CPUs, Java engine, " + n + " runs in parallel";
        HvaeGaussianReport.write(dir, planName, plan, runs, seconds, machine);
        spec.commandLine().getOut().println("wrote " + dir.resolve("hvae-gaussian.md") + " (" + String.format("%.0f", seconds)
                + " s)");
        return 0;
    }
}
