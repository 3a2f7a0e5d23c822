package org.leapfrog.bench.suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.leapfrog.samplers.Numerics;
import org.leapfrog.samplers.Precision;

/**
 * Settings of the throughput benchmark.
 *
 * @param quick              the few-minutes variant (fewer chain counts, shorter timing)
 * @param maxChains          the largest chain count tried (a power of 2)
 * @param chainStride        chain counts are 1, s, s^2, ... (a power of 2: 2 for every power of 2)
 * @param minSeconds         each point times iterations until this much wall time has passed
 * @param maxSecondsPerPoint a chain count whose predicted time (warm-up plus two iterations) exceeds this is skipped
 *                           along with every larger count
 * @param essChains          chains of the run that estimates ESS per draw
 * @param essWarmup          its warmup iterations
 * @param essDraws           its draws
 * @param seed               Philox seed
 * @param runPeers           build and run the C/OpenMP references when gcc is present
 * @param peerResults        CSV files written by the scripts in bench/peers (Stan, PyTorch) to include
 * @param precisions         precisions of Leapfrog's kernels to time, each a row series (default: float64 only)
 * @param mainJobChains      chain counts at which {@code leapfrog sample} itself is timed right after the kernel
 *                           (rows of kind main-job; empty: none)
 * @param numerics           numerics modes of Leapfrog's kernels (and main jobs) to time, each a row series
 *                           (default: reproducible only)
 */
