package org.leapfrog.samplers.target;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.runtime.graph.DataTransferMode;
import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.FloatArray;
import org.leapfrog.runtime.graph.TaskGraph;
import org.leapfrog.samplers.Precision;

/**
 * Every target's OpenCL C built in float32 ({@code REAL=float}, {@code LF_F32}) against its Java methods in
 * double at the same float-rounded points: log density, gradient and HVP within {@link #TOL} of the chain's
 * scale (the largest entry of the vector, at least 1). The float code sums up to DIM (or, for logistic
 * regression, 1,000 data rows) terms, each rounded to 2^-24 relative, so errors of tens of ulps of the scale are
 * expected; TOL = 2^-24 x 256 = 1.5e-5. Rough Well gets 16 x TOL: its ripple's phase x / (2 pi eta) (up to
 * about 50 cycles here) is itself rounded to float, 4e-6 cycles, and the HVP multiplies the cosine's error by
 * 1 / eta = 100.
 */
class TargetFloat32Test extends OpenClBackendTest {
    static final double TOL = 0x1p-24 * 256;
    private static final int CHAINS = 37;

    static Stream<Arguments> cases() {
        return TargetFixtures.allWithWidths(1, 16);
    }

    @ParameterizedTest(name = "{0} VW={1}")
    @MethodSource("cases")
    void float32DeviceCodeMatchesTheDoubleJavaMethods(Target t, int vw) {
        int d = t.dimension();
        int s = (CHAINS + vw - 1) / vw * vw;
        double[] x = new double[d * s], v = new double[d * s];
        SplittableRandom r = new SplittableRandom(7 + vw);
        TargetFixtures.positions(t, x, s, CHAINS, r);
        TargetFixtures.directions(d, v, s, CHAINS, r);
        round(x);
        round(v);
        Eval e = evaluate(t, vw, x, v, s);
        double[] lp = new double[s], g = new double[d * s], hv = new double[d * s];
        t.logDensityAndGradient(x, g, lp, s, 0, CHAINS);
        t.hessianVectorProduct(x, v, hv, s, 0, CHAINS);
        double tol = t.name().equals("roughwell") ? 16 * TOL : TOL;
        for (int c = 0; c < CHAINS; c++) {
            TargetFixtures.assertClose(t.name() + " float32 log density", lp, e.lp, 1, s, c, tol);
            TargetFixtures.assertClose(t.name() + " float32 gradient", g, e.g, d, s, c, tol);
            TargetFixtures.assertClose(t.name() + " float32 HVP", hv, e.hv, d, s, c, tol);
        }
    }

    /**
     * A user target without lf_hvp gets the central-difference HVP, in float with h = cbrt(FLT_EPSILON) (1 + |x|)
     * / |v|: for -sum(x^4/4 + x^2/2) (H = -diag(3 x^2 + 1)) the truncation error h^2 |v_i|^3 / |v|^2 and the
     * rounding error 2^-24 / h are both below 1e-3 of the scale here.
     */
    @Test
    void theCentralDifferenceHvpWorksInFloat32() {
        String src = "RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td) {\n"
                + "    RV s = (RV)(0.0);\n"
                + "    for (int i = 0; i < DIM; i++) { RV q = x[i] * x[i]; g[i] = -x[i] * q - x[i];"
                + " s -= (REAL)(0.25) * q * q + (REAL)(0.5) * q; }\n"
                + "    return s;\n}\n";
        OpenClTarget t = OpenClTarget.fromSource("quartic", 3, src, new double[] {0.0});
        int n = 16, d = 3;
        double[] x = new double[d * n], v = new double[d * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.8 * Math.sin(1.7 * i));
            v[i] = (float) Math.cos(0.9 * i);
        }
        Eval e = evaluate(t, 16, x, v, n);
        for (int c = 0; c < n; c++) {
            double scale = 1;
            for (int i = 0; i < d; i++) {
                scale = Math.max(scale, Math.abs((3 * x[i * n + c] * x[i * n + c] + 1) * v[i * n + c]));
            }
            for (int i = 0; i < d; i++) {
                double xi = x[i * n + c];
                assertEquals(-(3 * xi * xi + 1) * v[i * n + c], e.hv[i * n + c], 1e-3 * scale, "HVP " + i + " of chain " + c);
            }
        }
    }

    record Eval(double[] lp, double[] g, double[] hv) {
    }

    private static Eval evaluate(Target t, int vw, double[] x, double[] v, int s) {
        int d = t.dimension();
        FloatArray xf = floats("x", x), vf = floats("v", v);
        FloatArray td = floats("td", t.deviceCode().orElseThrow().data());
        FloatArray lp = new FloatArray("logp", s), g = new FloatArray("grad", d * s), hv = new FloatArray("hv", d * s);
        KernelDef def = TargetEvalKernel.of(t, vw, Precision.FLOAT32);
        try (ExecutionPlan plan = backend.plan(new TaskGraph("eval").transferToDevice(DataTransferMode.EVERY_EXECUTION, xf, vf, td)
                .task("eval", def, s / vw, s, xf, vf, td, lp, g, hv).localWork(1)
                .transferToHost(DataTransferMode.EVERY_EXECUTION, lp, g, hv).snapshot())) {
            plan.execute();
        }
        return new Eval(doubles(lp.data()), doubles(g.data()), doubles(hv.data()));
    }

    private static void round(double[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) a[i];
        }
    }

    private static FloatArray floats(String name, double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return new FloatArray(name, f);
    }

    private static double[] doubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
