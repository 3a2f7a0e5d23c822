package org.leapfrog.bench.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.leapfrog.bench.suite.BenchBackend;
import org.leapfrog.bench.suite.HmcWorkload;
import org.leapfrog.bench.suite.ThroughputBenchmark;
import org.leapfrog.bench.suite.ThroughputReport;
import org.leapfrog.bench.suite.ThroughputReportWriter;
import org.leapfrog.bench.suite.ThroughputSettings;
import org.leapfrog.samplers.Numerics;
import org.leapfrog.samplers.Precision;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code leapfrog bench throughput}: gradient evaluations and ESS per second versus chains. */
@Command(name = "throughput", mixinStandardHelpOptions = true, sortOptions = false,
        description = "HMC (L = 10) gradient evaluations per second and ESS per second versus number of chains on "
                + "ICG-50 and German credit, on every backend, with the C/OpenMP references and peer results alongside.")
final class BenchThroughputCommand implements Callable<Integer> {
    /** Where the bench/peers scripts write their results, relative to the working directory. */
    static final Path DEFAULT_PEER_RESULTS = Path.of("bench", "peers", "results", "peers.csv");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "bench-out/throughput", paramLabel = "DIR",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--quick", description = "A few minutes: 1, 16, 256, 4096 and 16384 chains, short timing.")
    boolean quick;
    @Option(names = "--backends", defaultValue = "all", paramLabel = "LIST",
            description = "all, or a comma-separated list of java, opencl, opencl:N (default: ${DEFAULT-VALUE}).")
    String backends;
    @Option(names = "--workloads", defaultValue = "icg50,german", paramLabel = "LIST",
            description = "Comma-separated: icg50, german (default: ${DEFAULT-VALUE}).")
    String workloads;
    @Option(names = "--max-chains", paramLabel = "N", description = "Largest chain count, a power of 2 (default: 2^20; --quick: 2^14).")
    Integer maxChains;
    @Option(names = "--min-seconds", paramLabel = "S", description = "Timed seconds per point (default: 1; --quick: 0.25).")
    Double minSeconds;
    @Option(names = "--max-seconds-per-point", paramLabel = "S",
            description = "Skip chain counts predicted to take longer (default: 60; --quick: 8).")
    Double maxSecondsPerPoint;
    @Option(names = "--ess-run", paramLabel = "CHAINS,WARMUP,DRAWS", split = ",",
            description = "The run that estimates ESS per draw (default: 128,300,1000; --quick: 32,60,150).")
    List<Integer> essRun;
    @Option(names = "--no-peers", description = "Do not build and run the C/OpenMP references.")
    boolean noPeers;
    @Option(names = "--peer-results", paramLabel = "FILE",
            description = "CSV from the bench/peers scripts to include (repeatable; default: bench/peers/results/peers.csv when it exists).")
    List<Path> peerResults;
    @Option(names = "--seed", defaultValue = "20181203", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--precisions", defaultValue = "float64", paramLabel = "LIST",
            description = "Comma-separated precisions of Leapfrog's kernels to time: float64, float32 (default: ${DEFAULT-VALUE}).")
    String precisions;
    @Option(names = "--numerics", defaultValue = "reproducible", paramLabel = "LIST",
            description = "Comma-separated numerics modes of Leapfrog's kernels (and main jobs) to time: reproducible, "
                    + "fast (default: ${DEFAULT-VALUE}).")
    String numerics;

    @Option(names = "--main-job-chains", paramLabel = "LIST",
            description = "Chain counts at which `leapfrog sample` itself (no adaptation) is timed next to the kernel, "
                    + "comma-separated, or none (default: 16384, or --max-chains when smaller).")
    String mainJobChains;

    @Override
    public Integer call() {
        ThroughputSettings s = quick ? ThroughputSettings.quick(seed) : ThroughputSettings.full(seed);
        if (maxChains != null) {
            s = s.withMaxChains(maxChains);
        }
        if (minSeconds != null || maxSecondsPerPoint != null) {
            s = s.withTiming(minSeconds != null ? minSeconds : s.minSeconds(),
                    maxSecondsPerPoint != null ? maxSecondsPerPoint : s.maxSecondsPerPoint());
        }
        if (essRun != null) {
            if (essRun.size() != 3) {
                throw new IllegalArgumentException("--ess-run: " + essRun + "; allowed: three numbers CHAINS,WARMUP,DRAWS");
            }
            s = s.withEssRun(essRun.get(0), essRun.get(1), essRun.get(2));
        }
        List<Path> peers = new ArrayList<>();
        if (peerResults != null) {
            for (Path p : peerResults) {
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("--peer-results: " + p + " is not a file; allowed: a CSV written by bench/peers");
                }
                peers.add(p);
            }
        } else if (Files.isRegularFile(DEFAULT_PEER_RESULTS)) {
            peers.add(DEFAULT_PEER_RESULTS);
        }
        s = s.withPeers(!noPeers, peers);
        List<Precision> ps = new ArrayList<>();
        for (String p : precisions.split(",")) {
            try {
                Precision v = Precision.parse(p);
                if (!ps.contains(v)) {
                    ps.add(v);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--precisions: '" + p.trim() + "'; allowed: float64, float32 (comma-separated)");
            }
        }
        s = s.withPrecisions(ps);
        List<Numerics> ns = new ArrayList<>();
        for (String m : numerics.split(",")) {
            try {
                Numerics v = Numerics.parse(m);
                if (!ns.contains(v)) {
                    ns.add(v);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--numerics: '" + m.trim() + "'; allowed: reproducible, fast (comma-separated)");
            }
        }
        s = s.withNumerics(ns);
        s = s.withMainJobChains(mainJobChains(s.maxChains()));
        List<HmcWorkload> ws = new ArrayList<>();
        for (String w : workloads.split(",")) {
            switch (w.trim()) {
                case "icg50" -> ws.add(HmcWorkload.icg50());
                case "german" -> ws.add(HmcWorkload.german());
                default -> throw new IllegalArgumentException("--workloads: '" + w.trim() + "'; allowed: icg50, german");
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        List<BenchBackend> selected = BenchBackend.select(backends);
        ThroughputReport report = new ThroughputBenchmark(s, selected, ws, line -> {
            err.println(line);
            err.flush();
        }).run();
        PrintWriter o = spec.commandLine().getOut();
        for (Path p : ThroughputReportWriter.write(report, out)) {
            o.println("wrote " + p);
        }
        o.flush();
        return 0;
    }

    /** The --main-job-chains list: by default the comparison count (or --max-chains when smaller). */
    private List<Integer> mainJobChains(int max) {
        if (mainJobChains == null) {
            return List.of(Math.min(org.leapfrog.bench.suite.ThroughputReportWriter.COMPARISON_CHAINS, max));
        }
        if (mainJobChains.trim().equals("none")) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        for (String t : mainJobChains.split(",")) {
            try {
                int n = Integer.parseInt(t.trim());
                if (n < 1) {
                    throw new NumberFormatException();
                }
                out.add(n);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--main-job-chains: '" + t.trim() + "'; allowed: chain counts of 1 or "
                        + "more (among those timed: powers of the stride up to --max-chains), comma-separated, or none");
            }
        }
        return out;
    }
}
