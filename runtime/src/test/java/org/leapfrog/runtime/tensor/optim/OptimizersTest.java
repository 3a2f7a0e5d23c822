package org.leapfrog.runtime.tensor.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.Tensor;

class OptimizersTest {
    private final Engine engine = Engine.java();

    private static final int N = 64;
    private static final int D = 3;

    /** A fixed regression problem: y = X beta + 0.1 noise + 0.5, and its least-squares optimum. */
    private static final class Regression {
        final Tensor x;
        final Tensor y;
        final double[] optimum; // D weights then the intercept

        Regression(Engine engine) {
            x = engine.zeros(N, D);
            y = engine.zeros(N, 1);
            SplittableRandom rng = new SplittableRandom(42);
            double[] beta = {1.5, -2.0, 0.25};
            DMatrixRMaj design = new DMatrixRMaj(N, D + 1);
            DMatrixRMaj target = new DMatrixRMaj(N, 1);
            for (int r = 0; r < N; r++) {
                double s = 0.5;
                for (int d = 0; d < D; d++) {
                    double v = rng.nextGaussian();
                    x.set(r, d, v);
                    design.set(r, d, v);
                    s += beta[d] * v;
                }
                design.set(r, D, 1.0);
                s += 0.1 * rng.nextGaussian();
                y.set(r, 0, s);
                target.set(r, 0, s);
            }
            DMatrixRMaj sol = new DMatrixRMaj(D + 1, 1);
            if (!CommonOps_DDRM.solve(design, target, sol)) { // least squares (QR) for a tall matrix
                throw new IllegalStateException("singular design");
            }
            optimum = new double[D + 1];
            for (int i = 0; i <= D; i++) {
                optimum[i] = sol.get(i, 0);
            }
        }

        Tensor loss(Tensor w, Tensor b) {
            return x.matmul(w).add(b).sub(y).square().mean();
        }
    }

    static Stream<Arguments> optimizers() {
        LearningRateSchedule decay = LearningRateSchedule.exponentialDecay(0.05, 400, 0.5, true);
        return Stream.of(
                Arguments.of("adam", (Function<List<Tensor>, Optimizer>) p -> new Adam(p, decay)),
                Arguments.of("adam amsgrad", (Function<List<Tensor>, Optimizer>) p -> new Adam(p, decay, 0.9, 0.999, 1e-8, true)),
                Arguments.of("adamax", (Function<List<Tensor>, Optimizer>) p -> new Adamax(p, decay)),
                Arguments.of("rmsprop", (Function<List<Tensor>, Optimizer>) p -> new RmsProp(p, decay)),
                Arguments.of("sgd momentum", (Function<List<Tensor>, Optimizer>) p -> new Sgd(p, LearningRateSchedule.constant(0.05), 0.9)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void reachesTheLeastSquaresOptimum(String name, Function<List<Tensor>, Optimizer> make) {
        Regression problem = new Regression(engine);
        Tensor w = engine.parameter("w", D, 1);
        Tensor b = engine.parameter("b", 1, 1);
        Optimizer opt = make.apply(List.of(w, b));
        for (int it = 0; it < 6000; it++) {
            opt.zeroGrad();
            Graph.backward(problem.loss(w, b));
            opt.step();
        }
        double[] got = {w.get(0, 0), w.get(1, 0), w.get(2, 0), b.item()};
        // RMSProp's steps are normalised by the gradient's running RMS, so they do not shrink near the optimum: it
        // ends within a few final learning rates (0.05 * 0.5^14 = 3.05e-6) of it, where rounding decides (one ulp in
        // one target moves w0's end point by up to 6e-6). The others converge to well below 1e-6.
        double tol = name.equals("rmsprop") ? 1e-5 : 1e-6;
        assertArrayEquals(problem.optimum, got, tol, name);
    }

    @Test
    void adamFirstStepIsTheLearningRateTimesTheSign() {
        Tensor w = engine.parameter("w", 1, 2);
        w.accumulatedGrad()[0] = 3.0;
        w.accumulatedGrad()[1] = -0.5;
        new Adam(List.of(w), LearningRateSchedule.constant(0.1), 0.9, 0.999, 1e-8, false).step();
        // m-hat = g, v-hat = g^2, so the step is lr * g / (|g| + eps)
        assertEquals(-0.1 * 3.0 / (3.0 + 1e-8), w.data()[0], 1e-15);
        assertEquals(0.1 * 0.5 / (0.5 + 1e-8), w.data()[1], 1e-15);
    }

    @Test
    void adamaxAndRmsPropFirstSteps() {
        Tensor a = engine.parameter("a", 1, 1);
        a.accumulatedGrad()[0] = 2.0;
        new Adamax(List.of(a), LearningRateSchedule.constant(0.1), 0.9, 0.999, 1e-8).step();
        assertEquals(-0.1 * 2.0 / (2.0 + 1e-8), a.item(), 1e-15);
        Tensor r = engine.parameter("r", 1, 1);
        r.accumulatedGrad()[0] = 2.0;
        new RmsProp(List.of(r), LearningRateSchedule.constant(0.1), 0.99, 1e-8, 0.0).step();
        assertEquals(-0.1 * 2.0 / (Math.sqrt(0.01 * 4.0) + 1e-8), r.item(), 1e-15);
    }

    @Test
    void schedules() {
        LearningRateSchedule stairs = LearningRateSchedule.exponentialDecay(1.0, 10, 0.5, true);
        assertEquals(1.0, stairs.rate(9));
        assertEquals(0.5, stairs.rate(10));
        assertEquals(0.25, stairs.rate(25));
        LearningRateSchedule smooth = LearningRateSchedule.exponentialDecay(1.0, 10, 0.5, false);
        assertEquals(Math.pow(0.5, 0.5), smooth.rate(5), 1e-15);
        LearningRateSchedule cos = LearningRateSchedule.cosineWithWarmup(1.0, 4, 104, 0.1);
        assertEquals(0.25, cos.rate(0));
        assertEquals(1.0, cos.rate(3));
        assertEquals(1.0, cos.rate(4));
        assertEquals(0.55, cos.rate(54), 1e-15);
        assertEquals(0.1, cos.rate(104), 1e-15);
        assertEquals(0.1, cos.rate(1000), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosineWithWarmup(1.0, 10, 10, 0));
    }

    @Test
    void clippingScalesToTheGlobalNorm() {
        Tensor a = engine.parameter("a", 1, 2);
        Tensor b = engine.parameter("b", 1, 1);
        a.accumulatedGrad()[0] = 3;
        b.accumulatedGrad()[0] = 4;
        assertEquals(5.0, GradientClipping.clipByGlobalNorm(List.of(a, b), 1.0));
        assertArrayEquals(new double[] {0.6, 0}, a.accumulatedGrad(), 1e-15);
        assertEquals(0.8, b.accumulatedGrad()[0], 1e-15);
        assertEquals(1.0, GradientClipping.clipByGlobalNorm(List.of(a, b), 2.0), 1e-15);
        assertEquals(0.8, b.accumulatedGrad()[0], 1e-15);
    }

    @Test
    void badHyperparametersAreRejected() {
        List<Tensor> p = List.of(engine.parameter("p", 1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Adam(p, LearningRateSchedule.constant(0.1), 1.0, 0.999, 1e-8, false));
        assertTrue(e.getMessage().startsWith("beta1: 1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.constant(-1));
        assertThrows(IllegalStateException.class, () -> new Sgd(List.of(engine.zeros(1, 1)), LearningRateSchedule.constant(1), 0));
    }
}
