package org.leapfrog.samplers.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.graph.TransferStats;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.TargetOps;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * The tensor engine's target ops on OpenCL run the targets' device code ({@code Target.deviceCode()} through
 * {@code deviceSource()}): they agree with the Java engine (the targets' Java methods) within 1e-12 relative,
 * as the targets' own conformance test, copy nothing between host and device once the target's data is
 * uploaded, and gradients through them match central finite differences.
 */
class TargetOpsOnDeviceTest {
    private static final double TOL = 1e-12;
    private static final int CHAINS = 37;
    private static Backend backend;
    private static Engine cl;

    @BeforeAll
    static void open() {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        backend = Backends.open("opencl", null, msg -> { });
        cl = Engine.on(backend);
    }

    @AfterAll
    static void close() {
        if (cl != null) {
            cl.close();
            backend.close();
        }
    }

    private static double[] values(Target t, int chains, long seed, boolean positions) {
        double[] x = new double[t.dimension() * chains];
        SplittableRandom r = new SplittableRandom(seed);
        if (positions) {
            TargetFixtures.positions(t, x, chains, chains, r);
        } else {
            TargetFixtures.directions(t.dimension(), x, chains, chains, r);
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(strings = {"icg50", "german", "funnel1"})
    void deviceOpsMatchTheJavaEngineAndCopyNothing(String name) {
        Target t = Targets.byName(name, null);
        int d = t.dimension();
        double[] xs = values(t, CHAINS, 5, true);
        double[] vs = values(t, CHAINS, 6, false);
        Engine java = Engine.java();
        Tensor xj = java.wrap(CHAINS, d, xs.clone());
        Tensor vj = java.wrap(CHAINS, d, vs.clone());
        Tensor xc = cl.wrap(CHAINS, d, xs.clone());
        Tensor vc = cl.wrap(CHAINS, d, vs.clone());
        TargetOps.logDensity(t, xc); // uploads x and the target's data
        TargetOps.hessianVectorProduct(t, xc, vc);
        TransferStats before = cl.transfers();
        Tensor lp = TargetOps.logDensity(t, xc);
        Tensor g = TargetOps.gradLogDensity(t, xc);
        Tensor hv = TargetOps.hessianVectorProduct(t, xc, vc);
        TransferStats after = cl.transfers();
        assertEquals(before.toDeviceCopies(), after.toDeviceCopies(), "host-to-device copies");
        assertEquals(before.toHostCopies(), after.toHostCopies(), "device-to-host copies");
        double[] lpJ = TargetOps.logDensity(t, xj).toArray();
        double[] gJ = TargetOps.gradLogDensity(t, xj).toArray();
        double[] hvJ = TargetOps.hessianVectorProduct(t, xj, vj).toArray();
        double[] lpC = lp.toArray(), gC = g.toArray(), hvC = hv.toArray();
        for (int c = 0; c < CHAINS; c++) {
            TargetFixtures.assertClose(name + " log density", lpJ, lpC, 1, CHAINS, c, TOL);
            TargetFixtures.assertClose(name + " gradient", gJ, gC, d, CHAINS, c, TOL);
            TargetFixtures.assertClose(name + " HVP", hvJ, hvC, d, CHAINS, c, TOL);
        }
    }

    /**
     * d/dx of {@code sum(log p(x))} and of {@code sum(w * grad log p(x))} (whose gradient is the HVP op) against
     * central differences with h = 1e-5 on 3 chains, all evaluated on OpenCL: truncation and rounding errors are
     * about 1e-9 here, so 1e-6 relative (to max(1, |difference quotient|)) only fails on a wrong derivative.
     */
    @ParameterizedTest
    @ValueSource(strings = {"icg50", "german", "funnel1"})
    void gradientsThroughDeviceOpsMatchFiniteDifferences(String name) {
        Target t = Targets.byName(name, null);
        int n = 3;
        int d = t.dimension();
        Tensor w = cl.wrap(n, d, values(t, n, 8, false));
        Tensor x = cl.variable(n, d, values(t, n, 7, true));
        List<java.util.function.Function<Tensor, Tensor>> losses = List.of(
                p -> TargetOps.logDensity(t, p).sum(),
                p -> TargetOps.gradLogDensity(t, p).mul(w).sum());
        for (int k = 0; k < losses.size(); k++) {
            java.util.function.Function<Tensor, Tensor> f = losses.get(k);
            double[] analytic = Graph.grad(f.apply(x), x, false).toArray();
            double h = 1e-5;
            for (int i = 0; i < n * d; i++) {
                double old = x.data()[i];
                x.data()[i] = old + h;
                double up = f.apply(x).item();
                x.data()[i] = old - h;
                double down = f.apply(x).item();
                x.data()[i] = old;
                double fd = (up - down) / (2 * h);
                assertEquals(fd, analytic[i], 1e-6 * Math.max(1.0, Math.abs(fd)),
                        name + " loss " + k + " element " + i);
            }
        }
    }
}
