package org.leapfrog.spark;

import java.io.Serializable;
import java.nio.file.Path;
import org.leapfrog.bench.sample.SampleOptions;
import org.leapfrog.samplers.Precision;

/**
 * The {@code sample} options in a form Spark can ship to executors (paths as strings: a target or data file
 * must be readable at the same path on every executor, e.g. on a shared file system).
 */
public record SampleSpec(String target, String targetFile, Integer dimension, String sampler, String backend,
                         Integer device, int chains, int warmup, int draws, int thin, int steps, Double stepSize,
                         long seed, String out, int keepChains, boolean adapt, String metric, double jitter,
                         String dataFile, String targetClass, String classpath, String precision)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The spec of parsed options; the samplers that shard are hmc and mala (his moves chains between tempers). */
    public static SampleSpec of(SampleOptions o) {
        if (!o.sampler().equals("hmc") && !o.sampler().equals("mala")) {
            throw new IllegalArgumentException("--sampler: '" + o.sampler() + "'; allowed on Spark: hmc, mala");
        }
        if (o.resume()) {
            throw new IllegalArgumentException("--resume: not supported on Spark (a failed task is retried by Spark "
                    + "and redoes its shard with the same draws); allowed: leave out --resume");
        }
        return new SampleSpec(o.target(), str(o.targetFile()), o.dimension(), o.sampler(), o.backend(), o.device(),
                o.chains(), o.warmup(), o.draws(), o.thin(), o.steps(), o.stepSize(), o.seed(), str(o.out()),
                o.keepChains(), o.adapt(), o.metric(), o.jitter(), str(o.dataFile()), o.targetClass(), o.classpath(),
                o.precision().label());
    }

    /** Back to the options {@code leapfrog sample} takes (no resume, no checkpoints). */
    public SampleOptions options() {
        return new SampleOptions(target, path(targetFile), dimension, sampler, backend, device, chains, warmup, draws,
                thin, steps, stepSize, seed, path(out), keepChains, false, 0, 0.5, adapt, metric, jitter,
                path(dataFile), targetClass, classpath, Precision.parse(precision));
    }

    private static String str(Path p) {
        return p == null ? null : p.toString();
    }

    private static Path path(String s) {
        return s == null ? null : Path.of(s);
    }
}
