package org.leapfrog.bench.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.leapfrog.runtime.Backend;
import org.leapfrog.samplers.Lanes;
import org.leapfrog.samplers.Numerics;
import org.leapfrog.samplers.Precision;
import org.leapfrog.samplers.target.Target;

/**
 * Gradient evaluations per second and ESS per second of fused HMC versus the number of chains, for the
 * standard workloads on every selected backend, with the C/OpenMP references and external peers' results
 * alongside. Chain counts grow until memory or the per-point time budget runs out; what was skipped is noted.
 */
public final class ThroughputBenchmark {
    /** Fraction of the JVM heap (and of an OpenCL device's memory) one point may use. */
    private static final double MEMORY_FRACTION = 0.4;

    private final ThroughputSettings settings;
    private final List<BenchBackend> backends;
    private final List<HmcWorkload> workloads;
    private final Consumer<String> log;

    public ThroughputBenchmark(ThroughputSettings settings, List<BenchBackend> backends, List<HmcWorkload> workloads,
                               Consumer<String> log) {
        if (backends.isEmpty() || workloads.isEmpty()) {
            throw new IllegalArgumentException("backends: " + backends.size() + ", workloads: " + workloads.size()
                    + "; allowed: at least one of each");
        }
        this.settings = settings;
        this.backends = List.copyOf(backends);
        this.workloads = List.copyOf(workloads);
        this.log = log;
    }

    public ThroughputReport run() {
        long start = System.nanoTime();
        List<ThroughputRow> rows = new ArrayList<>();
        List<EssPerDraw> ess = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (HmcWorkload w : workloads) {
            Target target = w.target();
            EssPerDraw e = measureEss(w);
            ess.add(e);
            log.accept(String.format("%s: ESS per chain-draw %.3g (min bulk ESS %.0f of %d x %d draws, %s, accept %.2f)",
                    w.name(), e.perDraw(), e.minEssBulk(), e.chains(), e.draws(), e.backend(), e.acceptRate()));
            for (BenchBackend b : backends) {
                for (Precision p : settings.precisions()) {
                    for (Numerics nm : settings.numerics()) {
                        timeBackend(w, target, b, p, nm, e, rows, notes);
                    }
                }
            }
            if (settings.runPeers()) {
                runCPeer(w, rows, notes);
            }
        }
        for (Path p : settings.peerResults()) {
            List<ThroughputRow> external = ExternalPeerResults.read(p);
            rows.addAll(external);
            notes.add("included " + external.size() + " peer rows from " + p + " (measured by bench/peers scripts, "
                    + "possibly at another time)");
        }
        List<String> described = backends.stream().map(BenchBackend::describe).toList();
        return new ThroughputReport("throughput", OffsetDateTime.now().toString(), MachineInfo.collect(), settings,
                described, ess, rows, notes, (System.nanoTime() - start) * 1e-9);
    }

    /** ESS per draw on the last selected backend (an OpenCL device when there is one: the fastest here). */
    private EssPerDraw measureEss(HmcWorkload w) {
        BenchBackend b = backends.get(backends.size() - 1);
        try (Backend backend = b.open()) {
            return EssPerDraw.measure(w, backend, b.label(), settings.essChains(), settings.essWarmup(),
                    settings.essDraws(), settings.seed());
        }
    }

    private void timeBackend(HmcWorkload w, Target target, BenchBackend b, Precision precision, Numerics numerics,
                             EssPerDraw ess, List<ThroughputRow> rows, List<String> notes) {
        String impl = "leapfrog-" + b.label();
        String series = seriesName(impl, precision, numerics);
        int warmup = settings.quick() ? 1 : 2;
        try (Backend backend = b.open()) {
            int lanes = Lanes.forBackend(backend, precision);
            double prevSecondsPerIteration = Double.NaN;
            int prevChains = 0;
            for (int n : settings.chainCounts()) {
                long padded = (long) Lanes.pad(n, lanes);
                long bytes = (long) precision.elementType().bytes() * padded * (3L * target.dimension() + 6);
                long limit = (long) (MEMORY_FRACTION * Runtime.getRuntime().maxMemory());
                if (backend.capabilities().separateDeviceMemory()) {
                    limit = Math.min(limit, (long) (MEMORY_FRACTION * b.device().globalMemBytes()));
                }
                if (bytes > limit) {
                    notes.add(String.format("%s %s: stopped before %d chains: %.2f GiB needed, limit %.2f GiB "
                            + "(raise -Xmx via LEAPFROG_JAVA_OPTS)", w.name(), series, n, bytes / 1073741824.0, limit / 1073741824.0));
                    break;
                }
                if (prevChains > 0) {
                    double predicted = prevSecondsPerIteration * n / prevChains * (warmup + 2);
                    if (predicted > settings.maxSecondsPerPoint()) {
                        notes.add(String.format("%s %s: stopped before %d chains: predicted %.1f s for warm-up and two "
                                + "iterations exceeds the %.0f s budget per point", w.name(), series, n, predicted,
                                settings.maxSecondsPerPoint()));
                        break;
                    }
                }
                HmcTiming t = HmcTiming.measure(w, target, backend, n, settings.seed(), warmup, settings.minSeconds(),
                        precision, numerics);
                double rate = t.gradEvalsPerSecond(w.steps());
                // ESS per draw is the float64 reproducible run's: float32 and fast chains target the same
                // distribution (tested).
                rows.add(new ThroughputRow(w.name(), impl, b.device().name(), n, t.iterations(), t.seconds(), rate,
                        ess.perDraw() * n * t.iterationsPerSecond(), t.acceptRate(), precision.label(),
                        ThroughputRow.KERNEL, numerics.label()));
                log.accept(String.format("%s %s %d chains: %.3g grad evals/s (%d iterations in %.2f s)", w.name(), series,
                        n, rate, t.iterations(), t.seconds()));
                if (settings.mainJobChains().contains(n)) {
                    timeMainJob(w, b, precision, numerics, n, t, ess, rows);
                }
                prevSecondsPerIteration = t.secondsPerIteration();
                prevChains = n;
            }
        }
    }

