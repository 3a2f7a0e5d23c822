package org.leapfrog.samplers.hmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.LfMath;
import org.leapfrog.kernels.LfMathF;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.graph.DataTransferMode;
import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.FloatArray;
import org.leapfrog.runtime.graph.IntParam;
import org.leapfrog.runtime.graph.LongParam;
import org.leapfrog.runtime.graph.TaskGraph;
import org.leapfrog.samplers.Precision;

/** The float32 Box-Muller of lfmath.cl / philox_lanes.cl ({@code LF_F32}) and its Java twin {@link LfMathF}. */
class Float32NormalsTest {
    private static final String KERNEL = """
            __kernel void lf_test_normals(ulong seed, uint iteration, int n_chains, __global REAL *out,
                                          __global REAL *unif) {
                int c0 = get_global_id(0) * VW;
                if (c0 >= n_chains) return;
                UV chain = (UV)((uint)c0) + LF_LANE_IDS;
                RV n[4];
                lf_normals_lanes(seed, chain, iteration, LF_PURPOSE_MOMENTUM, 2u, n);
                for (int k = 0; k < 4; k++) LF_STORE(n[k], out, k * n_chains + c0);
                LF_STORE(lf_first_uniform_lanes(seed, chain, iteration, LF_PURPOSE_ACCEPT), unif, c0);
            }
            """;

    /** Accuracy of the float log and cos/sin against java.lang.Math over their whole input range. */
    @Test
    void floatMathIsAccurateToAFewUlps() {
        float[] cs = new float[2];
        double worstLog = 0, worstTrig = 0;
        for (int i = 0; i < 200_000; i++) {
            int w = i * 21_473 + 7 * i * i;
            float u = LfMathF.uniform(w);
            assertTrue(u > 0f && u < 1f, "uniform strictly inside (0, 1): " + u);
            double log = Math.log(u);
            worstLog = Math.max(worstLog, Math.abs(LfMathF.log(u) - log) / Math.ulp((float) Math.abs(log) + Float.MIN_NORMAL));
            LfMathF.cosSin2Pi(u, cs, 0);
            worstTrig = Math.max(worstTrig, Math.abs(cs[0] - Math.cos(2 * Math.PI * u)) / 0x1p-24);
            worstTrig = Math.max(worstTrig, Math.abs(cs[1] - Math.sin(2 * Math.PI * u)) / 0x1p-24);
        }
        // log: relative, in float ulps of the result; cos/sin: absolute, in units of 2^-24 (|value| <= 1).
        assertTrue(worstLog <= 4, "float log within 4 ulps: " + worstLog);
        assertTrue(worstTrig <= 4, "float cos/sin within 4 * 2^-24: " + worstTrig);
        assertEquals(0.5f, LfMathF.uniform(0x80000000) - 0.5f * 0x1p-23f, 0f, "top bits select the uniform");
        assertTrue(Math.abs(LfMath.log(0.75) - LfMathF.log(0.75f)) < 1e-7);
    }

    /**
     * The device's float normals and uniforms equal the twin's. Tolerance: 2 float ulps of |z| + 1 (OpenCL lets
     * float division and square root be a few ulps off on GPUs); PoCL on a CPU rounds them correctly and gives
     * the same bits (measured: maximum difference 0).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 8, 16})
    void deviceFloatNormalsEqualTheTwin(int lanes) {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        int n = 4096;
        Map<String, String> defines = new LinkedHashMap<>();
        Precision.FLOAT32.define(defines);
        defines.put("VW", Integer.toString(lanes));
        KernelDef def = new KernelDef("test-normals-f32", "lf_test_normals", List.of("org/leapfrog/kernels/lanes.cl",
                "org/leapfrog/kernels/lfmath.cl", "org/leapfrog/kernels/philox.cl",
                "org/leapfrog/kernels/philox_lanes.cl"), KERNEL, defines, (a, from, to) -> { });
        FloatArray out = new FloatArray("out", 4 * n), unif = new FloatArray("unif", n);
        long seed = 0x5EEDF00DL;
        try (Backend b = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { });
             ExecutionPlan plan = b.plan(new TaskGraph("normals").task("n", def, n / lanes, new LongParam(seed),
                     new IntParam(17), n, out, unif).transferToHost(DataTransferMode.EVERY_EXECUTION, out, unif)
                     .snapshot())) {
            plan.execute();
        }
        int[] words = new int[4];
        float[] pair = new float[4];
        double[] z = new double[4];
        double worst = 0;
        for (int c = 0; c < n; c++) {
            LfMathF.normals(seed, c, 17, RandomStream.PURPOSE_MOMENTUM, 2, words, pair, z, 0, 4);
            for (int k = 0; k < 4; k++) {
                double d = Math.abs(out.data()[k * n + c] - z[k]);
                worst = Math.max(worst, d / (Math.ulp((float) Math.abs(z[k]) + 1f)));
                assertEquals(z[k], out.data()[k * n + c], 2 * Math.ulp((float) Math.abs(z[k]) + 1f), "normal " + k + " of chain " + c);
            }
            assertEquals(LfMathF.uniform(seed, c, 17, RandomStream.PURPOSE_ACCEPT, words), unif.data()[c], 0f, "uniform " + c);
        }
        assertTrue(worst <= 2, "worst " + worst);
    }
}
