package org.leapfrog.vae.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.samplers.adapt.Preconditioner;

/**
 * A chain whose proposal has a non-finite log density or gradient is rejected and stays put, the other chains get
 * exactly the values they get without it, and the speed measure and its gradient stay finite.
 */
class NonFiniteChainTest {
    /** -s_r |z|^2 / 2 with a per-row scale: s = 1e300 overflows at the proposal (|grad| ~ 1e140 at |z| = 1e-160). */
    private static Function<Tensor, Tensor> scaled(Tensor s) {
        return z -> z.square().sumCols().mul(s).mul(-0.5);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void badChainIsRejectedAndIsolated(int leapfrogSteps) {
        Engine e = Engine.java();
        int n = 5, d = 2;
        double[] z = new double[n * d];
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < z.length; i++) {
            z[i] = r.nextDouble(-1, 1);
        }
        z[0] = 1e-160; // row 0, coordinate 0
        z[n] = 1e-160; // row 0, coordinate 1
        double[] good = {1, 1, 1, 1, 1};
        double[] bad = {1e300, 1, 1, 1, 1};
        RefinementSettings s = leapfrogSteps == 1 ? RefinementSettings.gradMala(2, Preconditioner.Kind.LOWER_TRIANGULAR)
                : RefinementSettings.gradHmc(2, leapfrogSteps, Preconditioner.Kind.LOWER_TRIANGULAR).withHessianChains(n);
        MarkovRefinement ref = new MarkovRefinement(e, d, s.withInitialStepSize(0.8));
        Tensor z0 = e.wrap(n, d, z);
        MarkovRefinement.Result withBad = ref.run(z0, scaled(e.wrap(n, 1, bad)), 3, 0, true);
        MarkovRefinement.Result allGood = ref.run(z0, scaled(e.wrap(n, 1, good)), 3, 0, true);
        double[] zb = withBad.z().toArray();
        double[] zg = allGood.z().toArray();
        for (int c = 0; c < d; c++) {
            assertEquals(1e-160, zb[c * n], 0.0, "the bad chain stays put");
            for (int row = 1; row < n; row++) {
                assertEquals(zg[c * n + row], zb[c * n + row], 0.0, "row " + row + " is unaffected");
            }
        }
        assertTrue(Double.isFinite(withBad.objective().item()), "F " + withBad.objective().item());
        double[] st = withBad.stats().toArray();
        assertTrue(st[0] <= 0.8 + 1e-12, "the bad row never accepts: accepted fraction " + st[0]);
        for (Tensor g : Graph.grad(withBad.objective(), ref.parameters(), false)) {
            for (double v : g.toArray()) {
                assertTrue(Double.isFinite(v), "gradient " + v);
            }
        }
        ref.accumulateGradient(withBad);
        for (Tensor p : ref.parameters()) {
            for (double v : p.gradToArray()) {
                assertTrue(Double.isFinite(v));
            }
        }
        assertArrayEquals(withBad.logJoint().toArray(), withBad.logJoint().toArray());
        List<Tensor> ps = ref.parameters();
        assertEquals(3, ps.size());
    }
}
