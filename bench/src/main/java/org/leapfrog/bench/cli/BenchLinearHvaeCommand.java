package org.leapfrog.bench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.leapfrog.bench.suite.ResultFiles;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.vae.hierarchical.LinearHvaeExperiment;
import org.leapfrog.vae.hierarchical.LinearHvaeMethod;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code leapfrog bench linear-hvae}: Hirt et al. Tables 4 and 5, linear hierarchical VAEs with and without MCMC
 * (condition numbers of the learned posterior and Delta log p(x) from the closed forms).
 */
@Command(name = "linear-hvae", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Linear hierarchical VAEs (hVAE, gradMALA-D/LT, dsMALA-D, gradHMC-D/LT, dsHMC-D) on 1000 "
                + "simulated observations, latent sizes (10,20) and (50,100): kappa(Sigma^-1), kappa(C' Sigma^-1 C) "
                + "and Delta log p(x) (Hirt et al. Tables 4 and 5). Default: the paper's epochs; --quick: a budget.")
final class BenchLinearHvaeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "Fewer epochs (200+10 for (10,20), 30+1 for (50,100)), 100 importance "
            + "samples (instead of 1000+1000, 5000+5000 and 1000).")
    boolean quick;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--models", split = ",", paramLabel = "NAME",
            description = "Models to run (default: all seven), e.g. hVAE,gradHMC-LT.")
    List<String> models;

    @Option(names = "--sizes", split = ",", paramLabel = "N1",
            description = "Only the sizes whose n1 is listed (10 and/or 50).")
    List<Integer> sizes;

    @Option(names = "--pretrain-epochs", paramLabel = "E", description = "Override the ELBO pre-training epochs.")
    Integer pretrainEpochs;

    @Option(names = "--mcmc-epochs", paramLabel = "E", description = "Override the second phase's epochs.")
    Integer mcmcEpochs;

    @Option(names = "--is-samples", paramLabel = "S",
            description = "Importance samples per observation for the encoder's log p(x) estimate; 0 to skip.")
    Integer isSamples;

    @Option(names = "--resume", description = "Keep the rows already in DIR/linear-hvae-runs.jsonl (same settings).")
    boolean resume;

    @Option(names = "--backend", paramLabel = "KIND", description = "auto, java or opencl (default: java).")
    String backend = "java";

    @Option(names = "--device", paramLabel = "INDEX", description = "OpenCL device index (see leapfrog devices).")
    Integer device;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path dir = ResultFiles.outputDirectory(out);
        LinearHvaeExperiment.Settings s = quick ? LinearHvaeExperiment.Settings.quick()
                : LinearHvaeExperiment.Settings.full();
        try {
            if (models != null) {
                List<LinearHvaeMethod> m = new ArrayList<>();
                for (String name : models) {
                    m.add(LinearHvaeMethod.byLabel(name.trim()));
                }
                s = s.withModels(m);
            }
            if (isSamples != null) {
                s = s.withImportanceSamples(isSamples);
            }
            if (sizes != null || pretrainEpochs != null || mcmcEpochs != null) {
                List<LinearHvaeExperiment.Size> chosen = new ArrayList<>();
                for (LinearHvaeExperiment.Size z : s.sizes()) {
                    if (sizes == null || sizes.contains(z.n1())) {
                        chosen.add(new LinearHvaeExperiment.Size(z.n1(), z.n2(), z.mcmcSteps(),
                                pretrainEpochs != null ? pretrainEpochs : z.pretrainEpochs(),
                                mcmcEpochs != null ? mcmcEpochs : z.mcmcEpochs()));
                    }
                }
                s = s.withSizes(chosen);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--" + e.getMessage());
        }
        List<LinearHvaeExperiment.Row> rows;
        boolean terminal = System.console() != null;
        try (Backend b = Backends.open(backend, device, err::println); Engine engine = Engine.on(b);
             ProgressBar bar = terminal ? new ProgressBarBuilder().setTaskName("linear-hvae epochs")
                     .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate().build() : null) {
            rows = LinearHvaeExperiment.run(s, dir, engine, LinearHvaeExperiment.defaultChains(),
                    new LinearHvaeExperiment.Progress() {
                        @Override
                        public void message(String line) {
                            if (bar != null) {
                                bar.setExtraMessage(" " + line);
                            }
                            err.println(line);
                            err.flush();
                        }

                        @Override
                        public void epoch(long done, long total) {
                            if (bar != null) {
                                bar.maxHint(total);
                                bar.stepTo(done);
                            }
                        }
                    }, resume);
        }
        spec.commandLine().getOut().println("wrote " + dir.resolve("linear-hvae.json") + " and linear-hvae.md ("
                + rows.size() + " rows)");
        return 0;
    }
}
