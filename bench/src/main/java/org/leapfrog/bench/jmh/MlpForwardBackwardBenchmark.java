package org.leapfrog.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.leapfrog.autodiff.Graph;
import org.leapfrog.autodiff.Tensor;
import org.leapfrog.autodiff.nn.Activation;
import org.leapfrog.autodiff.nn.Sequential;
import org.leapfrog.autodiff.nn.VarianceScaling;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Forward and backward pass of an MLP (100 -> 100 -> 100 -> 100, tanh) on a batch of 4096 x 100, pure-Java
 * autodiff engine: the cost of one training step of an L2HMC-sized network before the optimizer update.
 * Run: {@code java -cp bench/target/leapfrog.jar org.openjdk.jmh.Main MlpForwardBackward -f 1 -wi 1 -i 2}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MlpForwardBackwardBenchmark {
    @Param("4096")
    public int batch;

    @Param("100")
    public int features;

    private Sequential mlp;
    private Tensor x;

    @Setup
    public void setup() {
        SplittableRandom rng = new SplittableRandom(1);
        mlp = Sequential.mlp("mlp", new int[] {features, features, features, features}, Activation.TANH,
                Activation.IDENTITY, VarianceScaling.glorotUniform(), rng);
        x = Tensor.zeros(batch, features);
        for (int i = 0; i < x.size(); i++) {
            x.data()[i] = rng.nextGaussian();
        }
    }

    @Benchmark
    public double forwardBackward() {
        for (Tensor p : mlp.parameters()) {
            p.zeroGrad();
        }
        Tensor loss = mlp.forward(x).square().mean();
        Graph.backward(loss);
        return mlp.parameters().get(0).accumulatedGrad()[0];
    }
}
