package org.leapfrog.bench.suite;

import org.leapfrog.runtime.Backend;
import org.leapfrog.samplers.diagnostics.Convergence;
import org.leapfrog.samplers.hmc.HmcSampler;
import org.leapfrog.samplers.output.InMemoryDrawSink;
import org.leapfrog.samplers.run.ProgressListener;
import org.leapfrog.samplers.run.RunResult;
import org.leapfrog.samplers.run.RunSettings;
import org.leapfrog.samplers.run.SamplingRun;
import org.leapfrog.samplers.target.Target;

/**
 * Sampling efficiency of a workload per chain and draw: the minimum over coordinates of the bulk ESS of a
 * run of independent chains, divided by chains * draws. Chains are independent and their randomness does not
 * depend on the batch (counter-based Philox), so ESS per second of a batch of n chains is this number times
 * n times the batch's iterations per second.
 *
 * @param workload   the workload's name
 * @param backend    where the ESS run ran
 * @param chains     chains of the ESS run
 * @param warmup     discarded iterations
 * @param draws      draws per chain
 * @param minEssBulk minimum over coordinates of the bulk ESS
 * @param perDraw    minEssBulk / (chains * draws)
 * @param acceptRate mean acceptance probability after warmup
 */
public record EssPerDraw(String workload, String backend, int chains, int warmup, int draws, double minEssBulk,
                         double perDraw, double acceptRate) {

    public static EssPerDraw measure(HmcWorkload w, Backend backend, String backendLabel, int chains, int warmup,
                                     int draws, long seed) {
        Target target = w.target();
        int dim = target.dimension();
        try (HmcSampler sampler = new HmcSampler(backend, target, w.parameters(dim), chains, seed)) {
            InMemoryDrawSink sink = InMemoryDrawSink.all(chains, dim, draws);
            RunResult result = new SamplingRun(sampler, new RunSettings(warmup, draws, 1))
                    .run(w.start(target, chains, seed), sink, ProgressListener.NONE);
            double min = Double.POSITIVE_INFINITY;
            for (int d = 0; d < dim; d++) {
                min = Math.min(min, Convergence.essBulk(sink.draws(d)));
            }
            return new EssPerDraw(w.name(), backendLabel, chains, warmup, draws, min, min / ((double) chains * draws),
                    result.meanAcceptance());
        }
    }
}
