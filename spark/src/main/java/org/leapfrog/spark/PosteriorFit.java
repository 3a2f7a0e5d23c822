package org.leapfrog.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.leapfrog.bench.sample.StartPositions;
import org.leapfrog.runtime.Backend;
import org.leapfrog.samplers.adapt.TunedParameters;
import org.leapfrog.samplers.adapt.WindowAdaptation;
import org.leapfrog.samplers.adapt.WindowAdaptationSettings;
import org.leapfrog.samplers.diagnostics.ChainDraws;
import org.leapfrog.samplers.diagnostics.ParameterSummary;
import org.leapfrog.samplers.hmc.HmcParameters;
import org.leapfrog.samplers.hmc.HmcSampler;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.output.InMemoryDrawSink;
import org.leapfrog.samplers.run.RunSettings;
import org.leapfrog.samplers.run.SamplingRun;
import org.leapfrog.samplers.target.Target;

/**
 * One problem of a many-posterior job, sampled and summarised in the task that holds it: one summary row per
 * parameter, or a single row with the error when the problem cannot be sampled (bad data, a density that is
 * not finite at the starts), so that one broken problem does not stop the others.
 */
final class PosteriorFit {
    private PosteriorFit() {
    }

    static List<Row> fit(String id, Row problem, ProblemTarget targets, PosteriorSettings s) {
        long start = System.nanoTime();
        try {
            Target target = targets.build(problem);
            return sample(id, target, s, start);
        } catch (RuntimeException e) {
            List<Row> rows = new ArrayList<>(1);
            rows.add(RowFactory.create(id, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, s.chains(), s.draws(), (System.nanoTime() - start) * 1e-9,
                    e.getClass().getSimpleName() + ": " + e.getMessage()));
            return rows;
        }
    }

    private static List<Row> sample(String id, Target target, PosteriorSettings s, long start) {
        int n = s.chains(), d = target.dimension();
        try (TaskBackends.Lease lease = TaskBackends.borrow(s.backend(), s.javaThreadsPerTask())) {
            Backend backend = lease.backend();
            WindowAdaptationSettings ws = WindowAdaptationSettings.stan(s.warmup(), s.steps(),
                    Warmup.metricKind(s.metric()), WindowAdaptationSettings.Mode.SHARED)
                    .withInitialStepSize(s.initialStepSize());
            TunedParameters tuned = new WindowAdaptation(backend, target, ws)
                    .run(StartPositions.uniform(s.seed(), n, d), n, s.seed());
            HmcParameters params = tuned.parameters().withJitter(s.jitter());
            InMemoryDrawSink draws = InMemoryDrawSink.all(n, d, s.draws());
            try (HmcSampler sampler = new HmcSampler(backend, target, params, n, s.seed())) {
                sampler.init(tuned.positions());
                new SamplingRun(sampler, new RunSettings(s.warmup(), s.draws(), 1))
                        .runFrom(s.warmup(), draws, (done, total, acc) -> { });
            }
            double accept = mean(draws.acceptStat());
            long divergences = draws.divergences();
            double eps = params.stepSize()[0];
            double[] inverseMass = params.metric().inverseMass();
            double seconds = (System.nanoTime() - start) * 1e-9;
            List<String> names = target.parameterNames();
            List<Row> rows = new ArrayList<>(d);
            for (int k = 0; k < d; k++) {
                ParameterSummary p = ParameterSummary.of(names.get(k), draws.draws(k));
                double invMetric = params.metric().kind() == Metric.Kind.UNIT ? 1.0
                        : params.metric().kind() == Metric.Kind.DIAGONAL ? inverseMass[k] : inverseMass[k * d + k];
                rows.add(RowFactory.create(id, names.get(k), p.mean(), p.sd(), p.q5(), p.q50(), p.q95(), p.mcseMean(),
                        p.essBulk(), p.essTail(), p.rhat(), divergences, accept, eps, invMetric, n, s.draws(),
                        seconds, null));
            }
            return rows;
        }
    }

    private static double mean(ChainDraws x) {
        double sum = 0;
        for (double v : x.values()) {
            sum += v;
        }
        return sum / x.values().length;
    }
}