public record ThroughputSettings(boolean quick, int maxChains, int chainStride, double minSeconds,
                                 double maxSecondsPerPoint, int essChains, int essWarmup, int essDraws, long seed,
                                 boolean runPeers, List<Path> peerResults, List<Precision> precisions,
                                 List<Integer> mainJobChains, List<Numerics> numerics) {
    /** Settings in reproducible numerics. */
    public ThroughputSettings(boolean quick, int maxChains, int chainStride, double minSeconds,
                              double maxSecondsPerPoint, int essChains, int essWarmup, int essDraws, long seed,
                              boolean runPeers, List<Path> peerResults, List<Precision> precisions,
                              List<Integer> mainJobChains) {
        this(quick, maxChains, chainStride, minSeconds, maxSecondsPerPoint, essChains, essWarmup, essDraws, seed,
                runPeers, peerResults, precisions, mainJobChains, List.of(Numerics.REPRODUCIBLE));
    }

    /** Settings without main-job rows. */
    public ThroughputSettings(boolean quick, int maxChains, int chainStride, double minSeconds,
                              double maxSecondsPerPoint, int essChains, int essWarmup, int essDraws, long seed,
                              boolean runPeers, List<Path> peerResults, List<Precision> precisions) {
        this(quick, maxChains, chainStride, minSeconds, maxSecondsPerPoint, essChains, essWarmup, essDraws, seed,
                runPeers, peerResults, precisions, List.of());
    }

    public ThroughputSettings(boolean quick, int maxChains, int chainStride, double minSeconds,
                              double maxSecondsPerPoint, int essChains, int essWarmup, int essDraws, long seed,
                              boolean runPeers, List<Path> peerResults) {
        this(quick, maxChains, chainStride, minSeconds, maxSecondsPerPoint, essChains, essWarmup, essDraws, seed,
                runPeers, peerResults, List.of(Precision.FLOAT64));
    }

    public ThroughputSettings {
        if (precisions == null || precisions.isEmpty()) {
            throw new IllegalArgumentException("--precisions: none given; allowed: float64, float32 or both");
        }
        precisions = List.copyOf(precisions);
        if (numerics == null || numerics.isEmpty()) {
            throw new IllegalArgumentException("--numerics: none given; allowed: reproducible, fast or both");
        }
        numerics = List.copyOf(numerics);
        if (maxChains < 1 || Integer.bitCount(maxChains) != 1) {
            throw new IllegalArgumentException("--max-chains: " + maxChains + "; allowed: a power of 2 from 1 to 2^30");
        }
        if (chainStride < 2 || Integer.bitCount(chainStride) != 1) {
            throw new IllegalArgumentException("chainStride: " + chainStride + "; allowed: a power of 2, at least 2");
        }
        if (!(minSeconds > 0) || !(maxSecondsPerPoint > 0)) {
            throw new IllegalArgumentException("--min-seconds: " + minSeconds + ", max seconds per point: "
                    + maxSecondsPerPoint + "; allowed: both > 0");
        }
        if (essChains < 4 || essDraws < 20 || essWarmup < 0) {
            throw new IllegalArgumentException("ESS run: chains " + essChains + ", draws " + essDraws + ", warmup "
                    + essWarmup + "; allowed: chains >= 4, draws >= 20, warmup >= 0");
        }
        peerResults = List.copyOf(peerResults);
        mainJobChains = mainJobChains == null ? List.of() : List.copyOf(mainJobChains);
        for (int n : mainJobChains) {
            if (n < 1) {
                throw new IllegalArgumentException("--main-job-chains: " + n + "; allowed: chain counts of 1 or more");
            }
        }
    }

    /** The same settings, timing the main job at these chain counts (among those the kernel is timed at). */
    public ThroughputSettings withMainJobChains(List<Integer> chains) {
        return new ThroughputSettings(quick, maxChains, chainStride, minSeconds, maxSecondsPerPoint, essChains,
                essWarmup, essDraws, seed, runPeers, peerResults, precisions, chains, numerics);
    }

    /** About three minutes on a 2-core machine: 1, 16, 256, 4096 and 16384 chains. */
    public static ThroughputSettings quick(long seed) {
        return new ThroughputSettings(true, 1 << 14, 16, 0.25, 8, 32, 60, 150, seed, true, List.of());
    }

    /** Every power of 2 up to 2^20 chains, as far as the time budget per point allows. */
    public static ThroughputSettings full(long seed) {
        return new ThroughputSettings(false, 1 << 20, 2, 1.0, 60, 128, 300, 1000, seed, true, List.of());
    }

    public ThroughputSettings withMaxChains(int n) {
        return new ThroughputSettings(quick, n, chainStride, minSeconds, maxSecondsPerPoint, essChains, essWarmup,
                essDraws, seed, runPeers, peerResults, precisions, mainJobChains, numerics);
    }

    public ThroughputSettings withTiming(double min, double maxPerPoint) {
        return new ThroughputSettings(quick, maxChains, chainStride, min, maxPerPoint, essChains, essWarmup, essDraws,
                seed, runPeers, peerResults, precisions, mainJobChains, numerics);
    }

    public ThroughputSettings withEssRun(int chains, int warmup, int draws) {
        return new ThroughputSettings(quick, maxChains, chainStride, minSeconds, maxSecondsPerPoint, chains, warmup,
                draws, seed, runPeers, peerResults, precisions, mainJobChains, numerics);
    }

    public ThroughputSettings withPeers(boolean run, List<Path> results) {
        return new ThroughputSettings(quick, maxChains, chainStride, minSeconds, maxSecondsPerPoint, essChains,
                essWarmup, essDraws, seed, run, results, precisions, mainJobChains, numerics);
    }

    public ThroughputSettings withPrecisions(List<Precision> p) {
        return new ThroughputSettings(quick, maxChains, chainStride, minSeconds, maxSecondsPerPoint, essChains,
                essWarmup, essDraws, seed, runPeers, peerResults, p, mainJobChains, numerics);
    }

    /** The same settings, timing Leapfrog's kernels (and main jobs) in each of these numerics modes. */
    public ThroughputSettings withNumerics(List<Numerics> n) {
        return new ThroughputSettings(quick, maxChains, chainStride, minSeconds, maxSecondsPerPoint, essChains,
                essWarmup, essDraws, seed, runPeers, peerResults, precisions, mainJobChains, n);
    }

    /** 1, stride, stride^2, ... up to maxChains, with maxChains itself always included. */
    public List<Integer> chainCounts() {
        List<Integer> out = new ArrayList<>();
        for (long n = 1; n <= maxChains; n *= chainStride) {
            out.add((int) n);
        }
        if (out.get(out.size() - 1) != maxChains) {
            out.add(maxChains);
        }
        return out;
    }
}
