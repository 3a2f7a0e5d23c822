package org.leapfrog.kernels;

/**
 * Whether the Java twins use explicit SIMD code (the incubating {@code jdk.incubator.vector} API) for their
 * hottest loops: Philox, Box-Muller and the logistic-regression data term. The JIT auto-vectorises only simple
 * loops, and on JDK 17 not those that mix int, long and double lanes or keep accumulators in registers.
 *
 * <p>It is on when the JVM was started with {@code --add-modules jdk.incubator.vector} (the {@code leapfrog}
 * launcher, the tests and the benchmarks do this) and the property {@code leapfrog.simd} is not {@code false}.
 * Otherwise the scalar loops run. Both give the same bits: the SIMD code performs each element's
 * floating-point operations in the same order as the scalar code, which is what the conformance tests check.
 */
public final class Simd {
    /** The module that holds the Vector API. */
    public static final String MODULE = "jdk.incubator.vector";
    /** True when the SIMD paths run (fixed at class initialisation). */
    public static final boolean ENABLED = detect();

    private Simd() {
    }

    private static boolean detect() {
        if (!Boolean.parseBoolean(System.getProperty("leapfrog.simd", "true"))) {
            return false;
        }
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    /** One line for logs and benchmark reports: whether SIMD is on and why. */
    public static String describe() {
        if (ENABLED) {
            return "SIMD on (" + MODULE + ")";
        }
        return "SIMD off (" + (Boolean.parseBoolean(System.getProperty("leapfrog.simd", "true"))
                ? "start the JVM with --add-modules " + MODULE : "leapfrog.simd=false") + ")";
    }
}
