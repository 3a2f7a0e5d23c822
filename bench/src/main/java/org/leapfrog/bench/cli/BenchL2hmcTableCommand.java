package org.leapfrog.bench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.leapfrog.bench.suite.L2hmcTableBenchmark;
import org.leapfrog.bench.suite.L2hmcTableReport;
import org.leapfrog.bench.suite.L2hmcTableSettings;
import org.leapfrog.bench.suite.L2hmcTableWriter;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.Backends;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leapfrog bench l2hmc-table}: HMC baselines with the L2HMC paper's settings and ESS estimators. */
@Command(name = "l2hmc-table", mixinStandardHelpOptions = true, sortOptions = false,
        description = "HMC baselines on ICG-50, SCG, Rough Well and MoG with the L2HMC paper's settings, reported "
                + "with the paper's ESS estimator and with bulk ESS.")
final class BenchL2hmcTableCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "bench-out/l2hmc-table", paramLabel = "DIR",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--quick", description = "400 MH steps instead of 2000.")
    boolean quick;
    @Option(names = "--targets", paramLabel = "LIST", split = ",",
            description = "Subset of icg50, scg, roughwell, mog (default: all four).")
    List<String> targets;
    @Option(names = "--chains", paramLabel = "N", description = "Chains (default: 200).")
    Integer chains;
    @Option(names = "--steps", paramLabel = "N", description = "MH steps per chain in the estimators (default: 2000; --quick: 400).")
    Integer steps;
    @Option(names = "--burn-in", paramLabel = "N", defaultValue = "0",
            description = "MH steps dropped first (default: ${DEFAULT-VALUE}, as the paper's estimator).")
    int burnIn;
    @Option(names = "--backend", paramLabel = "KIND", description = "auto, java or opencl (default: auto).")
    String backend;
    @Option(names = "--device", paramLabel = "N", description = "OpenCL device index from 'leapfrog devices'.")
    Integer device;
    @Option(names = "--seed", defaultValue = "20181203", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        L2hmcTableSettings s = quick ? L2hmcTableSettings.quick(seed) : L2hmcTableSettings.full(seed);
        List<L2hmcTableSettings.Config> configs = s.configs();
        if (targets != null) {
            List<String> known = configs.stream().map(L2hmcTableSettings.Config::target).toList();
            for (String t : targets) {
                if (!known.contains(t)) {
                    throw new IllegalArgumentException("--targets: '" + t + "'; allowed: " + String.join(", ", known));
                }
            }
            configs = configs.stream().filter(c -> targets.contains(c.target())).toList();
        }
        s = s.with(configs, chains != null ? chains : s.chains(), steps != null ? steps : s.steps(), burnIn);
        PrintWriter err = spec.commandLine().getErr();
        L2hmcTableReport report;
        try (Backend b = Backends.open(backend, device, line -> err.println(line))) {
            String label = b.kind().label() + (b.device().index() >= 0 ? ":" + b.device().index() : "") + " ("
                    + b.device().name() + ")";
            report = new L2hmcTableBenchmark(s, b, label, line -> {
                err.println(line);
                err.flush();
            }).run();
        }
        PrintWriter o = spec.commandLine().getOut();
        for (Path p : L2hmcTableWriter.write(report, out)) {
            o.println("wrote " + p);
        }
        o.flush();
        return 0;
    }
}
