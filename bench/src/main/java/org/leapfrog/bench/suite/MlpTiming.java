package org.leapfrog.bench.suite;

import java.util.SplittableRandom;
import org.leapfrog.kernels.ElementType;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.tensor.Arena;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.nn.Activation;
import org.leapfrog.runtime.tensor.nn.Sequential;
import org.leapfrog.runtime.tensor.nn.VarianceScaling;

/**
 * The MLP forward and backward pass on the tensor engine (float64 or float32): {@code layers} dense layers width -> width,
 * tanh between them, loss mean(y^2), gradients zeroed first, results from an {@link Arena} as in a training loop;
 * the first weight gradient element is read back, so the time includes waiting for the device. The same
 * workload as {@code pytorch_mlp.py} and the JMH {@code MlpForwardBackwardBenchmark}.
 */
final class MlpTiming {
    private MlpTiming() {
    }

    /** Seconds per forward+backward pass on {@code backend}. */
    static double seconds(Backend backend, ElementType precision, int batch, int width, int layers,
                          double minSeconds) {
        try (Engine engine = Engine.on(backend, precision); Arena arena = new Arena(engine)) {
            boolean f32 = precision == ElementType.FLOAT32;
            SplittableRandom rng = new SplittableRandom(1);
            double[] xs = new double[batch * width];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = rng.nextGaussian();
            }
            int[] sizes = new int[layers + 1];
            java.util.Arrays.fill(sizes, width);
            Sequential mlp = Sequential.mlp(engine, "mlp", sizes, Activation.TANH, Activation.IDENTITY,
                    VarianceScaling.glorotUniform(), rng);
            Tensor x = engine.wrap(batch, width, xs);
            double[] sink = new double[1];
            ProductTiming.Body step = () -> {
                try (Arena.Scope s = arena.open()) {
                    for (Tensor p : mlp.parameters()) {
                        p.zeroGrad();
                    }
                    Graph.backward(mlp.forward(x).square().mean());
                    Tensor w = mlp.parameters().get(0);
                    sink[0] += f32 ? w.floatAccumulatedGrad()[0] : w.accumulatedGrad()[0];
                }
            };
            for (int i = 0; i < 2; i++) {
                step.run();
            }
            return ProductTiming.seconds(step, minSeconds, () -> { });
        }
    }
}
