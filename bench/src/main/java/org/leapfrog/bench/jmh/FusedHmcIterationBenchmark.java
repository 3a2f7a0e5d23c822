package org.leapfrog.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.leapfrog.runtime.Backend;
import org.leapfrog.samplers.hmc.HmcParameters;
import org.leapfrog.samplers.hmc.HmcSampler;
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
 * One fused HMC iteration (Philox momenta, L = 10 leapfrog steps with the gradient inlined, energy, MH) on an
 * ill-conditioned diagonal Gaussian, state on the device. Gradient evaluations per second = chains * 10 / time.
 * Run: {@code java -cp bench/target/leapfrog.jar org.openjdk.jmh.Main FusedHmcIteration -f 1 -wi 1 -i 3}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FusedHmcIterationBenchmark {
    @Param({"java", "opencl"})
    public String backend;

    @Param({"1024", "16384"})
    public int chains;

    @Param({"10", "50"})
    public int dimension;

    private Backend opened;
    private HmcSampler sampler;
    private int iteration;

    @Setup(Level.Trial)
    public void setup() {
        opened = JmhFixtures.open(backend);
        Target target = JmhFixtures.icg(dimension);
        sampler = new HmcSampler(opened, target, HmcParameters.hmc(0.18, 10, dimension), chains, 1);
        sampler.init(JmhFixtures.start(dimension, chains));
    }

    @Benchmark
    public long iteration() {
        sampler.step(iteration++);
        return sampler.gradientEvaluations();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sampler.close();
        opened.close();
    }
}
