package org.leapfrog.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.leapfrog.bench.sample.SampleJob;
import org.leapfrog.bench.sample.SampleOptions;
import org.leapfrog.samplers.Precision;

/**
 * The Spark overhead benchmark behind {@code leapfrog-spark bench}. Every configuration runs in this JVM one
 * after another: for a local[1] session (one shard), then a local[2] session (two shards), each repeat runs the
 * plain single-process {@code sample} and right after it the same run sharded, and the best of the repeats
 * of each is compared. Session start-up is timed apart (a cluster keeps its session); each run's wall
 * time covers warmup, sampling, collecting the shards and writing the outputs. A small run of every path first
 * warms the JIT and the kernel builds.
 */
final class SparkBench {
    record Config(List<Integer> chains, String target, Integer dim, String backend, int warmup, int draws, int steps,
                  int groups, int groupRows, int repeats, Path work) {
        Config {
            if (repeats < 1) {
                throw new IllegalArgumentException("--repeats: " + repeats + "; allowed: 1 or more");
            }
            if (groups < 0) {
                throw new IllegalArgumentException("--groups: " + groups + "; allowed: 0 or more");
            }
        }
    }

    private static final String[] MASTERS = {"local[1]", "local[2]"};
    private final Config c;
    private final PrintWriter out;
    private final PrintWriter quiet = new PrintWriter(new StringWriter());

    SparkBench(Config c, PrintWriter out) {
        this.c = c;
        this.out = out;
    }

