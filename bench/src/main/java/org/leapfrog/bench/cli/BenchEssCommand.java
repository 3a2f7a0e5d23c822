package org.leapfrog.bench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.leapfrog.bench.suite.EssBenchmark;
import org.leapfrog.bench.suite.EssReportWriter;
import org.leapfrog.bench.suite.EssSettings;
import org.leapfrog.bench.suite.MachineInfo;
import org.leapfrog.bench.suite.ResultFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leapfrog bench ess}: ESS/s and ESS/gradient of {@code leapfrog sample} (window, ChEES) vs Stan NUTS. */
@Command(name = "ess", mixinStandardHelpOptions = true,
        description = "Min bulk/tail ESS per second (warmup included) and per gradient of 'leapfrog sample' with "
                + "window and ChEES adaptation vs Stan NUTS (rstan, one chain per core) on ICG-50, German credit, "
                + "Funnel-3 and Rough Well.")
final class BenchEssCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "1024 chains, 250 warmup (ChEES 200) + 500 draws; Stan 500 + 500 (under 10 minutes).")
    boolean quick;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for ess.json/.csv/.md/.png.")
    Path out;
    @Option(names = "--chains", paramLabel = "N", description = "Leapfrog's chains (default: 4096; --quick: 1024).")
    Integer chains;
    @Option(names = "--warmup", paramLabel = "N", description = "Leapfrog's warmup iterations with window adaptation, and with ChEES unless --chees-warmup (default: 500; --quick: 250).")
    Integer warmup;
    @Option(names = "--chees-warmup", paramLabel = "N", description = "Leapfrog's warmup iterations with ChEES adaptation (default: --warmup if given, else 250; --quick: 200).")
    Integer cheesWarmup;
    @Option(names = "--draws", paramLabel = "N", description = "Leapfrog's draws (default: 1000; --quick: 500).")
    Integer draws;
    @Option(names = "--workloads", paramLabel = "LIST", description = "Comma-separated subset of icg50,german,funnel3,roughwell.")
    String workloads;
    @Option(names = "--adaptations", paramLabel = "LIST", description = "Comma-separated subset of window,chees (default: both).")
    String adaptations;
    @Option(names = "--backend", paramLabel = "KIND", defaultValue = "auto", description = "Leapfrog's backend (default: ${DEFAULT-VALUE}).")
    String backend;
    @Option(names = "--no-peers", description = "Do not run Stan.")
    boolean noPeers;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        EssSettings s = quick ? EssSettings.quick() : EssSettings.full();
        if (chains != null) {
            s = s.withChains(chains);
        }
        if (warmup != null || cheesWarmup != null || draws != null) {
            int w = warmup != null ? warmup : s.warmup();
            int cw = cheesWarmup != null ? cheesWarmup : warmup != null ? warmup : s.cheesWarmup();
            s = s.withIterations(w, cw, draws != null ? draws : s.draws());
        }
        if (workloads != null) {
            s = s.withWorkloads(list(workloads));
        }
        if (adaptations != null) {
            s = s.withAdaptations(list(adaptations));
        }
        s = s.withBackend(backend).withPeers(!noPeers);
        Path dir = ResultFiles.outputDirectory(out);
        EssBenchmark.Result result = new EssBenchmark(s, dir, line -> {
            err.println(line);
            err.flush();
        }).run();
        String command = "leapfrog " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        EssReportWriter.write(dir, s, MachineInfo.collect(), result, command);
        spec.commandLine().getOut().println("wrote " + dir.resolve("ess.json") + ", ess.csv, ess.md, ess_per_second.png, "
                + "ess_per_gradient.png");
        return 0;
    }

    private static List<String> list(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    }
}