    /**
     * Times {@code leapfrog sample} itself right after the kernel at the same chain count, with as many draws as
     * the kernel's timing took iterations (at least 20), and logs the ratio of the two rates.
     */
    private void timeMainJob(HmcWorkload w, BenchBackend b, Precision precision, Numerics numerics, int n,
                             HmcTiming kernel, EssPerDraw ess, List<ThroughputRow> rows) {
        String impl = "leapfrog-" + b.label();
        int draws = (int) Math.max(20, Math.min(100_000, Math.ceil(settings.minSeconds() / kernel.secondsPerIteration())));
        MainJobTiming m = MainJobTiming.measure(w, b.label(), precision, numerics, n, draws, settings.seed());
        double rate = m.gradEvalsPerSecond();
        rows.add(new ThroughputRow(w.name(), impl, b.device().name(), n, m.draws(), m.seconds(), rate,
                ess.perDraw() * n * m.draws() / m.seconds(), m.acceptRate(), precision.label(), ThroughputRow.MAIN_JOB,
                numerics.label()));
        log.accept(String.format("%s %s main job (leapfrog sample) %d chains: %.3g grad evals/s (%d draws in %.2f s), "
                + "%.2fx the kernel's rate", w.name(), seriesName(impl, precision, numerics),
                n, rate, m.draws(), m.seconds(), rate / kernel.gradEvalsPerSecond(w.steps())));
    }

    /** The series name of a kernel row, as {@link ThroughputRow#series()} writes it (for log lines and notes). */
    private static String seriesName(String impl, Precision precision, Numerics numerics) {
        return new ThroughputRow("", impl, "", 1, 0, 0, 0, null, null, precision.label(), ThroughputRow.KERNEL,
                numerics.label()).series();
    }

    private void runCPeer(HmcWorkload w, List<ThroughputRow> rows, List<String> notes) {
        Optional<CReferencePeer> found = CReferencePeer.forWorkload(w.name());
        if (found.isEmpty()) {
            return;
        }
        CReferencePeer peer = found.get();
        Path dir;
        try {
            dir = Files.createTempDirectory("leapfrog-peers");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Optional<String> problem = peer.build(dir);
            if (problem.isPresent()) {
                notes.add(w.name() + " " + peer.name() + ": skipped: " + problem.get());
                log.accept(notes.get(notes.size() - 1));
                return;
            }
            double rate = Double.NaN;
            for (int n : settings.chainCounts()) {
                if (n % peer.blockSize() != 0) {
                    continue;
                }
                double guess = Double.isNaN(rate) ? bestLeapfrogRate(rows, w.name(), n) : rate;
                double perIteration = (double) n * w.steps() / guess;
                if (perIteration * 3 > settings.maxSecondsPerPoint()) {
                    notes.add(String.format("%s %s: stopped before %d chains: predicted %.1f s per iteration",
                            w.name(), peer.name(), n, perIteration));
                    break;
                }
                int iterations = (int) Math.max(2, Math.min(1_000_000, Math.ceil(settings.minSeconds() / perIteration)));
                CReferencePeer.PeerRun r = peer.run(n, iterations, w.stepSize(), settings.maxSecondsPerPoint() * 4 + 30);
                rate = r.gradEvalsPerSecond();
                rows.add(new ThroughputRow(w.name(), peer.name(), "C/OpenMP, " + MachineInfo.collect().cores() + " cores",
                        n, iterations, r.seconds(), rate, null, r.acceptRate()));
                log.accept(String.format("%s %s %d chains: %.3g grad evals/s", w.name(), peer.name(), n, rate));
            }
        } catch (IllegalStateException e) {
            notes.add(w.name() + " " + peer.name() + ": stopped: " + e.getMessage());
        } finally {
            deleteQuietly(dir);
        }
    }

    private static double bestLeapfrogRate(List<ThroughputRow> rows, String workload, int chains) {
        double best = 1e5;
        for (ThroughputRow r : rows) {
            if (r.workload().equals(workload) && r.chains() == chains && r.implementation().startsWith("leapfrog-")) {
                best = Math.max(best, r.gradEvalsPerSecond());
            }
        }
        return best;
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
