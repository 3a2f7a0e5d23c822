package org.leapfrog.samplers.target;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every target's OpenCL C functions against its Java twin, through target_eval.cl on the OpenCL backend, with
 * one chain per work-item (VW = 1) and eight (VW = 8): log density, gradient and Hessian-vector product at
 * random points agree within 1e-12 relative (entries compared against the largest entry of the chain's vector).
 */
class TargetConformanceTest extends OpenClBackendTest {
    private static final double TOL = 1e-12;
    private static final int CHAINS = 37; // not a multiple of 8: the last work-item has padding lanes

    static Stream<Arguments> cases() {
        return TargetFixtures.allWithWidths(1, 8);
    }

    @ParameterizedTest(name = "{0} VW={1}")
    @MethodSource("cases")
    void openClMatchesJavaTwin(Target t, int vw) {
        int d = t.dimension();
        try (TargetEvaluator ev = new TargetEvaluator(backend, t, CHAINS, vw)) {
            int s = ev.stride();
            SplittableRandom r = new SplittableRandom(42 + vw);
            TargetFixtures.positions(t, ev.position(), s, CHAINS, r);
            TargetFixtures.directions(d, ev.direction(), s, CHAINS, r);
            ev.evaluate();
            double[] lp = new double[s], g = new double[d * s], hv = new double[d * s];
            t.logDensityAndGradient(ev.position(), g, lp, s, 0, CHAINS);
            t.hessianVectorProduct(ev.position(), ev.direction(), hv, s, 0, CHAINS);
            for (int c = 0; c < CHAINS; c++) {
                TargetFixtures.assertClose(t.name() + " log density", lp, ev.logDensity(), 1, s, c, TOL);
                TargetFixtures.assertClose(t.name() + " gradient", g, ev.gradient(), d, s, c, TOL);
                TargetFixtures.assertClose(t.name() + " HVP", hv, ev.hessianVectorProduct(), d, s, c, TOL);
            }
        }
    }
}
