package org.leapfrog.samplers.diagnostics;

/**
 * One row of a posterior summary, each value as R {@code posterior} defines it (NaN where it gives NA):
 * mean and sd over all draws, type-7 quantiles, MCSEs of the mean, sd and quantiles, bulk and tail ESS, and
 * rank-normalised split R-hat.
 */
public record ParameterSummary(String name, double mean, double mcseMean, double sd, double mcseSd,
                               double q5, double q50, double q95, double mcseQ5, double mcseQ50, double mcseQ95,
                               double essBulk, double essTail, double rhat) {

    /** Summarises the draws of one quantity. */
    public static ParameterSummary of(String name, ChainDraws x) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name is " + (name == null ? "null" : "empty") + "; must be non-empty");
        }
        return new ParameterSummary(name,
                Convergence.mean(x), Convergence.mcseMean(x), Convergence.sd(x), Convergence.mcseSd(x),
                Convergence.quantile(x, 0.05), Convergence.quantile(x, 0.5), Convergence.quantile(x, 0.95),
                Convergence.mcseQuantile(x, 0.05), Convergence.mcseQuantile(x, 0.5), Convergence.mcseQuantile(x, 0.95),
                Convergence.essBulk(x), Convergence.essTail(x), Convergence.rhat(x));
    }
}
