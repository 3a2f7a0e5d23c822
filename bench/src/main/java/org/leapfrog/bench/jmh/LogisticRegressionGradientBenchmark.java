package org.leapfrog.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.graph.DataTransferMode;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.TaskGraph;
import org.leapfrog.samplers.Lanes;
import org.leapfrog.samplers.hmc.HmcKernels;
import org.leapfrog.samplers.target.BlrDataset;
import org.leapfrog.samplers.target.LogisticRegression;
import org.leapfrog.samplers.target.Target;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Log density and gradient of Bayesian logistic regression for a batch of chains (the samplers' target
 * evaluation kernel, positions and data on the device, nothing copied back). The data set sets the
 * dimension: heart 14, australian 15, german 25 (features plus intercept; 270, 690 and 1000 rows).
 * Gradient evaluations per second = chains / time.
 * Run: {@code java -cp bench/target/leapfrog.jar org.openjdk.jmh.Main LogisticRegressionGradient -f 1 -wi 1 -i 3}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LogisticRegressionGradientBenchmark {
    @Param({"java", "opencl"})
    public String backend;

    @Param({"256", "4096"})
    public int chains;

    @Param({"heart", "german"})
    public String dataset;

    private Backend opened;
    private ExecutionPlan plan;

    @Setup(Level.Trial)
    public void setup() {
        opened = JmhFixtures.open(backend);
        Target target = LogisticRegression.of(BlrDataset.valueOf(dataset.toUpperCase(java.util.Locale.ROOT)));
        int lanes = Lanes.forBackend(opened);
        int padded = Lanes.pad(chains, lanes);
        int dim = target.dimension();
        DoubleArray position = new DoubleArray("position", JmhFixtures.start(dim, padded));
        DoubleArray logDensity = new DoubleArray("logDensity", padded);
        DoubleArray gradient = new DoubleArray("gradient", dim * padded);
        DoubleArray data = new DoubleArray("targetData", target.deviceCode().orElseThrow().data());
        TaskGraph g = new TaskGraph("blr-gradient")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, position, data)
                .task("logp-grad", HmcKernels.init(target, lanes), padded / lanes, padded, position, logDensity,
                        gradient, data)
                .localWork(Lanes.localSize(opened));
        plan = opened.plan(g.snapshot());
    }

    @Benchmark
    public ExecutionPlan evaluate() {
        return plan.execute();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        plan.close();
        opened.close();
    }
}
