package org.leapfrog.runtime.tensor.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.TestEngines;

/**
 * The optimizer and clipping kernels against the host loops the optimizers ran before they moved to kernels
 * (kept below as the reference, line for line): the Java engine's twins reproduce them bit for bit; the OpenCL
 * kernels (built without fused multiply-adds; sqrt and division correctly rounded) within 1e-14 relative over
 * 40 steps. Parameters of 3 x 4, 1 x 4 and 300 x 2 values (the last spans several clipping chunks).
 */
class DeviceOptimizersTest {
    private static final double TOL = 1e-14;
    private static final int[][] SHAPES = {{3, 4}, {1, 4}, {300, 2}};
    private static final int STEPS = 40;

    /** The pre-kernel update of parameter k: {@code update(k, w, g, lr, t)} with state per parameter. */
    interface HostRule {
        void update(int k, double[] w, double[] g, double lr, long t);
    }

    static HostRule hostAdam(double beta1, double beta2, double eps, boolean amsgrad, double[][] m, double[][] v, double[][] vMax) {
        return (k, w, g, lr, t) -> {
            double bc1 = 1.0 - Math.pow(beta1, t);
            double sqrtBc2 = Math.sqrt(1.0 - Math.pow(beta2, t));
            double stepSize = lr / bc1;
            double[] mk = m[k];
            double[] vk = v[k];
            double[] vmk = amsgrad ? vMax[k] : vk;
            for (int i = 0; i < w.length; i++) {
                mk[i] = beta1 * mk[i] + (1 - beta1) * g[i];
                vk[i] = beta2 * vk[i] + (1 - beta2) * g[i] * g[i];
                if (amsgrad) {
                    vmk[i] = Math.max(vmk[i], vk[i]);
                }
                w[i] -= stepSize * mk[i] / (Math.sqrt(vmk[i]) / sqrtBc2 + eps);
            }
        };
    }

    static HostRule hostAdamax(double beta1, double beta2, double eps, double[][] m, double[][] u) {
        return (k, w, g, lr, t) -> {
            double stepSize = lr / (1.0 - Math.pow(beta1, t));
            for (int i = 0; i < w.length; i++) {
                m[k][i] = beta1 * m[k][i] + (1 - beta1) * g[i];
                u[k][i] = Math.max(beta2 * u[k][i], Math.abs(g[i]) + eps);
                w[i] -= stepSize * m[k][i] / u[k][i];
            }
        };
    }

    static HostRule hostRmsProp(double rho, double eps, double momentum, double[][] v, double[][] buf) {
        return (k, w, g, lr, t) -> {
            for (int i = 0; i < w.length; i++) {
                v[k][i] = rho * v[k][i] + (1 - rho) * g[i] * g[i];
                buf[k][i] = momentum * buf[k][i] + g[i] / (Math.sqrt(v[k][i]) + eps);
                w[i] -= lr * buf[k][i];
            }
        };
    }

    static HostRule hostSgd(double momentum, double[][] velocity) {
        return (k, w, g, lr, t) -> {
            for (int i = 0; i < w.length; i++) {
                velocity[k][i] = momentum * velocity[k][i] + g[i];
                w[i] -= lr * velocity[k][i];
            }
        };
    }

    private static double[][] state() {
        double[][] s = new double[SHAPES.length][];
        for (int k = 0; k < s.length; k++) {
            s[k] = new double[SHAPES[k][0] * SHAPES[k][1]];
        }
        return s;
    }

