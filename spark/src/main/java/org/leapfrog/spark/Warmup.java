package org.leapfrog.spark;

import org.leapfrog.bench.sample.DefaultStepSizes;
import org.leapfrog.bench.sample.SampleOptions;
import org.leapfrog.bench.sample.StartPositions;
import org.leapfrog.bench.sample.TargetResolver;
import org.leapfrog.runtime.Backend;
import org.leapfrog.samplers.adapt.TunedParameters;
import org.leapfrog.samplers.adapt.WindowAdaptation;
import org.leapfrog.samplers.adapt.WindowAdaptationSettings;
import org.leapfrog.samplers.hmc.HmcParameters;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.Target;

/**
 * Warmup exactly as {@code leapfrog sample} runs it. Window adaptation pools statistics over all chains (one
 * shared step size and metric), so it runs once, on the full chain set, in one task: the tuned parameters and
 * positions are then those of the single-process run, and the shards continue every chain from there.
 * Without adaptation nothing is pooled and warmup is left to the shards (per chain, like sampling).
 */
final class Warmup {
    private Warmup() {
    }

    /** The step size {@code sample} starts from: --step-size, else the target's default. */
    static double initialStepSize(SampleOptions o, Target target) {
        return o.stepSize() != null ? o.stepSize() : DefaultStepSizes.forTarget(target.name());
    }

    static HmcParameters fixed(SampleOptions o, Target target) {
        double eps = initialStepSize(o, target);
        Metric unit = Metric.unit(target.dimension());
        HmcParameters p = o.sampler().equals("mala") ? HmcParameters.mala(eps, unit) : HmcParameters.hmc(eps, o.steps(), unit);
        return p.withJitter(o.jitter());
    }

    static TunedState run(SampleSpec spec, int javaThreads) {
        SampleOptions o = spec.options();
        Target target = TargetResolver.resolve(o);
        if (!o.adapts()) {
            return TunedState.of(fixed(o, target), null, 0, 0, 0.0, null, null);
        }
        long start = System.nanoTime();
        int n = o.chains(), d = target.dimension();
        try (TaskBackends.Lease lease = TaskBackends.borrow(target, o, javaThreads)) {
            Backend backend = lease.backend();
            double[] uniform = StartPositions.uniform(o.seed(), n, d);
            WindowAdaptationSettings ws = WindowAdaptationSettings.stan(o.warmup(), o.steps(), metricKind(o.metric()),
                    WindowAdaptationSettings.Mode.SHARED).withInitialStepSize(initialStepSize(o, target));
            TunedParameters tuned = new WindowAdaptation(backend, target, ws).run(uniform, n, o.seed());
            return TunedState.of(tuned.parameters().withJitter(o.jitter()), tuned.positions(), o.warmup(),
                    tuned.gradientEvaluations(), (System.nanoTime() - start) * 1e-9, backend.kind().label(),
                    backend.device().name());
        }
    }

    static Metric.Kind metricKind(String name) {
        switch (name) {
            case "unit":
                return Metric.Kind.UNIT;
            case "dense":
                return Metric.Kind.DENSE;
            default:
                return Metric.Kind.DIAGONAL;
        }
    }
}
