package org.leapfrog.bench.suite;

import org.leapfrog.runtime.Backend;
import org.leapfrog.samplers.Numerics;
import org.leapfrog.samplers.Precision;
import org.leapfrog.samplers.hmc.HmcSampler;
import org.leapfrog.samplers.target.Target;

/**
 * Times the fused HMC iteration of a workload for one chain count: initialise, run warm-up iterations (kernel
 * compilation and first-touch costs fall there), then time iterations until {@code minSeconds} have passed.
 * Only the launches are timed; each returns when the device has finished (state stays on the device). In float64
 * a launch runs several iterations ({@code HmcSampler.steps}, the step kernel `leapfrog sample` runs, with its
 * statistics off), so the kernel and the main job are timed on the same kernel; float32 runs one per launch.
 *
 * @param chains        chains
 * @param iterations    timed iterations
 * @param seconds       their wall time
 * @param warmupSeconds wall time of initialisation and warm-up
 * @param acceptRate    mean acceptance probability of the last timed iteration
 */
public record HmcTiming(int chains, int iterations, double seconds, double warmupSeconds, double acceptRate) {

    public double gradEvalsPerSecond(int steps) {
        return (double) chains * steps * iterations / seconds;
    }

    public double iterationsPerSecond() {
        return iterations / seconds;
    }

    /** Seconds one iteration took. */
    public double secondsPerIteration() {
        return seconds / iterations;
    }

    public static HmcTiming measure(HmcWorkload w, Target target, Backend backend, int chains, long seed,
                                    int warmupIterations, double minSeconds) {
        return measure(w, target, backend, chains, seed, warmupIterations, minSeconds, Precision.FLOAT64);
    }

    /** As {@link #measure(HmcWorkload, Target, Backend, int, long, int, double)}, in a precision. */
    public static HmcTiming measure(HmcWorkload w, Target target, Backend backend, int chains, long seed,
                                    int warmupIterations, double minSeconds, Precision precision) {
        return measure(w, target, backend, chains, seed, warmupIterations, minSeconds, precision,
                Numerics.REPRODUCIBLE);
    }

    /** As {@link #measure(HmcWorkload, Target, Backend, int, long, int, double)}, in a precision and numerics mode. */
    public static HmcTiming measure(HmcWorkload w, Target target, Backend backend, int chains, long seed,
                                    int warmupIterations, double minSeconds, Precision precision, Numerics numerics) {
        int dim = target.dimension();
        long w0 = System.nanoTime();
        // float64: the kernel `leapfrog sample` runs, several iterations per launch (statistics off); float32:
        // one iteration per launch.
        boolean launches = precision == Precision.FLOAT64;
        try (HmcSampler sampler = launches
                ? new HmcSampler("hmc", backend, target, w.parameters(dim), chains, seed, numerics, 0)
                : new HmcSampler(backend, target, w.parameters(dim), chains, seed, precision, numerics)) {
            sampler.init(w.start(target, chains, seed));
            int perLaunch = launches ? sampler.statistics().maxIterationsPerLaunch() : 1;
            int it = 0;
            while (it < warmupIterations) {
                it += advance(sampler, it, perLaunch);
            }
            long t0 = System.nanoTime();
            long limit = (long) (minSeconds * 1e9);
            int timed = 0;
            long t1;
            do {
                int n = advance(sampler, it, perLaunch);
                it += n;
                timed += n;
                t1 = System.nanoTime();
            } while (t1 - t0 < limit);
            double[] prob = new double[chains];
            sampler.readInfo(prob, new int[chains], new int[chains], new double[chains]);
            double mean = 0;
            for (double p : prob) {
                mean += p;
            }
            return new HmcTiming(chains, timed, (t1 - t0) * 1e-9, (t0 - w0) * 1e-9, mean / chains);
        }
    }

    /** One launch of {@code perLaunch} iterations from {@code it} (a plain step when 1); returns the iterations. */
    private static int advance(HmcSampler sampler, int it, int perLaunch) {
        if (perLaunch == 1) {
            sampler.step(it);
        } else {
            sampler.steps(it, perLaunch);
        }
        return perLaunch;
    }
}
