package org.leapfrog.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.leapfrog.kernels.RandomFillKernels;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.graph.DataTransferMode;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.IntParam;
import org.leapfrog.runtime.graph.LongParam;
import org.leapfrog.runtime.graph.TaskGraph;
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
 * Philox4x32-10 standard normals (Box-Muller), {@code dimension} per chain, into a device-resident chain-minor
 * array ({@link RandomFillKernels#NORMALS}); nothing is copied back. Normals per second = chains * dimension / time.
 * Run: {@code java -cp bench/target/leapfrog.jar org.openjdk.jmh.Main PhiloxNormals -f 1 -wi 1 -i 3}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PhiloxNormalsBenchmark {
    @Param({"java", "opencl"})
    public String backend;

    @Param({"1024", "16384"})
    public int chains;

    @Param({"10", "50"})
    public int dimension;

    private Backend opened;
    private ExecutionPlan plan;
    private final IntParam iteration = new IntParam(0);
    private int next;

    @Setup(Level.Trial)
    public void setup() {
        opened = JmhFixtures.open(backend);
        DoubleArray out = new DoubleArray("normals", dimension * chains);
        TaskGraph g = new TaskGraph("philox-normals")
                .transferToDevice(DataTransferMode.UNDER_DEMAND, out)
                .task("fill", RandomFillKernels.NORMALS, chains, new LongParam(1), iteration, 3, dimension, chains, out);
        plan = opened.plan(g.snapshot());
    }

    @Benchmark
    public int fill() {
        iteration.set(next++);
        plan.execute();
        return next;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        plan.close();
        opened.close();
    }
}
