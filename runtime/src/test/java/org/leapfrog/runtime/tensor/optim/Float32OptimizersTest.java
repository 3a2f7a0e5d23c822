package org.leapfrog.runtime.tensor.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.TestEngines;

/**
 * The float32 optimizer and clipping kernels. Their arithmetic is float64 on float loads, rounded to float at
 * each store, on both sides and without contraction: the OpenCL kernels and the Java twins agree bit for bit.
 * Against the float64 host loops of {@link DeviceOptimizersTest} on the same (float) inputs, 40 steps of
 * state and parameter rounding (2^-24 relative each, twice per step) bound the drift by about 40 * 2 * 6e-8 =
 * 5e-6 relative to max(1, |w|): tolerance 1e-5.
 */
class Float32OptimizersTest {
    private static final int[][] SHAPES = {{3, 4}, {1, 4}, {300, 2}};
    private static final int STEPS = 40;
    private static final double TOL = 1e-5;

    static Stream<Arguments> cases() {
        return DeviceOptimizersTest.cases().map(a -> (DeviceOptimizersTest.Case) a.get()[1]).distinct()
                .map(Arguments::of);
    }

    private static double gradient(int s, int k, int i) {
        SplittableRandom r = new SplittableRandom(1000L * s + 31L * k + i);
        return (float) (r.nextGaussian() * Math.exp(r.nextDouble(-3, 3)));
    }

    /** Runs the case on a float32 engine; returns the parameters; fills {@code ref} with the float64 host run. */
    private static List<double[]> run(Engine engine, DeviceOptimizersTest.Case c, double[][] ref) {
        List<Tensor> params = new ArrayList<>();
        for (int k = 0; k < SHAPES.length; k++) {
            Tensor p = engine.parameter("p" + k, SHAPES[k][0], SHAPES[k][1]);
            double[] d = new double[p.size()];
            SplittableRandom r = new SplittableRandom(k);
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) r.nextGaussian();
            }
            p.assign(d);
            ref[k] = d;
            params.add(p);
        }
        Optimizer opt = c.device().apply(params);
        DeviceOptimizersTest.HostRule host = c.host().get();
        LearningRateSchedule decay = LearningRateSchedule.exponentialDecay(0.05, 10, 0.5, false);
        for (int s = 0; s < STEPS; s++) {
            double lr = decay.rate(s);
            for (int k = 0; k < SHAPES.length; k++) {
                float[] g = params.get(k).floatAccumulatedGrad();
                double[] gd = new double[g.length];
                for (int i = 0; i < g.length; i++) {
                    g[i] = (float) gradient(s, k, i);
                    gd[i] = g[i];
                }
                host.update(k, ref[k], gd, lr, s + 1);
            }
            opt.step();
        }
        List<double[]> out = new ArrayList<>();
        params.forEach(p -> out.add(p.toArray()));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void float32UpdatesAgreeAcrossBackendsAndWithFloat64(DeviceOptimizersTest.Case c) {
        List<double[]> first = null;
        for (String name : TestEngines.NAMES) {
            double[][] ref = new double[SHAPES.length][];
            List<double[]> got = run(TestEngines.get32(name), c, ref);
            for (int k = 0; k < SHAPES.length; k++) {
                for (int i = 0; i < ref[k].length; i++) {
                    double want = ref[k][i];
                    double v = got.get(k)[i];
                    if (!(Math.abs(v - want) <= TOL * Math.max(1.0, Math.abs(want)))) {
                        fail(c.name() + " " + name + " parameter " + k + " element " + i + ": float64 " + want
                                + ", float32 " + v);
                    }
                }
            }
            if (first == null) {
                first = got;
            } else {
                for (int k = 0; k < SHAPES.length; k++) {
                    assertArrayEquals(first.get(k), got.get(k), c.name() + " parameter " + k
                            + ": java and opencl float32 bit for bit");
                }
            }
        }
    }

    /**
     * Global-norm clipping in float32: the norm within 2^-22 relative of the float64 norm of the same gradients
     * (partials rounded to float once, sqrt in double), each scaled gradient within 2^-22 relative of g times the
     * exact scale (the scale and the product each rounded once); Java and OpenCL agree bit for bit.
     */
    @Test
    void clippingInFloat32() {
        double tol = 0x1p-22;
        List<float[]> results = new ArrayList<>();
        for (String name : TestEngines.NAMES) {
            Engine engine = TestEngines.get32(name);
            List<Tensor> params = new ArrayList<>();
            List<double[]> g = new ArrayList<>();
            double ss = 0;
            for (int k = 0; k < SHAPES.length; k++) {
                Tensor p = engine.parameter("c" + k, SHAPES[k][0], SHAPES[k][1]);
                float[] a = p.floatAccumulatedGrad();
                double[] d = new double[a.length];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) gradient(7, k, i);
                    d[i] = a[i];
                    ss += d[i] * d[i];
                }
                g.add(d);
                params.add(p);
            }
            double norm = Math.sqrt(ss);
            double maxNorm = norm / 3;
            double got = new GradientClipping(params).byGlobalNorm(maxNorm).item();
            assertEquals(norm, got, tol * norm, name + ": norm");
            for (int k = 0; k < SHAPES.length; k++) {
                float[] a = params.get(k).floatAccumulatedGrad();
                for (int i = 0; i < a.length; i++) {
                    double want = g.get(k)[i] / 3;
                    assertEquals(want, a[i], tol * Math.abs(want), name + ": scaled gradient " + k + "," + i);
                }
                results.add(a.clone());
            }
        }
        int half = results.size() / 2;
        for (int k = 0; k < half; k++) {
            assertArrayEquals(results.get(k), results.get(half + k), "clipped gradient " + k + ": java vs opencl");
        }
    }
}
