package org.leapfrog.kernels.nn;

import java.util.List;
import java.util.Map;
import org.leapfrog.kernels.JavaKernel;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Arg;

/**
 * The kernels of {@code nn/target_ops.cl}: a target's log density with gradient, and its Hessian-vector product,
 * as tensor operations (one work-item per chain; {@code chains x dimension} tensors, coordinate d of chain c at
 * {@code [d * n + c]}). The target's device source is appended; the twins (the target's Java methods) are
 * supplied by the tensor engine, which reads the arguments through the constants below.
 */
public final class TargetOpKernels {
    public static final List<String> SOURCES = List.of("org/leapfrog/kernels/lanes.cl",
            "org/leapfrog/kernels/lfmath.cl", "org/leapfrog/kernels/nn/target_ops.cl");

    /** {@code nn_target_logp_grad}: logp (n) and grad (n x DIM) at x; td is the target's data. */
    public static final class LogpGradArgs {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg N = B.intScalar("n");
        public static final Arg X = B.doubles("x", Access.READ);
        public static final Arg TD = B.doubles("td", Access.READ);
        public static final Arg LOGP = B.doubles("logp", Access.WRITE);
        public static final Arg GRAD = B.doubles("grad", Access.WRITE);
        public static final KernelSignature SIGNATURE = B.build();

        private LogpGradArgs() {
        }
    }

    /** {@code nn_target_hvp}: hv = H(x) v per chain. */
    public static final class HvpArgs {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg N = B.intScalar("n");
        public static final Arg X = B.doubles("x", Access.READ);
        public static final Arg V = B.doubles("v", Access.READ);
        public static final Arg TD = B.doubles("td", Access.READ);
        public static final Arg HV = B.doubles("hv", Access.WRITE);
        public static final KernelSignature SIGNATURE = B.build();

        private HvpArgs() {
        }
    }

    private TargetOpKernels() {
    }

    /** The log density and gradient kernel of a target ({@code name}, device {@code source}, {@code dimension}). */
    public static KernelDef logpGrad(String name, String source, int dimension, JavaKernel twin) {
        return new KernelDef("target-logp-grad-" + name, "nn_target_logp_grad", SOURCES, source, defines(dimension),
                twin, LogpGradArgs.SIGNATURE);
    }

    /** The Hessian-vector product kernel of a target. */
    public static KernelDef hvp(String name, String source, int dimension, JavaKernel twin) {
        return new KernelDef("target-hvp-" + name, "nn_target_hvp", SOURCES, source, defines(dimension), twin,
                HvpArgs.SIGNATURE);
    }

    private static Map<String, String> defines(int dimension) {
        return Map.of("REAL", "double", "DIM", Integer.toString(dimension), "VW", "1");
    }

    /**
     * The float32 builds ({@code REAL=float}, {@code LF_F32}: the target's device code in float, as the samplers'
     * float32 kernels build it): float buffers at the positions above. Twins receive float arrays.
     */
    public static KernelDef logpGradFloat32(String name, String source, int dimension, JavaKernel twin) {
        return new KernelDef("target-logp-grad-float-" + name, "nn_target_logp_grad", SOURCES, source,
                defines32(dimension), twin, NnKernels.float32Signature(LogpGradArgs.SIGNATURE));
    }

    /** The float32 Hessian-vector product kernel of a target. */
    public static KernelDef hvpFloat32(String name, String source, int dimension, JavaKernel twin) {
        return new KernelDef("target-hvp-float-" + name, "nn_target_hvp", SOURCES, source, defines32(dimension), twin,
                NnKernels.float32Signature(HvpArgs.SIGNATURE));
    }

    private static Map<String, String> defines32(int dimension) {
        Map<String, String> d = new java.util.LinkedHashMap<>();
        d.put("REAL", "float");
        d.put("LF_F32", "");
        d.put("DIM", Integer.toString(dimension));
        d.put("VW", "1");
        return d;
    }
}
