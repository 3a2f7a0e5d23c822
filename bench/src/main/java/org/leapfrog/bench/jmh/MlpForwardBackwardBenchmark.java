package org.leapfrog.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.leapfrog.runtime.tensor.Arena;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.nn.Activation;
import org.leapfrog.runtime.tensor.nn.Sequential;
import org.leapfrog.runtime.tensor.nn.VarianceScaling;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.Backends;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Forward and backward pass of an MLP ({@code layers} dense layers of {@code features} -> {@code features}, tanh
 * between them; default 100 -> 100 -> 100 -> 100) on a batch of 4096 x 100: the cost of one training step of an
 * L2HMC-sized network before the optimizer update, on the Java engine or the OpenCL engine (one kernel launch per
 * operation, values on the device; each dense layer is one fused product with bias and tanh; the returned gradient
 * element is read back, so the time includes waiting for the device). Results come from an {@link Arena}, as in a
 * training loop. The workload of {@code leapfrog bench dense} and of its PyTorch peer {@code bench/peers/pytorch_mlp.py}
 * (loss mean(y^2), gradients zeroed first). Run:
 * {@code java -cp bench/target/leapfrog.jar org.openjdk.jmh.Main MlpForwardBackward -f 1 -wi 1 -i 2}
 * (add {@code -p backend=java} or {@code -p backend=opencl} for one backend).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MlpForwardBackwardBenchmark {
    @Param("4096")
    public int batch;

    @Param("100")
    public int features;

    @Param("3")
    public int layers;

    @Param({"java", "opencl"})
    public String backend;

    private Backend runtime;
    private Engine engine;
    private Arena arena;
    private Sequential mlp;
    private Tensor x;

    @Setup
    public void setup() {
        runtime = Backends.open(backend, null, notice -> { });
        engine = Engine.on(runtime);
        arena = new Arena(engine);
        SplittableRandom rng = new SplittableRandom(1);
        double[] xs = new double[batch * features];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = rng.nextGaussian();
        }
        int[] sizes = new int[layers + 1];
        java.util.Arrays.fill(sizes, features);
        mlp = Sequential.mlp(engine, "mlp", sizes, Activation.TANH, Activation.IDENTITY, VarianceScaling.glorotUniform(),
                rng);
        x = engine.wrap(batch, features, xs);
    }

    @TearDown
    public void tearDown() {
        arena.close();
        engine.close();
        runtime.close();
    }

    @Benchmark
    public double forwardBackward() {
        try (Arena.Scope s = arena.open()) {
            for (Tensor p : mlp.parameters()) {
                p.zeroGrad();
            }
            Tensor loss = mlp.forward(x).square().mean();
            Graph.backward(loss);
            return mlp.parameters().get(0).accumulatedGrad()[0];
        }
    }
}