    void run(Path json) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ObjectNode config = root.putObject("config");
        config.put("target", c.target());
        config.put("dim", c.dim());
        config.put("backend", c.backend());
        config.put("warmup", c.warmup());
        config.put("draws", c.draws());
        config.put("steps", c.steps());
        config.put("repeats", c.repeats());
        config.put("cores", Runtime.getRuntime().availableProcessors());
        int n = c.chains().size();
        // plain[m][i]: the plain run measured next to master m's runs (pairs taken close in time, so that a
        // busy machine's drift cancels in the ratio); best of the repeats for both.
        double[][] plain = new double[MASTERS.length][n];
        double[][] spark = new double[MASTERS.length][n];
        double[][] plainCpu = new double[MASTERS.length][n];
        double[][] sparkCpu = new double[MASTERS.length][n];
        boolean[][] identical = new boolean[MASTERS.length][n];
        double[] sessionSeconds = new double[MASTERS.length];
        for (int m = 0; m < MASTERS.length; m++) {
            java.util.Arrays.fill(plain[m], Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(spark[m], Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(plainCpu[m], Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(sparkCpu[m], Double.POSITIVE_INFINITY);
        }
        runPlain(1024, "warm-plain");
        for (int m = 0; m < MASTERS.length; m++) {
            long t0 = System.nanoTime();
            SparkSession session = LeapfrogSpark.session(MASTERS[m], "leapfrog-spark bench");
            sessionSeconds[m] = (System.nanoTime() - t0) * 1e-9;
            try {
                runSpark(session, 1024, m + 1, "warm-spark");
                for (int r = 0; r < c.repeats(); r++) {
                    for (int i = 0; i < n; i++) {
                        int chains = c.chains().get(i);
                        double pc0 = cpuSeconds();
                        double p = runPlain(chains, "plain-" + chains);
                        double pc1 = cpuSeconds();
                        double t = runSpark(session, chains, m + 1, "spark" + (m + 1) + "-" + chains);
                        double tc = cpuSeconds() - pc1;
                        plain[m][i] = Math.min(plain[m][i], p);
                        spark[m][i] = Math.min(spark[m][i], t);
                        plainCpu[m][i] = Math.min(plainCpu[m][i], pc1 - pc0);
                        sparkCpu[m][i] = Math.min(sparkCpu[m][i], tc);
                        identical[m][i] = sameSummary("plain-" + chains, "spark" + (m + 1) + "-" + chains);
                        out.printf("%s, %d shards, %d chains: %.3f s (CPU %.3f s); plain next to it %.3f s (CPU %.3f s);"
                                + " wall ratio %.3f, CPU ratio %.3f; outputs identical: %s%n", MASTERS[m], m + 1, chains,
                                t, tc, p, pc1 - pc0, t / p, tc / (pc1 - pc0), identical[m][i]);
                        out.flush();
                    }
                }
            } finally {
                session.stop();
            }
        }
        ArrayNode shards = root.putArray("chain_shards");
        for (int i = 0; i < n; i++) {
            int chains = c.chains().get(i);
            ObjectNode row = shards.addObject();
            row.put("chains", chains);
            long iterations = (long) chains * (c.warmup() + c.draws());
            for (int m = 0; m < MASTERS.length; m++) {
                ObjectNode s = row.putObject(MASTERS[m]);
                s.put("shards", m + 1);
                s.put("seconds", spark[m][i]);
                s.put("chain_iterations_per_second", iterations / spark[m][i]);
                s.put("plain_seconds", plain[m][i]);
                s.put("plain_chain_iterations_per_second", iterations / plain[m][i]);
                s.put("time_ratio_to_plain", spark[m][i] / plain[m][i]);
                s.put("overhead_percent", 100.0 * (spark[m][i] / plain[m][i] - 1.0));
                s.put("cpu_seconds", sparkCpu[m][i]);
                s.put("plain_cpu_seconds", plainCpu[m][i]);
                s.put("cpu_overhead_percent", 100.0 * (sparkCpu[m][i] / plainCpu[m][i] - 1.0));
                s.put("outputs_identical_to_plain", identical[m][i]);
            }
        }
        ObjectNode sessions = root.putObject("session_start_seconds");
        for (int m = 0; m < MASTERS.length; m++) {
            sessions.put(MASTERS[m], sessionSeconds[m]);
        }
        if (c.groups() > 0) {
            manyPosteriors(root.putObject("many_posteriors"));
        }
        try {
            Files.writeString(json, mapper.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + json, e);
        }
        out.printf("wrote %s%n", json);
        out.flush();
    }

    /**
     * The benchmark's sample options. The plain run checkpoints once, at the end (--checkpoint-every = draws),
     * instead of every draws/20: the sharded run writes no checkpoints, and each one writes every chain's state.
     */
    private SampleOptions options(int chains, String dir) {
        return new SampleOptions(c.target(), null, c.target().equals("normal") ? c.dim() : null, "hmc", c.backend(),
                null, chains, c.warmup(), c.draws(), 1, c.steps(), null, 20181203L, c.work().resolve(dir),
                Math.min(8, chains), false, c.draws(), 0.5, true, "diag", 0.5, null, null, null, Precision.FLOAT64);
    }

    private double runPlain(int chains, String dir) {
        long t0 = System.nanoTime();
        new SampleJob(options(chains, dir), quiet, quiet, false).run();
        return (System.nanoTime() - t0) * 1e-9;
    }

    private double runSpark(SparkSession session, int chains, int shards, String dir) {
        long t0 = System.nanoTime();
        SampleOptions o = options(chains, dir);
        new ChainShards(session).run(o, shards).write(o.out(), quiet);
        return (System.nanoTime() - t0) * 1e-9;
    }

    /** CPU time of this whole JVM (driver, local executors' task threads, OpenCL runtime threads, GC, JIT). */
    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() * 1e-9;
    }

    private boolean sameSummary(String a, String b) {
        try {
            return Files.readString(c.work().resolve(a).resolve("summary.csv"))
                    .equals(Files.readString(c.work().resolve(b).resolve("summary.csv")));
        } catch (IOException e) {
            return false;
        }
    }

    /** Problems/s: a plain loop over the problems in this thread, then local[1] and local[2] sessions. */
    private void manyPosteriors(ObjectNode node) {
        PosteriorSettings s = PosteriorSettings.defaults();
        node.put("groups", c.groups());
        node.put("rows_per_group", c.groupRows());
        node.put("features", 24);
        node.put("chains", s.chains());
        node.put("warmup", s.warmup());
        node.put("draws", s.draws());
        node.put("steps", s.steps());
        SparkSession first = LeapfrogSpark.session("local[1]", "leapfrog-spark bench");
        List<Row> problems;
        try {
            problems = ManyPosteriors.syntheticGroups(first, c.groups(), c.groupRows(), 24, 3L, -1, 1).collectAsList();
        } finally {
            first.stop();
        }
        ProblemTarget targets = ProblemTarget.logisticRegression();
        for (int k = 0; k < Math.min(20, problems.size()); k++) { // warm the JIT
            PosteriorFit.fit("warm", problems.get(k), targets, s);
        }
        long t0 = System.nanoTime();
        double c0 = cpuSeconds();
        for (Row p : problems) {
            PosteriorFit.fit(p.getString(0), p, targets, s);
        }
        double plain = (System.nanoTime() - t0) * 1e-9;
        node.put("plain_problems_per_second", c.groups() / plain);
        node.put("plain_cpu_seconds", cpuSeconds() - c0);
        out.printf("many posteriors, plain loop: %d problems in %.3f s (%.2f problems/s)%n", c.groups(), plain,
                c.groups() / plain);
        for (int m = 0; m < MASTERS.length; m++) {
            SparkSession session = LeapfrogSpark.session(MASTERS[m], "leapfrog-spark bench");
            try {
                Dataset<Row> ds = session.createDataFrame(problems, ManyPosteriors.PROBLEM_SCHEMA).repartition(8);
                new ManyPosteriors(s).summarise(ds.limit(16)).collectAsList(); // warm
                long t1 = System.nanoTime();
                double c1 = cpuSeconds();
                int rows = new ManyPosteriors(s).summarise(ds).collectAsList().size();
                double seconds = (System.nanoTime() - t1) * 1e-9;
                ObjectNode r = node.putObject(MASTERS[m]);
                r.put("cpu_seconds", cpuSeconds() - c1);
                r.put("seconds", seconds);
                r.put("problems_per_second", c.groups() / seconds);
                r.put("summary_rows", rows);
                out.printf("many posteriors, %s: %d problems in %.3f s (%.2f problems/s)%n", MASTERS[m], c.groups(),
                        seconds, c.groups() / seconds);
                out.flush();
            } finally {
                session.stop();
            }
        }
    }
}
