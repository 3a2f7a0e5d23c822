package org.leapfrog.samplers;

import java.util.Locale;
import org.leapfrog.kernels.KernelDef;

/**
 * How a sampler's kernels round: REPRODUCIBLE (the default) or FAST.
 *
 * <p>REPRODUCIBLE keeps floating-point contraction off ({@code #pragma OPENCL FP_CONTRACT OFF}) and computes the
 * momentum normals, the accept decision and the acceptance probability with Leapfrog's own basic-operation math
 * ({@code lfmath.cl}, {@link org.leapfrog.kernels.LfMath}), so OpenCL and the Java twins give the same bits.
 *
 * <p>FAST builds the same sources with {@code LF_FAST} defined, which turns floating-point contraction on
 * ({@code #pragma OPENCL FP_CONTRACT ON}, {@link #OPENCL_OPTIONS}): the compiler fuses {@code a * b + c} into
 * fused multiply-adds in the integrator, the targets, the energies and the polynomials of the normals. The
 * normals and the acceptance keep {@code lfmath.cl}'s algorithms, now contracted: on PoCL they measured faster
 * than the device's {@code log}/{@code sincos} built-ins (OpenCL has no {@code native_*} functions for double).
 * Results then differ across backends and devices by rounding (tested to stated tolerances), not in
 * distribution. Finite-math assumptions are not allowed: a non-finite energy error must still reject and count
 * as divergent. The Java twins in FAST use {@link Math#fma} in every kick and drift of the integrator.
 */
public enum Numerics {
    REPRODUCIBLE("reproducible"),
    FAST("fast");

    /**
     * The OpenCL compiler option of FAST (with {@code #pragma OPENCL FP_CONTRACT ON} in the sources): products
     * may be fused into the following addition. Not {@code -cl-fast-relaxed-math}, which implies
     * {@code -cl-finite-math-only} and so may fold the kernels' {@code isfinite} tests (divergence detection) to
     * true, nor {@code -cl-unsafe-math-optimizations}, whose reassociation may undo the compensated steps of
     * {@code lf_log1p} and {@code lf_exp_neg} (and measured no faster with PoCL).
     */
    public static final String OPENCL_OPTIONS = "-cl-mad-enable";
    /** The build definition that selects the fast paths in the kernel sources. */
    public static final String DEFINE = "LF_FAST";
    /** System property giving the default numerics of samplers built without an explicit choice. */
    public static final String PROPERTY = "leapfrog.numerics";

    private final String label;

    Numerics(String label) {
        this.label = label;
    }

    /** {@code reproducible} or {@code fast}, as the CLI and reports write it. */
    public String label() {
        return label;
    }

    /** The kernel built in this mode: unchanged for REPRODUCIBLE; {@link #DEFINE} and the FAST options otherwise. */
    public KernelDef apply(KernelDef def) {
        if (this == REPRODUCIBLE) {
            return def;
        }
        return def.withDefine(DEFINE, "1").withOptions(OPENCL_OPTIONS);
    }

    /** Parses {@code reproducible|fast} (any case); anything else names what is allowed. */
    public static Numerics parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "reproducible":
                return REPRODUCIBLE;
            case "fast":
                return FAST;
            default:
                throw new IllegalArgumentException("numerics: '" + text + "'; allowed: reproducible or fast");
        }
    }

    /**
     * The default: the system property {@value #PROPERTY} when set ({@code reproducible|fast}; anything else is an
     * error naming the property), else REPRODUCIBLE.
     */
    public static Numerics fromSystemProperty() {
        String p = System.getProperty(PROPERTY);
        if (p == null) {
            return REPRODUCIBLE;
        }
        try {
            return parse(p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROPERTY + ": '" + p + "'; allowed: reproducible or fast");
        }
    }
}
