package org.leapfrog.bench.suite;

import java.util.List;

/**
 * Settings of the L2HMC-table benchmark: HMC with the L2HMC paper's settings (Levy, Hoffman, Sohl-Dickstein
 * 2018): 10 leapfrog steps, the paper's step sizes per target, 200 chains x 2000 steps from N(0, I) starts.
 *
 * @param configs   targets and their step sizes
 * @param chains    chains per configuration
 * @param steps     MH steps per chain that enter the estimators
 * @param burnIn    MH steps run before those and dropped (the paper's estimator uses every step: 0)
 * @param leapfrogs leapfrog steps per MH step
 * @param seed      Philox seed
 * @param quick     the few-minutes variant
 */
public record L2hmcTableSettings(List<Config> configs, int chains, int steps, int burnIn, int leapfrogs, long seed,
                                 boolean quick) {
    /** A target and the step sizes to run it with. */
    public record Config(String target, List<Double> stepSizes) {
    }

    public L2hmcTableSettings {
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("configs: none; allowed: at least one target");
        }
        if (chains < 2) {
            throw new IllegalArgumentException("--chains: " + chains + "; allowed: 2 or more");
        }
        if (steps < 20) {
            throw new IllegalArgumentException("--steps: " + steps + "; allowed: 20 or more");
        }
        if (burnIn < 0) {
            throw new IllegalArgumentException("--burn-in: " + burnIn + "; allowed: 0 or more");
        }
        if (leapfrogs < 1) {
            throw new IllegalArgumentException("leapfrogs: " + leapfrogs + "; allowed: 1 or more");
        }
        configs = List.copyOf(configs);
    }

    /** The paper's targets and HMC step sizes. */
    public static List<Config> paperConfigs() {
        return List.of(new Config("icg50", List.of(0.225, 0.25, 0.275)),
                new Config("scg", List.of(0.1, 0.15, 0.2)),
                new Config("roughwell", List.of(0.6, 0.8, 1.0)),
                new Config("mog", List.of(0.25, 0.5)));
    }

    /** 200 chains x 2000 steps, as in the paper. */
    public static L2hmcTableSettings full(long seed) {
        return new L2hmcTableSettings(paperConfigs(), 200, 2000, 0, 10, seed, false);
    }

    /** 200 chains x 400 steps: the same table in well under a minute (ESS estimates are noisier and biased). */
    public static L2hmcTableSettings quick(long seed) {
        return new L2hmcTableSettings(paperConfigs(), 200, 400, 0, 10, seed, true);
    }

    public L2hmcTableSettings with(List<Config> c, int ch, int st, int burn) {
        return new L2hmcTableSettings(c, ch, st, burn, leapfrogs, seed, quick);
    }
}