    record Case(String name, Function<List<Tensor>, Optimizer> device, java.util.function.Supplier<HostRule> host) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        LearningRateSchedule decay = LearningRateSchedule.exponentialDecay(0.05, 10, 0.5, false);
        List<Case> cases = List.of(
                new Case("adam", p -> new Adam(p, decay), () -> hostAdam(0.9, 0.999, 1e-8, false, state(), state(), null)),
                new Case("adam amsgrad", p -> new Adam(p, decay, 0.8, 0.99, 1e-6, true),
                        () -> hostAdam(0.8, 0.99, 1e-6, true, state(), state(), state())),
                new Case("adamax", p -> new Adamax(p, decay), () -> hostAdamax(0.9, 0.999, 1e-8, state(), state())),
                new Case("rmsprop momentum", p -> new RmsProp(p, decay, 0.9, 1e-8, 0.5),
                        () -> hostRmsProp(0.9, 1e-8, 0.5, state(), state())),
                new Case("sgd momentum", p -> new Sgd(p, decay, 0.9), () -> hostSgd(0.9, state())));
        return Stream.of(TestEngines.NAMES).flatMap(e -> cases.stream().map(c -> Arguments.of(e, c)));
    }

    /** Gradient of step s, parameter k, element i: a fixed pseudo-random sequence with varied magnitudes. */
    private static double gradient(int s, int k, int i) {
        SplittableRandom r = new SplittableRandom(1000L * s + 31L * k + i);
        return r.nextGaussian() * Math.exp(r.nextDouble(-3, 3));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void kernelsReproduceTheHostUpdates(String engineName, Case c) {
        Engine engine = TestEngines.get(engineName);
        List<Tensor> params = new ArrayList<>();
        double[][] ref = new double[SHAPES.length][];
        for (int k = 0; k < SHAPES.length; k++) {
            Tensor p = engine.parameter("p" + k, SHAPES[k][0], SHAPES[k][1]);
            double[] d = p.data();
            SplittableRandom r = new SplittableRandom(k);
            for (int i = 0; i < d.length; i++) {
                d[i] = r.nextGaussian();
            }
            ref[k] = d.clone();
            params.add(p);
        }
        Optimizer opt = c.device().apply(params);
        HostRule host = c.host().get();
        LearningRateSchedule decay = LearningRateSchedule.exponentialDecay(0.05, 10, 0.5, false);
        for (int s = 0; s < STEPS; s++) {
            double lr = decay.rate(s);
            for (int k = 0; k < SHAPES.length; k++) {
                double[] g = params.get(k).accumulatedGrad();
                for (int i = 0; i < g.length; i++) {
                    g[i] = gradient(s, k, i);
                }
                host.update(k, ref[k], g.clone(), lr, s + 1);
            }
            opt.step();
        }
        for (int k = 0; k < SHAPES.length; k++) {
            double[] got = params.get(k).toArray();
            if (!engine.isOpenCl()) {
                assertArrayEquals(ref[k], got, c.name() + " parameter " + k + " (bit for bit)");
                continue;
            }
            for (int i = 0; i < got.length; i++) {
                if (!(Math.abs(got[i] - ref[k][i]) <= TOL * Math.max(1.0, Math.abs(ref[k][i])))) {
                    fail(c.name() + " parameter " + k + " element " + i + ": host " + ref[k][i] + ", opencl " + got[i]);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.leapfrog.runtime.tensor.TestEngines#names")
    void clippingMatchesTheHostArithmetic(String engineName) {
        Engine engine = TestEngines.get(engineName);
        List<Tensor> params = new ArrayList<>();
        double[][] g = new double[SHAPES.length][];
        double ss = 0;
        for (int k = 0; k < SHAPES.length; k++) {
            Tensor p = engine.parameter("p" + k, SHAPES[k][0], SHAPES[k][1]);
            double[] a = p.accumulatedGrad();
            for (int i = 0; i < a.length; i++) {
                a[i] = gradient(7, k, i);
                ss += a[i] * a[i];
            }
            g[k] = a.clone();
            params.add(p);
        }
        double norm = Math.sqrt(ss);
        GradientClipping clip = new GradientClipping(params);
        double maxNorm = norm / 3;
        Tensor got = clip.byGlobalNorm(maxNorm);
        assertEquals(norm, got.item(), TOL * norm, "norm (chunked sums: another summation order)");
        double scale = maxNorm / got.item();
        for (int k = 0; k < SHAPES.length; k++) {
            double[] a = params.get(k).accumulatedGrad();
            for (int i = 0; i < a.length; i++) {
                assertEquals(g[k][i] * scale, a[i], 0.0, "scaled gradient " + k + "," + i);
            }
        }
        // Under the limit nothing changes (a scale of exactly 1).
        double[] before = params.get(2).accumulatedGrad().clone();
        clip.byGlobalNorm(2 * maxNorm);
        assertArrayEquals(before, params.get(2).accumulatedGrad());
        clip.byValue(0.01);
        for (Tensor p : params) {
            for (double v : p.accumulatedGrad()) {
                assertEquals(true, Math.abs(v) <= 0.01, "clipped by value: " + v);
            }
        }
        assertEquals(Math.max(-0.01, Math.min(0.01, before[5])), params.get(2).accumulatedGrad()[5]);
    }

    /**
     * Chunk boundaries of the sum of squares (chunks of 256): the Java twin gives exactly the chunk-ordered sum,
     * and OpenCL the same bits (both add in the same order without fused multiply-adds; 1e-15 relative allows
     * a device that still contracted).
     */
    @Test
    void globalNormAcrossChunkBoundariesAgreesOnBothEngines() {
        int[] sizes = {1, 255, 256, 257, 513};
        double[] norms = new double[2];
        double expected = 0;
        for (int e = 0; e < 2; e++) {
            Engine engine = TestEngines.get(TestEngines.NAMES[e]);
            List<Tensor> params = new ArrayList<>();
            List<Double> partials = new ArrayList<>();
            for (int k = 0; k < sizes.length; k++) {
                Tensor p = engine.parameter("p" + k, sizes[k], 1);
                double[] g = p.accumulatedGrad();
                double s = 0;
                for (int i = 0; i < g.length; i++) {
                    g[i] = gradient(3, k, i);
                    s += g[i] * g[i];
                    if (i % 256 == 255 || i == g.length - 1) {
                        partials.add(s);
                        s = 0;
                    }
                }
                params.add(p);
            }
            double ss = 0;
            for (double v : partials) {
                ss += v;
            }
            expected = Math.sqrt(ss);
            norms[e] = new GradientClipping(params).byGlobalNorm(1e9).item();
        }
        assertEquals(expected, norms[0], 0.0, "java: the chunk-ordered sum");
        assertEquals(norms[0], norms[1], 1e-15 * norms[0], "opencl");
    }
}
