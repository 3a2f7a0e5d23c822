package org.leapfrog.runtime.graph;

import java.util.List;
import java.util.Map;
import org.leapfrog.kernels.KernelDef;

/** Small kernels (OpenCL C plus Java twin) for exercising task graphs. */
public final class TestKernels {
    private TestKernels() {
    }

    /** x[i] += delta for i < n. Arguments: n (int), x (double[]), delta (double). */
    public static final KernelDef ADD = new KernelDef("add", "lf_test_add", List.of(),
            "__kernel void lf_test_add(int n, __global double *x, double delta) {\n"
                    + "    int i = get_global_id(0);\n"
                    + "    if (i < n) x[i] += delta;\n"
                    + "}\n",
            Map.of("REAL", "double"), (a, from, to) -> {
                double[] x = a.doubles(1);
                double delta = a.doubleValue(2);
                for (int i = from; i < Math.min(to, a.intValue(0)); i++) {
                    x[i] += delta;
                }
            });

    /** y[i] = x[i] + delta for i < n. Arguments: n (int), x (double[]), y (double[]), delta (double). */
    static final KernelDef COPY_ADD = new KernelDef("copy-add", "lf_test_copy_add", List.of(),
            "__kernel void lf_test_copy_add(int n, __global const double *x, __global double *y, double delta) {\n"
                    + "    int i = get_global_id(0);\n"
                    + "    if (i < n) y[i] = x[i] + delta;\n"
                    + "}\n",
            Map.of("REAL", "double"), (a, from, to) -> {
                double[] x = a.doubles(1), y = a.doubles(2);
                double delta = a.doubleValue(3);
                for (int i = from; i < Math.min(to, a.intValue(0)); i++) {
                    y[i] = x[i] + delta;
                }
            });
}
