package org.leapfrog.bench.sample;

import java.util.Map;

/**
 * Step sizes used when {@code --step-size} is not given: the start of warmup adaptation's search, or the step
 * size itself with {@code --no-adapt}. They are the L2HMC paper's HMC settings where it has them and values
 * with acceptance near 0.6-0.9 at L = 10 otherwise.
 */
public final class DefaultStepSizes {
    private static final Map<String, Double> BY_TARGET = Map.ofEntries(
            Map.entry("normal", 0.3), Map.entry("icg50", 0.18), Map.entry("scg", 0.15), Map.entry("scg-paper", 0.05),
            Map.entry("mog", 0.25), Map.entry("roughwell", 0.8), Map.entry("funnel1", 0.1),
            Map.entry("funnel3", 0.05), Map.entry("german", 0.03), Map.entry("australian", 0.03),
            Map.entry("heart", 0.05));

    private DefaultStepSizes() {
    }

    public static double forTarget(String name) {
        return BY_TARGET.getOrDefault(name, 0.1);
    }
}
