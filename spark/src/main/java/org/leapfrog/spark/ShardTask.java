package org.leapfrog.spark;

import java.io.Serializable;
import org.apache.spark.TaskContext;
import org.leapfrog.bench.sample.SampleOptions;
import org.leapfrog.bench.sample.StartPositions;
import org.leapfrog.bench.sample.TargetResolver;
import org.leapfrog.samplers.hmc.HmcParameters;
import org.leapfrog.samplers.hmc.HmcSampler;
import org.leapfrog.samplers.run.RunResult;
import org.leapfrog.samplers.run.RunSettings;
import org.leapfrog.samplers.run.SamplingRun;
import org.leapfrog.samplers.target.Target;

/**
 * One shard's work on an executor: global chains {@code [offset, offset + chains)}, started where warmup left
 * them (or at their Stan-style starts), sampled with the run's seed and the chain offset, so that every draw is
 * the one the single-process run makes for that chain. Depends on nothing but its inputs, so a retried attempt
 * returns the same result.
 */
record ShardTask(SampleSpec spec, int shard, int offset, int chains, TunedState tuned, double[] start,
                 int javaThreads, boolean failFirstAttempt) implements Serializable {
    private static final long serialVersionUID = 1L;

    ShardResult run() {
        SampleOptions o = spec.options();
        Target target = TargetResolver.resolve(o);
        int d = target.dimension();
        int kept = Math.max(0, Math.min(o.keepChains(), offset + chains) - offset);
        double[] x = start != null ? start : slice(StartPositions.uniform(o.seed(), o.chains(), d), o.chains(), d);
        HmcParameters params = tuned.parameters(d);
        TaskContext context = TaskContext.get();
        int attempt = context == null ? 0 : context.attemptNumber();
        Runnable fault = failFirstAttempt && attempt == 0 ? () -> {
            throw new IllegalStateException("injected failure of shard " + shard + " (first attempt, half-way)");
        } : null;
        ShardSink sink = new ShardSink(chains, d, kept, o.draws(), fault);
        try (TaskBackends.Lease lease = TaskBackends.borrow(target, o, javaThreads);
             HmcSampler sampler = new HmcSampler(params.numIntegrationSteps() == 1 ? "mala" : "hmc", lease.backend(), target,
                     params, chains, o.seed(),
                     o.precision(), offset)) {
            sampler.init(x);
            RunResult r = new SamplingRun(sampler, new RunSettings(o.warmup(), o.draws(), o.thin()))
                    .runFrom(tuned.first(), sink, (done, total, acc) -> { });
            return new ShardResult(shard, offset, chains, d, sink.moments().count(), sink.moments().means(),
                    sink.moments().sumsOfSquares(), sink.acceptSum, sink.acceptCount, sink.divergences,
                    r.gradientEvaluations(), r.samplingSeconds(), kept, sink.position, sink.logDensity,
                    sink.acceptStat, sink.divergent, sink.energy, attempt, lease.backend().kind().label(),
                    lease.backend().device().name());
        }
    }

    /** This shard's chains of a chain-minor array of all chains. */
    private double[] slice(double[] all, int n, int d) {
        double[] out = new double[d * chains];
        for (int k = 0; k < d; k++) {
            System.arraycopy(all, k * n + offset, out, k * chains, chains);
        }
        return out;
    }
}
