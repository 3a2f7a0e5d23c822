package org.leapfrog.runtime.tensor.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.optim.Adam;
import org.leapfrog.runtime.tensor.optim.LearningRateSchedule;

class MlpTest {
    private final Engine engine = Engine.java();

    @Test
    void mlpFitsSineOnAnInterval() {
        int n = 128;
        Tensor x = engine.zeros(n, 1);
        Tensor y = engine.zeros(n, 1);
        for (int i = 0; i < n; i++) {
            double v = -3 + 6.0 * i / (n - 1);
            x.set(i, 0, v);
            y.set(i, 0, Math.sin(v));
        }
        Sequential mlp = Sequential.mlp(engine, "f", new int[] {1, 32, 32, 1}, Activation.TANH, Activation.IDENTITY,
                VarianceScaling.glorotUniform(), new SplittableRandom(3));
        Adam adam = new Adam(mlp.parameters(), LearningRateSchedule.cosineWithWarmup(0.01, 50, 3000, 1e-4));
        for (int it = 0; it < 3000; it++) {
            adam.zeroGrad();
            Graph.backward(mlp.forward(x).sub(y).square().mean());
            adam.step();
        }
        // Held-out points between the training grid: the fit must generalise, not interpolate a table.
        double maxErr = 0;
        try (Engine.GradRegion r = engine.noGrad()) {
            Tensor xt = engine.zeros(50, 1);
            for (int i = 0; i < 50; i++) {
                xt.set(i, 0, -2.9 + 5.8 * (i + 0.37) / 50);
            }
            Tensor pred = mlp.forward(xt);
            for (int i = 0; i < 50; i++) {
                maxErr = Math.max(maxErr, Math.abs(pred.get(i, 0) - Math.sin(xt.get(i, 0))));
            }
        }
        assertTrue(maxErr < 0.005, "max error on held-out points " + maxErr);
    }

    @Test
    void scaledTanhIsLambdaTimesTanhWithTrainableLogLambda() {
        ScaledTanh s = new ScaledTanh(engine, "q", 2);
        s.logLambda().data()[0] = Math.log(3.0);
        Tensor x = engine.variable(2, 2, new double[] {0.1, -0.4, 0.7, 1.2});
        Tensor out = s.forward(x);
        assertEquals(3.0 * Math.tanh(0.1), out.get(0, 0), 1e-15);
        assertEquals(Math.tanh(0.7), out.get(0, 1), 1e-15);
        Tensor[] g = Graph.grad(out.sum(), List.of(s.logLambda(), x), false);
        // d/d logLambda_c = lambda_c * sum_r tanh(x_rc)
        assertEquals(3.0 * (Math.tanh(0.1) + Math.tanh(-0.4)), g[0].data()[0], 1e-14);
        assertEquals(3.0 * (1 - Math.pow(Math.tanh(-0.4), 2)), g[1].get(1, 0), 1e-14);
    }

    @Test
    void parametersHaveUniqueNames() {
        Sequential mlp = Sequential.mlp(engine, "net", new int[] {4, 8, 8, 2}, Activation.RELU, Activation.IDENTITY,
                VarianceScaling.glorotUniform(), new SplittableRandom(1));
        List<String> names = new ArrayList<>();
        mlp.parameters().forEach(p -> names.add(p.name()));
        assertEquals(List.of("net.0.w", "net.0.b", "net.1.w", "net.1.b", "net.2.w", "net.2.b"), names);
    }

    /**
     * Variance of 40,000 initial weights against scale / fan. The estimate's relative standard error is at
     * most about 1% (normal: sqrt(2/n) = 0.7%); the 5% tolerance is over 5 standard errors, so the
     * false-failure rate is below 1e-6 (and the seed is fixed).
     */
    @Test
    void varianceScalingGivesTheRequestedVariance() {
        for (VarianceScaling.Distribution dist : VarianceScaling.Distribution.values()) {
            Tensor w = engine.parameter("w", 100, 400);
            new VarianceScaling(2.0, VarianceScaling.Mode.FAN_AVG, dist).initialise(w, new SplittableRandom(9));
            double ss = 0;
            for (double v : w.data()) {
                ss += v * v;
            }
            double expected = 2.0 / 250;
            assertEquals(1.0, ss / w.size() / expected, 0.05, dist.name());
        }
    }
}
