package org.leapfrog.runtime.tensor;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operation's first and second derivatives against central finite differences (float64, fixed seeds),
 * on each engine: the Java twins and the OpenCL kernels.
 */
class OpsGradientTest {
    private static final int B = 4;
    private static final int F = 3;

    /** How to draw an input: shape and range (ranges keep logs and roots defined and inputs off kinks). */
    record In(int rows, int cols, double lo, double hi, double gap) {
        static In any(int rows, int cols) {
            return new In(rows, cols, -2, 2, 0.05);
        }

        static In positive(int rows, int cols) {
            return new In(rows, cols, 0.5, 2, 0);
        }
    }

    static Arguments op(String name, Function<List<Tensor>, Tensor> f, In... ins) {
        return Arguments.of(name, f, ins);
    }

    /** Every op on every engine: (engine, name, function, inputs). */
    static Stream<Arguments> opsOnEngines() {
        return Stream.of(TestEngines.NAMES).flatMap(e -> ops().map(a -> Arguments.of(e, a.get()[0], a.get()[1], a.get()[2])));
    }

    static Stream<Arguments> ops() {
        return Stream.of(
                op("add", t -> t.get(0).add(t.get(1)), In.any(B, F), In.any(B, F)),
                op("add row vector", t -> t.get(0).add(t.get(1)), In.any(B, F), In.any(1, F)),
                op("add per-chain", t -> t.get(0).add(t.get(1)), In.any(B, 1), In.any(B, F)),
                op("add scalar tensor", t -> t.get(0).add(t.get(1)), In.any(B, F), In.any(1, 1)),
                op("sub", t -> t.get(0).sub(t.get(1)), In.any(B, F), In.any(1, F)),
                op("mul", t -> t.get(0).mul(t.get(1)), In.any(B, F), In.any(B, F)),
                op("mul broadcast", t -> t.get(0).mul(t.get(1)), In.any(1, F), In.any(B, 1)),
                op("div", t -> t.get(0).div(t.get(1)), In.any(B, F), In.positive(B, F)),
                op("div broadcast", t -> t.get(0).div(t.get(1)), In.any(B, F), In.positive(B, 1)),
                op("neg", t -> t.get(0).neg(), In.any(B, F)),
                op("scalar add", t -> t.get(0).add(0.7), In.any(B, F)),
                op("scalar sub", t -> t.get(0).sub(0.7), In.any(B, F)),
                op("scalar mul", t -> t.get(0).mul(-1.3), In.any(B, F)),
                op("scalar div", t -> t.get(0).div(1.7), In.any(B, F)),
                op("scalar rsub", t -> t.get(0).rsub(2.0), In.any(B, F)),
                op("scalar rdiv", t -> t.get(0).rdiv(2.0), In.positive(B, F)),
                op("reciprocal", t -> t.get(0).reciprocal(), In.positive(B, F)),
                op("exp", t -> t.get(0).exp(), In.any(B, F)),
                op("log", t -> t.get(0).log(), In.positive(B, F)),
                op("log1p", t -> t.get(0).log1p(), new In(B, F, -0.5, 2, 0)),
                op("sqrt", t -> t.get(0).sqrt(), In.positive(B, F)),
                op("square", t -> t.get(0).square(), In.any(B, F)),
                op("tanh", t -> t.get(0).tanh(), In.any(B, F)),
                op("sigmoid", t -> t.get(0).sigmoid(), In.any(B, F)),
                op("softplus", t -> t.get(0).softplus(), new In(B, F, -30, 30, 0.05)),
                op("logSigmoid", t -> t.get(0).logSigmoid(), new In(B, F, -30, 30, 0.05)),
                op("relu", t -> t.get(0).relu().mul(t.get(0)), In.any(B, F)),
                op("elu", t -> t.get(0).elu(1.0), In.any(B, F)),
                op("elu alpha", t -> t.get(0).elu(0.6).square(), In.any(B, F)),
                op("clamp", t -> t.get(0).clamp(-1.0, 1.0).square(), In.any(B, F)),
                op("matmul", t -> t.get(0).matmul(t.get(1)), In.any(B, F), In.any(F, 5)),
                op("matmul wide", t -> t.get(0).matmul(t.get(1)), In.any(B, 9), In.any(9, 2)),
                op("matmul transB", t -> MatMul.matmulTransB(t.get(0), t.get(1)), In.any(B, 6), In.any(F, 6)),
                op("matmul transA", t -> MatMul.matmulTransA(t.get(0), t.get(1)), In.any(7, F), In.any(7, 5)),
                op("matmul squared", t -> t.get(0).matmul(t.get(1)).square(), In.any(B, F), In.any(F, 2)),
                op("sumRows", t -> t.get(0).sumRows().square(), In.any(B, F)),
                op("sumCols", t -> t.get(0).sumCols().square(), In.any(B, F)),
                op("meanRows", t -> t.get(0).meanRows().square(), In.any(B, F)),
                op("meanCols", t -> t.get(0).meanCols().square(), In.any(B, F)),
                op("sum", t -> t.get(0).sum().square(), In.any(B, F)),
                op("mean", t -> t.get(0).mean().exp(), In.any(B, F)),
                op("broadcastRows", t -> t.get(0).broadcastRows(B).square(), In.any(1, F)),
                op("broadcastCols", t -> t.get(0).broadcastCols(F).square(), In.any(B, 1)),
                op("select", t -> Tensor.select(mask(t.get(0).engine(), B, F), t.get(0).square(), t.get(1).exp()),
                        In.any(B, F), In.any(B, F)),
                op("select per chain", t -> Tensor.select(mask(t.get(0).engine(), B, 1), t.get(0).square(), t.get(1).tanh()),
                        In.any(B, F), In.any(B, F)),
                op("concatCols", t -> Tensor.concatCols(t.get(0), t.get(1).square(), t.get(0)).tanh(),
                        In.any(B, 2), In.any(B, F)),
                op("sliceCols", t -> t.get(0).sliceCols(1, 3).square(), In.any(B, 4)),
                op("mlp layer", t -> t.get(0).matmul(t.get(1)).add(t.get(2)).tanh().sumCols().square(),
                        In.any(B, F), In.any(F, 4), In.any(1, 4)),
                op("linear tanh", t -> Linear.apply(t.get(0), t.get(1), t.get(2), Linear.Activation.TANH).square(),
                        In.any(B, F), In.any(F, 4), In.any(1, 4)),
                op("linear sigmoid", t -> Linear.apply(t.get(0), t.get(1), t.get(2), Linear.Activation.SIGMOID).square(),
                        In.any(B, F), In.any(F, 3), In.any(1, 3)),
                op("linear relu", t -> Linear.apply(t.get(0), t.get(1), t.get(2), Linear.Activation.RELU).square(),
                        In.any(B, F), In.any(F, 5), In.any(1, 5)),
                op("linear no bias", t -> Linear.apply(t.get(0), t.get(1), null, Linear.Activation.IDENTITY).square(),
                        In.any(B, F), In.any(F, 2)));
    }

    /** A fixed mixed 0/1 mask (1, 0, 1, 0, ...). */
    static Tensor mask(Engine engine, int rows, int cols) {
        Tensor m = engine.zeros(rows, cols);
        double[] v = new double[m.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i * 7 + 3) % 2;
        }
        m.assign(v); // either precision
        return m;
    }

    static List<Tensor> inputs(Engine engine, In[] ins, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return Stream.of(ins).map(i -> GradCheck.variable(engine, rng, i.rows(), i.cols(), i.lo(), i.hi(), i.gap())).toList();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("opsOnEngines")
    void firstOrderMatchesFiniteDifferences(String engine, String name, Function<List<Tensor>, Tensor> f, In[] ins) {
        GradCheck.firstOrder(name, f, inputs(TestEngines.get(engine), ins, name.hashCode()), 17);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("opsOnEngines")
    void secondOrderMatchesFiniteDifferences(String engine, String name, Function<List<Tensor>, Tensor> f, In[] ins) {
        GradCheck.secondOrder(name, f, inputs(TestEngines.get(engine), ins, name.hashCode()), 23);
    }
}
