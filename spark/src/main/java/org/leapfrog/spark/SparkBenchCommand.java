package org.leapfrog.spark;

import java.util.concurrent.Callable;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: Spark's overhead on one machine, side by side in one run. One posterior sharded over local[1]
 * and local[2] against the plain single-process {@code sample} at each chain count, and problems/s of the
 * many-posterior mode on local[1] and local[2] against a plain loop; writes JSON.
 */
@Command(name = "bench", sortOptions = false,
        description = "Spark overhead: sharded sample on local[1] and local[2] vs the plain single-process run, and "
                + "many-posterior problems/s; writes JSON.")
final class SparkBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--chains", split = ",", defaultValue = "16384,262144", description = "Chain counts (default: ${DEFAULT-VALUE}).")
    List<Integer> chains;
    @Option(names = "--target", defaultValue = "normal", description = "Built-in target (default: ${DEFAULT-VALUE}).")
    String target;
    @Option(names = "--dim", defaultValue = "8", description = "Dimension for targets that take one (default: ${DEFAULT-VALUE}).")
    Integer dim;
    @Option(names = "--backend", defaultValue = "auto", description = "auto, java or opencl (default: ${DEFAULT-VALUE}).")
    String backend;
    @Option(names = "--warmup", defaultValue = "100", description = "Warmup iterations with window adaptation (default: ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--draws", defaultValue = "100", description = "Draws (default: ${DEFAULT-VALUE}).")
    int draws;
    @Option(names = "--steps", defaultValue = "10", description = "Leapfrog steps (default: ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--groups", defaultValue = "200", description = "Many-posterior problems (0: skip) (default: ${DEFAULT-VALUE}).")
    int groups;
    @Option(names = "--group-rows", defaultValue = "50", description = "Rows per synthetic group (default: ${DEFAULT-VALUE}).")
    int groupRows;
    @Option(names = "--repeats", defaultValue = "1", description = "Repeats of each measurement; the best counts (default: ${DEFAULT-VALUE}).")
    int repeats;
    @Option(names = "--work", defaultValue = "spark-bench-work", description = "Scratch directory for the runs' outputs (default: ${DEFAULT-VALUE}).")
    Path work;
    @Option(names = "--out", defaultValue = "spark-bench.json", description = "JSON results (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        SparkBench.Config c = new SparkBench.Config(chains, target, dim, backend, warmup, draws, steps, groups,
                groupRows, repeats, work);
        new SparkBench(c, spec.commandLine().getOut()).run(out);
        return 0;
    }
}
