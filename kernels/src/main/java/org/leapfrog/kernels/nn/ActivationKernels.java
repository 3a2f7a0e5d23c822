package org.leapfrog.kernels.nn;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.leapfrog.kernels.ElementType;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Arg;

/**
 * Softplus and sigmoid with vector lanes ({@code org/leapfrog/kernels/nn/activation.cl}): one definition per
 * function, precision and lane width (1, 2, 4, 8, 16), made on first use; {@code n / lanes} (rounded up)
 * work-items. Twins: {@link ActivationTwins}.
 */
public final class ActivationKernels {
    public static final List<String> SOURCES = List.of("org/leapfrog/kernels/lanes.cl",
            "org/leapfrog/kernels/nn/activation.cl");

    /** {@code (x, y, n)}. */
    public static final class Args {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg X = B.doubles("x", Access.READ);
        public static final Arg Y = B.doubles("y", Access.WRITE);
        public static final Arg N = B.intScalar("n");
        public static final KernelSignature SIGNATURE = B.build();
        public static final KernelSignature SIGNATURE_FLOAT32 = NnKernels.float32Signature(SIGNATURE);

        private Args() {
        }
    }

    public enum Function { SOFTPLUS, SIGMOID }

    private static final Map<String, KernelDef> DEFS = new ConcurrentHashMap<>();

    private ActivationKernels() {
    }

    /** The definition of {@code f} in {@code precision} (FLOAT64 or FLOAT32) with {@code lanes} elements per work-item. */
    public static KernelDef def(Function f, ElementType precision, int lanes) {
        if (lanes != 1 && lanes != 2 && lanes != 4 && lanes != 8 && lanes != 16) {
            throw new IllegalArgumentException("lanes: " + lanes + "; allowed: 1, 2, 4, 8, 16");
        }
        boolean f32 = precision == ElementType.FLOAT32;
        if (!f32 && precision != ElementType.FLOAT64) {
            throw new IllegalArgumentException("precision: " + precision + "; allowed: FLOAT64, FLOAT32");
        }
        String key = f + "-" + precision + "-" + lanes;
        return DEFS.computeIfAbsent(key, k -> {
            String entry = f == Function.SOFTPLUS ? "nn_softplus_lanes" : "nn_sigmoid_lanes";
            Map<String, String> defines = f32 ? Map.of("REAL", "float", "LF_F32", "1", "VW", Integer.toString(lanes))
                    : Map.of("REAL", "double", "VW", Integer.toString(lanes));
            org.leapfrog.kernels.JavaKernel twin;
            if (f == Function.SOFTPLUS) {
                twin = f32 ? (a, from, to) -> ActivationTwins.softplus(a.floats(Args.X), a.floats(Args.Y), a.intValue(Args.N), lanes, from, to)
                        : (a, from, to) -> ActivationTwins.softplus(a.doubles(Args.X), a.doubles(Args.Y), a.intValue(Args.N), lanes, from, to);
            } else {
                twin = f32 ? (a, from, to) -> ActivationTwins.sigmoid(a.floats(Args.X), a.floats(Args.Y), a.intValue(Args.N), lanes, from, to)
                        : (a, from, to) -> ActivationTwins.sigmoid(a.doubles(Args.X), a.doubles(Args.Y), a.intValue(Args.N), lanes, from, to);
            }
            return new KernelDef("nn-" + key.toLowerCase(java.util.Locale.ROOT), entry, SOURCES, "", defines, twin,
                    f32 ? Args.SIGNATURE_FLOAT32 : Args.SIGNATURE);
        });
    }
}
