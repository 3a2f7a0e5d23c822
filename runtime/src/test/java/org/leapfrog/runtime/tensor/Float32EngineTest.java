package org.leapfrog.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.leapfrog.kernels.ElementType;
import org.leapfrog.runtime.tensor.nn.Activation;
import org.leapfrog.runtime.tensor.nn.Sequential;
import org.leapfrog.runtime.tensor.nn.VarianceScaling;

/**
 * Float32 engines against the float64 engine of the same backend, on the same inputs (float64 values that are
 * floats, so both precisions start equal). Finite differences need float64, so float32 is checked against
 * float64's values and gradients instead: every op of {@link OpsGradientTest} forward and through backward of
 * its sum, within 2e-5 relative to max(1, |float64 value|). That is the float32 rounding (2^-24, 6e-8, per
 * operation, a few ulps for exp/tanh/log on OpenCL) through the at most ~20 rounded steps of these small
 * graphs with values and derivatives up to ~10, with margin: about 1e-5 at worst.
 */
class Float32EngineTest {
    private static final double OP_TOL = 2e-5;

    static Stream<Arguments> opsOnEngines() {
        return OpsGradientTest.opsOnEngines();
    }

    /** Inputs drawn as OpsGradientTest does, rounded to float, as variables of {@code e}. */
    private static List<Tensor> inputs(Engine e, OpsGradientTest.In[] ins, long seed) {
        List<Tensor> drawn = OpsGradientTest.inputs(Engine.java(), ins, seed);
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : drawn) {
            double[] v = t.toArray();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) v[i];
            }
            out.add(e.variable(t.rows(), t.cols(), v));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("opsOnEngines")
    void valuesAndGradientsMatchFloat64(String engine, String name, Function<List<Tensor>, Tensor> f,
                                        OpsGradientTest.In[] ins) {
        Engine e32 = TestEngines.get32(engine);
        Engine e64 = TestEngines.get(engine);
        assertEquals(ElementType.FLOAT32, e32.precision());
        List<Tensor> x32 = inputs(e32, ins, name.hashCode());
        List<Tensor> x64 = inputs(e64, ins, name.hashCode());
        Tensor y32 = f.apply(x32);
        Tensor y64 = f.apply(x64);
        close(name + " value", y64.toArray(), y32.toArray(), OP_TOL);
        Tensor[] g32 = Graph.grad(y32.sum(), x32, false);
        Tensor[] g64 = Graph.grad(y64.sum(), x64, false);
        for (int k = 0; k < g32.length; k++) {
            close(name + " gradient " + k, g64[k].toArray(), g32[k].toArray(), OP_TOL);
        }
    }

    private static void close(String what, double[] want, double[] got, double tol) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            if (!(Math.abs(got[i] - want[i]) <= tol * Math.max(1.0, Math.abs(want[i])))) {
                fail(what + ": element " + i + ": float64 " + want[i] + ", float32 " + got[i]);
            }
        }
    }

    /**
     * An MLP (8 -> 64 -> 64 -> 4, tanh, 256 chains) forward and backward in float32 on both backends agrees with
     * float64: the loss within 1e-5 relative, each parameter's gradient within 1e-4 of its largest float64
     * element (sums over 256 chains of float32 products: about sqrt(256) * 64 * 6e-8 = 6e-5 of the scale at
     * worst, observed well below). The float32 twins and kernels also agree with each other to the same bound.
     */
    @Test
    void mlpForwardBackwardMatchesFloat64OnBothBackends() {
        List<double[]> reference = null;
        for (String name : TestEngines.NAMES) {
            for (boolean f32 : new boolean[] {false, true}) {
                Engine e = f32 ? TestEngines.get32(name) : TestEngines.get(name);
                List<double[]> r = mlpStep(e);
                if (reference == null) {
                    reference = r; // java float64
                    continue;
                }
                double tolLoss = f32 ? 1e-5 : 1e-12;
                double tolGrad = f32 ? 1e-4 : 1e-10;
                String what = name + (f32 ? " float32" : " float64");
                close(what + " loss", reference.get(0), r.get(0), tolLoss);
                for (int k = 1; k < r.size(); k++) {
                    double scale = 0;
                    for (double v : reference.get(k)) {
                        scale = Math.max(scale, Math.abs(v));
                    }
                    double[] want = reference.get(k);
                    double[] got = r.get(k);
                    for (int i = 0; i < want.length; i++) {
                        if (!(Math.abs(got[i] - want[i]) <= tolGrad * scale)) {
                            fail(what + " gradient " + k + " element " + i + ": float64 " + want[i] + ", got " + got[i]);
                        }
                    }
                }
            }
        }
    }

    /** Loss (as a 1-array) and every parameter's gradient after one backward. */
    private static List<double[]> mlpStep(Engine e) {
        Sequential mlp = Sequential.mlp(e, "m", new int[] {8, 64, 64, 4}, Activation.TANH, Activation.IDENTITY,
                VarianceScaling.glorotUniform(), new SplittableRandom(5));
        SplittableRandom rng = new SplittableRandom(6);
        double[] x = new double[256 * 8];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble(-2, 2);
        }
        Tensor loss = mlp.forward(e.wrap(256, 8, x)).square().mean();
        Graph.backward(loss);
        List<double[]> r = new ArrayList<>();
        r.add(new double[] {loss.item()});
        mlp.parameters().forEach(p -> r.add(p.gradToArray()));
        return r;
    }

    @Test
    void hostAccessOfFloat32Tensors() {
        Engine e = Engine.java(ElementType.FLOAT32);
        Tensor t = e.wrap(2, 2, new double[] {0.1, 2, 3, 4});
        assertArrayEquals(new float[] {0.1f, 2, 3, 4}, t.floatData());
        assertArrayEquals(new double[] {(double) 0.1f, 2, 3, 4}, t.toArray());
        assertEquals((double) 0.1f, t.get(0, 0));
        t.set(1, 1, 0.2);
        assertEquals(0.2f, t.floatData()[3]);
        assertEquals(ElementType.FLOAT32, t.hostArray().elementType());
        assertThrows(IllegalStateException.class, t::data);
        assertThrows(IllegalStateException.class, t::buffer);
        assertThrows(IllegalStateException.class, () -> Engine.java().zeros(1, 1).floatData());
        assertThrows(IllegalArgumentException.class, () -> Engine.on(Engine.java().backend(), ElementType.INT32));
        // A custom kernel with float64 buffers is refused on a float32 engine, naming the parameter.
        UnsupportedOperationException u = assertThrows(UnsupportedOperationException.class,
                () -> e.kernel(org.leapfrog.kernels.nn.NnKernels.UNARY));
        assertEquals(true, u.getMessage().contains("float64 buffer"), u.getMessage());
    }

    /**
     * A target's log density, gradient and Hessian-vector product on float32 engines against float64 at the
     * same (float) positions: 1e-5 relative to max(1, |value|). OpenCL runs the target's device code built in
     * float (a few float ulps per operation through the quartic's handful of operations); the Java engine
     * runs the float64 methods on widened values and rounds each result once.
     */
    @Test
    void targetOpsMatchFloat64OnBothBackends() {
        TargetOpsTest.QuarticGaussian target = new TargetOpsTest.QuarticGaussian(3, 0.3, 5, true);
        SplittableRandom rng = new SplittableRandom(8);
        double[] x = new double[67 * 3];
        double[] v = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble(-2, 2);
            v[i] = (float) rng.nextDouble(-1, 1);
        }
        for (String name : TestEngines.NAMES) {
            Engine e32 = TestEngines.get32(name);
            Engine e64 = TestEngines.get(name);
            Tensor x32 = e32.wrap(67, 3, x);
            Tensor x64 = e64.wrap(67, 3, x);
            close(name + " logDensity", TargetOps.logDensity(target, x64).toArray(),
                    TargetOps.logDensity(target, x32).toArray(), 1e-5);
            close(name + " gradient", TargetOps.gradLogDensity(target, x64).toArray(),
                    TargetOps.gradLogDensity(target, x32).toArray(), 1e-5);
            close(name + " hvp", TargetOps.hessianVectorProduct(target, x64, e64.wrap(67, 3, v)).toArray(),
                    TargetOps.hessianVectorProduct(target, x32, e32.wrap(67, 3, v)).toArray(), 1e-5);
        }
    }
}
