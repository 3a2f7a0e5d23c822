package org.leapfrog.bench.suite;

import java.util.List;

/**
 * What {@code leapfrog bench ess} runs: each workload sampled by {@code leapfrog sample} with each adaptation
 * (same chains, warmup and draws), and Stan NUTS with its own chains and iterations.
 *
 * @param workloads    built-in target names
 * @param adaptations  {@code window}, {@code chees}
 * @param chains       Leapfrog's chains
 * @param warmup       Leapfrog's warmup iterations with window adaptation
 * @param cheesWarmup  Leapfrog's warmup iterations with ChEES adaptation (it adapts from statistics across all
 *                     chains every iteration, so it settles sooner than Stan's windows; see README "bench ess")
 * @param draws        Leapfrog's draws
 * @param keepChains   chains written to CSV, whose ESS is scaled to all chains
 * @param backend      Leapfrog's backend (auto, java, opencl)
 * @param stanChains   Stan's chains (one per core, side by side)
 * @param stanWarmup   Stan's warmup iterations
 * @param stanDraws    Stan's draws
 * @param seed         seed of both
 * @param peers        whether to run Stan
 */
public record EssSettings(List<String> workloads, List<String> adaptations, int chains, int warmup,
                          int cheesWarmup, int draws, int keepChains, String backend, int stanChains, int stanWarmup, int stanDraws, long seed,
                          boolean peers) {
    public static final List<String> WORKLOADS = List.of("icg50", "german", "funnel3", "roughwell");

    public EssSettings {
        workloads = List.copyOf(workloads);
        adaptations = List.copyOf(adaptations);
        for (String w : workloads) {
            if (!WORKLOADS.contains(w)) {
                throw new IllegalArgumentException("--workloads: '" + w + "'; allowed: " + String.join(", ", WORKLOADS));
            }
        }
        for (String a : adaptations) {
            if (!a.equals("window") && !a.equals("chees")) {
                throw new IllegalArgumentException("--adaptations: '" + a + "'; allowed: window, chees");
            }
        }
        if (chains < 2 || keepChains < 2 || keepChains > chains) {
            throw new IllegalArgumentException("--chains / --keep-chains: " + chains + " / " + keepChains
                    + "; allowed: 2 <= keep-chains <= chains");
        }
        if (cheesWarmup < 1) {
            throw new IllegalArgumentException("--chees-warmup: " + cheesWarmup + "; allowed: 1 or more");
        }
        if (warmup < 1 || draws < 4 || stanChains < 1 || stanWarmup < 1 || stanDraws < 4) {
            throw new IllegalArgumentException("iterations: warmup " + warmup + ", draws " + draws + ", stan chains "
                    + stanChains + ", warmup " + stanWarmup + ", draws " + stanDraws
                    + "; allowed: warmup >= 1, draws >= 4, chains >= 1");
        }
    }

    /**
     * About 5 to 8 minutes on 2 cores (plus Stan's one-off model compilation the first time): 1024 chains, 250
     * warmup (ChEES 200) + 500 draws, 64 chains written.
     */
    public static EssSettings quick() {
        return new EssSettings(WORKLOADS, List.of("window", "chees"), 1024, 250, 200, 500, 64, "auto", 2, 500, 500,
                20181203L, true);
    }

    /**
     * Leapfrog's sample defaults (500 warmup, 1000 draws) at 4096 chains, ChEES with 250 warmup; Stan's defaults
     * (1000 + 1000).
     */
    public static EssSettings full() {
        return new EssSettings(WORKLOADS, List.of("window", "chees"), 4096, 500, 250, 1000, 64, "auto", 2, 1000,
                1000, 20181203L, true);
    }

    /** The warmup iterations of an adaptation ({@code window} or {@code chees}). */
    public int warmupFor(String adaptation) {
        return adaptation.equals("chees") ? cheesWarmup : warmup;
    }

    public EssSettings withChains(int c) {
        return new EssSettings(workloads, adaptations, c, warmup, cheesWarmup, draws, Math.min(keepChains, c), backend,
                stanChains, stanWarmup, stanDraws, seed, peers);
    }

    public EssSettings withWorkloads(List<String> w) {
        return new EssSettings(w, adaptations, chains, warmup, cheesWarmup, draws, keepChains, backend, stanChains,
                stanWarmup, stanDraws, seed, peers);
    }

    public EssSettings withAdaptations(List<String> a) {
        return new EssSettings(workloads, a, chains, warmup, cheesWarmup, draws, keepChains, backend, stanChains,
                stanWarmup, stanDraws, seed, peers);
    }

    /** Warmup {@code w} for window adaptation, {@code cw} for ChEES, and {@code d} draws. */
    public EssSettings withIterations(int w, int cw, int d) {
        return new EssSettings(workloads, adaptations, chains, w, cw, d, keepChains, backend, stanChains, stanWarmup,
                stanDraws, seed, peers);
    }

    public EssSettings withBackend(String b) {
        return new EssSettings(workloads, adaptations, chains, warmup, cheesWarmup, draws, keepChains, b, stanChains,
                stanWarmup, stanDraws, seed, peers);
    }

    public EssSettings withPeers(boolean p) {
        return new EssSettings(workloads, adaptations, chains, warmup, cheesWarmup, draws, keepChains, backend,
                stanChains, stanWarmup, stanDraws, seed, p);
    }
}
