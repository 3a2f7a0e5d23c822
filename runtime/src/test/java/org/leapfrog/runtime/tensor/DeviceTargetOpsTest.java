package org.leapfrog.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.graph.TransferStats;

/**
 * Target ops evaluated by the density's OpenCL code on an OpenCL engine: they agree with the Java engine (the
 * density's Java methods), gradients through them still match finite differences, and after the first call
 * (which uploads the density's data once) they copy nothing between host and device.
 */
class DeviceTargetOpsTest {
    /** The OpenCL twin repeats the Java expressions without contraction: 1e-13 relative covers any reordering. */
    private static final double TOL = 1e-13;
    private final TargetOpsTest.QuarticGaussian quartic = new TargetOpsTest.QuarticGaussian(3, 0.3, 5, true);

    private static double[] positions(long seed, int n) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] d = new double[n];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextDouble(-1.5, 1.5);
        }
        return d;
    }

    @Test
    void openClTargetOpsMatchTheJavaEngine() {
        Engine cl = TestEngines.get("opencl");
        Engine java = Engine.java();
        int chains = 37;
        double[] xs = positions(1, chains * 3);
        double[] vs = positions(2, chains * 3);
        for (int op = 0; op < 3; op++) {
            double[] a = evaluate(java, op, chains, xs, vs);
            double[] b = evaluate(cl, op, chains, xs, vs);
            for (int i = 0; i < a.length; i++) {
                if (!(Math.abs(a[i] - b[i]) <= TOL * Math.max(1.0, Math.abs(a[i])))) {
                    fail("op " + op + " element " + i + ": java " + a[i] + ", opencl " + b[i]);
                }
            }
        }
    }

    private double[] evaluate(Engine e, int op, int chains, double[] xs, double[] vs) {
        Tensor x = e.wrap(chains, 3, xs.clone());
        Tensor v = e.wrap(chains, 3, vs.clone());
        Tensor out = switch (op) {
            case 0 -> TargetOps.logDensity(quartic, x);
            case 1 -> TargetOps.gradLogDensity(quartic, x);
            default -> TargetOps.hessianVectorProduct(quartic, x, v);
        };
        return out.toArray();
    }

    @Test
    void deviceTargetOpsCopyNothingAfterTheDataUpload() {
        Engine cl = TestEngines.get("opencl");
        Tensor x = cl.wrap(16, 3, positions(3, 48));
        Tensor v = cl.wrap(16, 3, positions(4, 48));
        TargetOps.hessianVectorProduct(quartic, x, v); // uploads x, v and the density's data
        TransferStats before = cl.transfers();
        for (int i = 0; i < 3; i++) {
            Tensor g = TargetOps.gradLogDensity(quartic, x);
            x = x.add(g.mul(0.01));
            TargetOps.logDensity(quartic, x);
            TargetOps.hessianVectorProduct(quartic, x, v);
        }
        TransferStats after = cl.transfers();
        assertEquals(before.toDeviceCopies(), after.toDeviceCopies(), "host-to-device copies");
        assertEquals(before.toHostCopies(), after.toHostCopies(), "device-to-host copies");
    }

    @Test
    void gradientsThroughDeviceTargetOpsMatchFiniteDifferences() {
        Engine cl = TestEngines.get("opencl");
        SplittableRandom rng = new SplittableRandom(11);
        List<Tensor> in = List.of(GradCheck.variable(cl, rng, 5, 3, -1, 1, 0), GradCheck.variable(cl, rng, 5, 3, -1, 1, 0),
                cl.variable(1, 1, new double[] {0.3}));
        GradCheck.firstOrder("leapfrog, device target",
                v -> TargetOpsTest.leapfrog(quartic, v.get(0), v.get(1), v.get(2)).square(), in, 12);
        GradCheck.secondOrder("log p, device target", v -> TargetOps.logDensity(quartic, v.get(0)),
                List.of(GradCheck.variable(cl, rng, 4, 3, -1.5, 1.5, 0)), 4);
        Tensor x = GradCheck.variable(cl, rng, 4, 3, -1, 1, 0).detach();
        GradCheck.secondOrder("hvp squared, device target",
                v -> TargetOps.hessianVectorProduct(quartic, x, v.get(0)).square(),
                List.of(GradCheck.variable(cl, rng, 4, 3, -1, 1, 0)), 9);
    }
}
