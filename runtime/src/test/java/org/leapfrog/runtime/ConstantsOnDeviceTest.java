package org.leapfrog.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.KernelConstants;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.runtime.graph.LongArray;

/** The OpenCL C compiler sees the shared constants with Java's values (the generated header is in every program). */
class ConstantsOnDeviceTest {
    @Test
    void deviceValuesEqualJavaValues() {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        List<KernelConstants.Constant> all = KernelConstants.all();
        StringBuilder src = new StringBuilder("__kernel void lf_test_constants(__global long *out) {\n"
                + "    if (get_global_id(0) != 0) return;\n");
        for (int i = 0; i < all.size(); i++) {
            src.append("    out[").append(i).append("] = (long) (").append(all.get(i).name()).append(");\n");
        }
        src.append("}\n");
        KernelDef def = new KernelDef("constants", "lf_test_constants", List.of(), src.toString(),
                Map.of("REAL", "double"), (a, from, to) -> {
                    throw new UnsupportedOperationException("OpenCL only");
                });
        try (Backend b = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), n -> { });
             Dispatcher d = b.dispatcher()) {
            LongArray out = new LongArray("out", all.size());
            d.kernel(def).buffer(0, out).run(1);
            d.toHost(out);
            for (int i = 0; i < all.size(); i++) {
                assertEquals(all.get(i).value(), out.data()[i], all.get(i).name() + " from " + all.get(i).origin());
            }
        }
    }
}
