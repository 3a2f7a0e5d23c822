package org.leapfrog.samplers.target;

import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * User-defined targets: a Java class implementing Target that also supplies OpenCL C text, and the same
 * text given to {@link OpenClTarget#fromSource}, with and without its own lf_hvp (the central-difference
 * fallback then holds to 1e-7 relative).
 */
class UserTargetTest extends OpenClBackendTest {
    /** A banana: log p = -(x0^2 / 2 + (x1 - b x0^2)^2 / 2) with b = td[0]. */
    static final String BANANA = """
            RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td) {
                const REAL b = td[0];
                RV u = x[1] - b * x[0] * x[0];
                g[0] = -x[0] + (REAL)(2.0) * b * x[0] * u;
                g[1] = -u;
                return (REAL)(-0.5) * (x[0] * x[0] + u * u);
            }
            """;
    static final String BANANA_HVP = """
            void lf_hvp(const RV *x, const RV *v, RV *hv, __global const REAL *td) {
                const REAL b = td[0];
                RV u = x[1] - b * x[0] * x[0];
                RV h00 = (REAL)(-1.0) + (REAL)(2.0) * b * u - (REAL)(4.0) * b * b * x[0] * x[0];
                RV h01 = (REAL)(2.0) * b * x[0];
                hv[0] = h00 * v[0] + h01 * v[1];
                hv[1] = h01 * v[0] - v[1];
            }
            """;

    /** The Java route: any class implementing Target (here with OpenCL text too, so it also fuses). */
    static final class Banana implements Target {
        private final double b;

        Banana(double b) {
            this.b = b;
        }

        @Override
        public String name() {
            return "banana";
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public void logDensityAndGradient(double[] x, double[] grad, double[] logDensity, int stride, int from, int to) {
            for (int c = from; c < to; c++) {
                double x0 = x[c], u = x[stride + c] - b * x0 * x0;
                grad[c] = -x0 + 2 * b * x0 * u;
                grad[stride + c] = -u;
                logDensity[c] = -0.5 * (x0 * x0 + u * u);
            }
        }

        @Override
        public void hessianVectorProduct(double[] x, double[] v, double[] out, int stride, int from, int to) {
            for (int c = from; c < to; c++) {
                double x0 = x[c], u = x[stride + c] - b * x0 * x0;
                double h00 = -1 + 2 * b * u - 4 * b * b * x0 * x0, h01 = 2 * b * x0;
                out[c] = h00 * v[c] + h01 * v[stride + c];
                out[stride + c] = h01 * v[c] - v[stride + c];
            }
        }

        @Override
        public Optional<DeviceCode> deviceCode() {
            return Optional.of(new DeviceCode(BANANA + BANANA_HVP, new double[] {b}));
        }
    }

    @Test
    void javaTargetWithOpenClTextMatchesOnTheDevice() {
        compare(new Banana(0.7), new Banana(0.7), 8, 1e-12, 1e-12);
    }

    @Test
    void sourceTargetWithItsOwnHvpMatchesTheJavaClass() {
        compare(OpenClTarget.fromSource("banana", 2, BANANA + BANANA_HVP, new double[] {0.7}), new Banana(0.7), 1, 1e-12, 1e-12);
    }

    @Test
    void centralDifferenceFallbackApproximatesTheHvp() {
        OpenClTarget t = OpenClTarget.fromSource("banana", 2, BANANA, new double[] {0.7});
        compare(t, new Banana(0.7), 8, 1e-12, 1e-7);
        compare(t, new Banana(0.7), 1, 1e-12, 1e-7);
    }

    private static void compare(Target device, Target java, int vw, double tol, double hvpTol) {
        int n = 21, d = 2;
        try (TargetEvaluator ev = new TargetEvaluator(backend, device, n, vw)) {
            int s = ev.stride();
            SplittableRandom r = new SplittableRandom(5);
            TargetFixtures.positions(java, ev.position(), s, n, r);
            TargetFixtures.directions(d, ev.direction(), s, n, r);
            for (int i = 0; i < d; i++) {
                ev.direction()[i * s + 3] = 0; // a zero direction gives a zero product (fallback's guard)
            }
            ev.evaluate();
            double[] lp = new double[s], g = new double[d * s], hv = new double[d * s];
            java.logDensityAndGradient(ev.position(), g, lp, s, 0, n);
            java.hessianVectorProduct(ev.position(), ev.direction(), hv, s, 0, n);
            for (int c = 0; c < n; c++) {
                TargetFixtures.assertClose("log density", lp, ev.logDensity(), 1, s, c, tol);
                TargetFixtures.assertClose("gradient", g, ev.gradient(), d, s, c, tol);
                TargetFixtures.assertClose("HVP", hv, ev.hessianVectorProduct(), d, s, c, hvpTol);
            }
        }
    }
}
