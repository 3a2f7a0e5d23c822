package org.leapfrog.bench.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.leapfrog.bench.suite.L2hmcBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leapfrog bench l2hmc}: train L2HMC, compare with HMC (paper step sizes and a grid), and speed vs PyTorch. */
@Command(name = "l2hmc", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train L2HMC on ICG-50, SCG, MoG and the Rough Well, sample it and HMC at the paper's step sizes "
                + "and over a grid, report ESS (paper's estimator, bulk, Geyer) and speed against a PyTorch peer.")
final class BenchL2hmcCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--out", defaultValue = "bench-out/l2hmc", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--quick", description = "100 training iterations, 300 MH steps, 5 grid points, ICG/SCG/MoG/RW (a few minutes).")
    boolean quick;
    @Option(names = "--targets", paramLabel = "LIST", split = ",", description = "Targets (default: all of the plan).")
    List<String> targets;
    @Option(names = "--train-iterations", paramLabel = "N", description = "Training iterations (default: 5000, quick 100).")
    Integer trainIterations;
    @Option(names = "--no-peers", description = "Skip the PyTorch peer.")
    boolean noPeers;
    @Option(names = "--models", paramLabel = "TARGET=FILE", split = ",", description = "Score these trained models "
            + "(from `train l2hmc`) instead of training, e.g. icg50=models/icg50.json.")
    Map<String, Path> models;
    @Option(names = "--no-speed", description = "Skip the speed comparison (training and sampling rates).")
    boolean noSpeed;
    @Option(names = "--no-hmc", description = "Score L2HMC only, without the HMC baselines (e.g. training snapshots).")
    boolean noHmc;
    @Option(names = "--speed-only", description = "Only the speed comparison: no training or scoring.")
    boolean speedOnly;

    @Override
    public Integer call() throws Exception {
        L2hmcBenchmark.Settings d = L2hmcBenchmark.Settings.of(quick);
        L2hmcBenchmark.Settings s;
        try {
            s = new L2hmcBenchmark.Settings(targets != null ? targets : d.targets(),
                trainIterations != null ? trainIterations : d.trainIterations(), d.chains(), d.steps(), d.burnIn(),
                d.gridPoints(), d.seed(), d.peers() && !noPeers, d.speedChains(), d.speedSteps(),
                d.speedTrainIterations(), d.peerThreads(), d.quick(), models != null ? models : Map.of(), !speedOnly,
                !noSpeed, !noHmc);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        new L2hmcBenchmark(s, out, line -> spec.commandLine().getErr().println(line)).run();
        spec.commandLine().getOut().println("wrote " + out.resolve("l2hmc.json") + ", l2hmc.md, l2hmc-ess.png, l2hmc-hmc-grid.png");
        return 0;
    }
}
