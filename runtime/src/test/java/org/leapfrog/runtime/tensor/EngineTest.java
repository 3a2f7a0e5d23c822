package org.leapfrog.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.tensor.nn.Activation;
import org.leapfrog.runtime.tensor.nn.Sequential;
import org.leapfrog.runtime.tensor.nn.VarianceScaling;

/** Engines: where tensors live, host access on OpenCL, and the same results from both engines. */
class EngineTest {
    @Test
    void tensorsLiveOnTheEngineThatMadeThemAndOpsStayOnIt() {
        Engine cl = TestEngines.get("opencl");
        assertFalse(Engine.java().zeros(1, 1).engine().isOpenCl());
        Tensor x = cl.variable(2, 1, new double[] {1, 2});
        Tensor y = x.square().add(1.0);
        assertSame(cl, y.engine());
        assertTrue(y.toString().contains("opencl"), y.toString());
        assertArrayEquals(new double[] {2, 5}, y.toArray());
        assertArrayEquals(new double[] {2, 4}, Graph.grad(y.sum(), x, false).toArray());
        try (Engine.GradRegion r = cl.noGrad()) {
            assertFalse(x.square().requiresGrad());
        }
        assertTrue(x.square().requiresGrad());
    }

    @Test
    void mixingEnginesIsRejected() {
        Engine cl = TestEngines.get("opencl");
        Tensor a = Engine.java().zeros(2, 2);
        Tensor b = cl.zeros(2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
        assertTrue(e.getMessage().startsWith("tensors: on engines Engine[java] and Engine[opencl"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.matmul(b));
        assertThrows(IllegalArgumentException.class, () -> Tensor.concatCols(a, b));
        assertThrows(IllegalArgumentException.class, () -> Tensor.select(a, b, b));
    }

    /** Host writes through data() reach the device before the next operation; device results come back on read. */
    @Test
    void hostCopiesFollowWritesInBothDirections() {
        Engine cl = TestEngines.get("opencl");
        double[] values = {1, 2, 3};
        Tensor x = cl.wrap(3, 1, values);
        assertArrayEquals(new double[] {2, 4, 6}, x.mul(2.0).toArray());
        x.data()[1] = 10;
        assertArrayEquals(new double[] {2, 20, 6}, x.mul(2.0).toArray());
        x.set(0, 0, -1);
        assertEquals(-1.0, x.get(0, 0));
        assertEquals(-3.0, x.mul(3.0).get(0, 0));
        Tensor p = cl.parameter("p", 1, 2);
        p.data()[0] = 0.5;
        Graph.backward(p.mul(p).sum());
        Graph.backward(p.mul(p).sum());
        assertArrayEquals(new double[] {2.0, 0.0}, p.accumulatedGrad());
        p.accumulatedGrad()[1] = 7;
        Graph.backward(p.sum());
        assertArrayEquals(new double[] {3.0, 8.0}, p.accumulatedGrad());
        p.zeroGrad();
        assertArrayEquals(new double[] {0.0, 0.0}, p.accumulatedGrad());
    }

    /**
     * An MLP's loss and parameter gradients on both engines, from the same parameters and batch. The kernels
     * sum in the twins' order, so differences come only from fused multiply-adds and the few-ulp differences
     * of OpenCL's exp/tanh: 1e-12 relative is far above those and far below any real error.
     */
    @Test
    void mlpForwardBackwardAgreesAcrossEngines() {
        Engine cl = TestEngines.get("opencl");
        List<double[]> results = new ArrayList<>();
        for (Engine e : List.of(Engine.java(), cl)) {
            try (Arena arena = new Arena(e); Arena.Scope s = arena.open()) {
                SplittableRandom rng = new SplittableRandom(8);
                Sequential mlp = Sequential.mlp(e, "m", new int[] {20, 16, 16, 3}, Activation.ELU, Activation.SOFTPLUS,
                        VarianceScaling.glorotUniform(), rng);
                double[] xs = new double[300 * 20];
                for (int i = 0; i < xs.length; i++) {
                    xs[i] = rng.nextGaussian();
                }
                Tensor x = e.wrap(300, 20, xs);
                Tensor out = mlp.forward(x);
                Tensor loss = Tensor.concatCols(out.sliceCols(0, 2).tanh(), out.sliceCols(2, 3).relu()).square().mean();
                Graph.backward(loss);
                results.add(new double[] {loss.item()});
                mlp.parameters().forEach(p -> results.add(p.accumulatedGrad().clone()));
            }
        }
        int half = results.size() / 2;
        for (int k = 0; k < half; k++) {
            double[] a = results.get(k);
            double[] b = results.get(half + k);
            for (int i = 0; i < a.length; i++) {
                if (!(Math.abs(a[i] - b[i]) <= 1e-12 * Math.max(1e-3, Math.abs(a[i])))) {
                    fail("result " + k + " element " + i + ": java " + a[i] + ", opencl " + b[i]);
                }
            }
        }
    }

    /** Targets fall back to the host on OpenCL; gradients through leapfrog steps still match finite differences. */
    @Test
    void targetOpsThroughLeapfrogOnOpenCl() {
        Engine cl = TestEngines.get("opencl");
        {
            TargetOpsTest.QuarticGaussian quartic = new TargetOpsTest.QuarticGaussian(3, 0.3, 5);
            SplittableRandom rng = new SplittableRandom(11);
            List<Tensor> in = List.of(GradCheck.variable(cl, rng, 5, 3, -1, 1, 0), GradCheck.variable(cl, rng, 5, 3, -1, 1, 0),
                    cl.variable(1, 1, new double[] {0.3}));
            GradCheck.firstOrder("leapfrog on opencl",
                    v -> TargetOpsTest.leapfrog(quartic, v.get(0), v.get(1), v.get(2)).square(), in, 12);
            GradCheck.secondOrder("log p on opencl", v -> TargetOps.logDensity(quartic, v.get(0)),
                    List.of(GradCheck.variable(cl, rng, 4, 3, -1.5, 1.5, 0)), 4);
        }
    }
}
