package org.leapfrog.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.leapfrog.bench.sample.SampleOptions;

/**
 * One posterior's chains split into shards that Spark runs as tasks; the result equals {@code leapfrog sample}
 * in one process with the same options, whatever the number of shards or executors.
 *
 * <p>The job: (1) warmup with window adaptation, which pools statistics over all chains, runs once on the full
 * chain set in one task (so the tuned step size, metric and positions are the single process's); (2) each
 * shard, one task per shard, continues its global chains {@code [a, b)} with the run's seed and chain offset a
 * (random numbers are keyed by (seed, chain, iteration), so shard boundaries change no draw); (3) the driver
 * collects the shards and merges them in shard order (chain order): per-chain moments side by side, kept draws
 * of the written chains, totals. Spark retries a failed task; a retry recomputes the same shard exactly.
 */
public final class ChainShards {
    private final SparkSession spark;
    private int javaThreadsPerTask;
    private int failingShard = -1;

    public ChainShards(SparkSession spark) {
        if (spark == null) {
            throw new IllegalArgumentException("spark: null; allowed: an active SparkSession");
        }
        this.spark = spark;
    }

    /**
     * Threads of the Java backend in each task (0, the default: the cores of this machine divided among the
     * tasks that run at once, which fits local mode; on a cluster, the executor's cores per task).
     */
    public ChainShards withJavaThreadsPerTask(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("javaThreadsPerTask: " + threads + "; allowed: 0 (auto) or more");
        }
        this.javaThreadsPerTask = threads;
        return this;
    }

    /**
     * Makes the first attempt of shard {@code shard} fail half-way through its draws (fault-tolerance tests:
     * with task retries on, e.g. master {@code local[2,2]}, the job must finish with unchanged results).
     */
    public ChainShards withInjectedFailure(int shard) {
        this.failingShard = shard;
        return this;
    }

    /** Runs {@code options} (hmc or mala) in {@code shards} shards; nothing is written until {@link ShardedRun#write}. */
    public ShardedRun run(SampleOptions options, int shards) {
        long start = System.nanoTime();
        SampleSpec spec = SampleSpec.of(options);
        int[] bounds = ShardPlan.bounds(options.chains(), shards);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int cores = Runtime.getRuntime().availableProcessors();
        int perTask = javaThreadsPerTask > 0 ? javaThreadsPerTask
                : Math.max(1, cores / Math.max(1, Math.min(shards, jsc.defaultParallelism())));
        int warmupThreads = javaThreadsPerTask > 0 ? javaThreadsPerTask : cores;
        TunedState tuned = options.adapts()
                ? jsc.parallelize(List.of(spec), 1).map(s -> Warmup.run(s, warmupThreads)).collect().get(0)
                : Warmup.run(spec, warmupThreads);
        List<ShardTask> tasks = new ArrayList<>();
        for (int s = 0; s < shards; s++) {
            int a = bounds[s], n = bounds[s + 1] - a;
            double[] x = tuned.positions() == null ? null : slice(tuned.positions(), options.chains(), a, n);
            tasks.add(new ShardTask(spec, s, a, n, tuned.withoutPositions(), x, perTask, s == failingShard));
        }
        List<ShardResult> results = new ArrayList<>(jsc.parallelize(tasks, shards).map(ShardTask::run).collect());
        results.sort(Comparator.comparingInt(ShardResult::shard));
        return new ShardedRun(spec, tuned.withoutPositions(), results, (System.nanoTime() - start) * 1e-9);
    }

    private static double[] slice(double[] all, int n, int from, int count) {
        int d = all.length / n;
        double[] out = new double[d * count];
        for (int k = 0; k < d; k++) {
            System.arraycopy(all, k * n + from, out, k * count, count);
        }
        return out;
    }
}
