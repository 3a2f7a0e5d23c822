package org.leapfrog.bench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.leapfrog.bench.neural.NeuralBenchmark;
import org.leapfrog.bench.neural.NeuralReportWriter;
import org.leapfrog.samplers.Precision;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leapfrog bench neural}: the coupling sampler against HMC (ESS per step and per second). */
@Command(name = "neural", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train the proposal-entropy coupling sampler on each target and compare it with HMC (40 leapfrog "
                + "steps): ESS per MH step (known moments), bulk ESS, ESS/s; checks the BLR moments (Fig. A.4).")
final class BenchNeuralCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "bench-out/neural", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--quick", description = "Width 16, batch 128, 600 training iterations (BLR) or 150 (others), 128 chains, 600 MH steps: under 10 minutes on 2 cores (default: width 64, batch 1024, 2000/1000 iterations, 1024 chains, 2000 steps: hours here).")
    boolean quick;
    @Option(names = "--targets", paramLabel = "LIST", split = ",", description = "Subset of german, australian, heart, icg50, scg, funnel3, funnel1 (default: all).")
    List<String> targets;
    @Option(names = "--backend", paramLabel = "KIND", description = "auto, java or opencl (default: auto).")
    String backend;
    @Option(names = "--seed", defaultValue = "20210503", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--chains", paramLabel = "N", description = "Chains sampled by both samplers (default: 128, --quick; 1024 otherwise); starts tile the training buffer.")
    Integer chains;
    @Option(names = "--width", paramLabel = "N", description = "Network width for every target (default: 16, --quick; 64 otherwise; Table A.1 has 128 for the logistic regressions).")
    Integer width;
    @Option(names = "--train-iterations", paramLabel = "N", description = "Training iterations for every target (default: the plan's).")
    Integer trainIterations;
    @Option(names = "--precision", defaultValue = "float64", paramLabel = "P", description = "Sampling precision of both samplers, float64 or float32 (default: ${DEFAULT-VALUE}; training is float64).")
    String precision;

    @Override
    public Integer call() {
        NeuralBenchmark.Settings s = quick ? NeuralBenchmark.Settings.quick(seed) : NeuralBenchmark.Settings.full(seed);
        List<String> chosen = s.targets();
        if (targets != null) {
            for (String t : targets) {
                if (!s.targets().contains(t)) {
                    throw new IllegalArgumentException("--targets: '" + t + "'; allowed: " + String.join(", ", s.targets()));
                }
            }
            chosen = targets;
        }
        if (width != null && width < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--width: " + width + "; allowed: 1 or more");
        }
        if (trainIterations != null && trainIterations < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--train-iterations: " + trainIterations + "; allowed: 1 or more");
        }
        try {
            s = new NeuralBenchmark.Settings(chosen, width != null ? width : s.width(), s.batch(),
                    trainIterations != null ? trainIterations : s.blrIterations(),
                    trainIterations != null ? trainIterations : s.otherIterations(),
                    s.burnIn(), chains != null ? chains : s.chains(), s.steps(), s.pilotSteps(), s.seed(), backend,
                    Precision.parse(precision));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        List<NeuralBenchmark.Row> rows = NeuralBenchmark.run(s, out, err);
        NeuralReportWriter.write(out, rows, s, quick, (System.nanoTime() - t0) * 1e-9);
        spec.commandLine().getOut().println("wrote " + out.resolve("neural.json") + ", " + out.resolve("neural.md")
                + ", " + out.resolve("neural-ess.png"));
        return 0;
    }
}
