package org.leapfrog.spark;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.leapfrog.bench.cli.SampleCommand;
import org.leapfrog.bench.sample.SampleOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sample} on Spark: the options of {@code leapfrog sample} plus {@code --shards} (one posterior's chains
 * split over tasks; the output equals {@code leapfrog sample}'s) or {@code --problems} (many posteriors, one per
 * row of a Parquet/JSON Dataset, or synthetic per-group regressions).
 */
@Command(name = "sample", sortOptions = false,
        description = "Sample on Spark: --shards N splits one posterior's chains over tasks (same draws as "
                + "'leapfrog sample'); --problems PATH samples many posteriors, one per row.")
final class SparkSampleCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Mixin
    SampleCommand sample;
    @Option(names = "--shards", paramLabel = "N",
            description = "Shards of the chains, one Spark task each (default: the session's default parallelism).")
    Integer shards;
    @Option(names = "--problems", paramLabel = "PATH",
            description = "Many posteriors: a Parquet directory or JSON-lines file of problems (problem_id, features, labels), "
                    + "or synthetic:GROUPS[:ROWS[:FEATURES]] for synthetic per-group logistic regressions.")
    String problems;
    @Option(names = "--partitions", paramLabel = "N", description = "Partitions of the problems (default: keep the input's).")
    Integer partitions;
    @Option(names = "--master", defaultValue = "local[*]",
            description = "Spark master when not run by spark-submit (default: ${DEFAULT-VALUE}).")
    String master;
    @Option(names = "--task-threads", defaultValue = "0", paramLabel = "N",
            description = "Java-backend threads per task (default 0: cores / tasks at once for shards, 1 for problems).")
    int taskThreads;

    @Override
    public Integer call() {
        // Many posteriors take their targets from the problems' rows; "normal" only satisfies the sample options.
        SampleOptions o = problems != null ? sample.options("normal") : sample.options();
        if (shards != null && problems != null) {
            throw new IllegalArgumentException("--shards / --problems: give one of them");
        }
        if (problems == null) { // bad options fail before a session starts
            SampleSpec.of(o);
            if (shards != null) {
                ShardPlan.bounds(o.chains(), shards);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        SparkSession spark = LeapfrogSpark.session(master, "leapfrog-spark sample");
        try {
            if (problems != null) {
                return manyPosteriors(spark, o, out);
            }
            int n = shards != null ? shards : Math.min(o.chains(), spark.sparkContext().defaultParallelism());
            ShardedRun run = new ChainShards(spark).withJavaThreadsPerTask(taskThreads).run(o, n);
            run.write(o.out(), out);
            return 0;
        } finally {
            spark.stop();
        }
    }

    private int manyPosteriors(SparkSession spark, SampleOptions o, PrintWriter out) {
        double eps = o.stepSize() != null ? o.stepSize() : 0.1;
        String backend = o.backend() != null ? o.backend() : "java";
        PosteriorSettings s = new PosteriorSettings(o.chains(), o.warmup(), o.draws(), o.steps(), eps, o.seed(),
                o.metric(), o.jitter(), backend, Math.max(1, taskThreads));
        Dataset<Row> input = readProblems(spark);
        if (partitions != null) {
            input = input.repartition(partitions);
        }
        long start = System.nanoTime();
        Dataset<Row> summaries = new ManyPosteriors(s).summarise(input);
        ManyPosteriors.write(summaries, o.out());
        double seconds = (System.nanoTime() - start) * 1e-9;
        Dataset<Row> back = spark.read().parquet(o.out().resolve("summaries.parquet").toString());
        long count = back.select("problem_id").distinct().count();
        long failed = back.filter("error is not null").count();
        out.printf("%d problems (%d with an error) in %.3f s: %.2f problems/s; wrote %s and %s%n", count, failed,
                seconds, count / seconds, o.out().resolve("summaries.parquet"), o.out().resolve("summaries.csv"));
        out.flush();
        return 0;
    }

    private Dataset<Row> readProblems(SparkSession spark) {
        if (problems.startsWith("synthetic:")) {
            String[] p = problems.substring("synthetic:".length()).split(":");
            try {
                int groups = Integer.parseInt(p[0]);
                int rows = p.length > 1 ? Integer.parseInt(p[1]) : 50;
                int features = p.length > 2 ? Integer.parseInt(p[2]) : 24;
                int parts = partitions != null ? partitions : spark.sparkContext().defaultParallelism();
                return ManyPosteriors.syntheticGroups(spark, groups, rows, features, sample.options("normal").seed(), -1, parts);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--problems: '" + problems + "'; allowed: synthetic:GROUPS[:ROWS[:FEATURES]]"
                        + " with whole numbers, or a Parquet/JSON path");
            }
        }
        Path path = Path.of(problems);
        if (problems.endsWith(".json") || problems.endsWith(".jsonl")) {
            return spark.read().schema(ManyPosteriors.PROBLEM_SCHEMA).json(path.toString());
        }
        return spark.read().parquet(path.toString());
    }
}
