package org.leapfrog.samplers.target;

import java.util.Optional;
import java.util.regex.Pattern;
import org.leapfrog.kernels.KernelSources;

/**
 * A user-defined target given as OpenCL C text, for the OpenCL backend only: the source must define
 * {@code RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td)} and may define
 * {@code void lf_hvp(const RV *x, const RV *v, RV *hv, __global const REAL *td)} (see {@link DeviceCode}).
 * Without lf_hvp, a central difference of lf_logp_grad is supplied ({@code targets/hvp_central_difference.cl}:
 * two gradient calls, step {@code cbrt(eps) (1 + |x|) / |v|}, about 1e-10 relative accuracy on smooth targets).
 *
 * <p>There is no Java twin: the Java methods throw {@link IllegalStateException}. For the Java backend,
 * implement {@link Target} in Java instead (both can be offered by one class that implements Target and
 * returns the OpenCL text from {@link #deviceCode()}).
 */
public final class OpenClTarget implements Target {
    private static final Pattern COMMENTS = Pattern.compile("//[^\\n]*|/\\*(?s:.*?)\\*/");
    private static final Pattern LOGP_DEFINITION = Pattern.compile("\\blf_logp_grad\\s*\\([^;{}]*\\)\\s*\\{");
    private static final Pattern HVP_DEFINITION = Pattern.compile("\\blf_hvp\\s*\\([^;{}]*\\)\\s*\\{");

    private final String name;
    private final int dimension;
    private final boolean hvpFallback;
    private final DeviceCode code;

    private OpenClTarget(String name, int dimension, boolean hvpFallback, DeviceCode code) {
        this.name = name;
        this.dimension = dimension;
        this.hvpFallback = hvpFallback;
        this.code = code;
    }

    /**
     * @param name      the target's name
     * @param dimension the dimension (the kernels are built with {@code -DDIM=dimension})
     * @param source    OpenCL C text defining lf_logp_grad and optionally lf_hvp
     * @param data      constant data the functions read as {@code td} (may be null or empty)
     * @throws IllegalArgumentException when the source does not define lf_logp_grad
     */
    public static OpenClTarget fromSource(String name, int dimension, String source, double[] data) {
        Checks.name(name);
        Checks.dimension(dimension);
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("source: " + (source == null ? "null" : "blank")
                    + "; allowed: OpenCL C text defining RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td)");
        }
        String code = COMMENTS.matcher(source).replaceAll(" ");
        if (!LOGP_DEFINITION.matcher(code).find()) {
            throw new IllegalArgumentException("source: target '" + name + "' does not define lf_logp_grad; allowed: OpenCL C "
                    + "text defining RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td) (and optionally "
                    + "void lf_hvp(const RV *x, const RV *v, RV *hv, __global const REAL *td))");
        }
        boolean fallback = !HVP_DEFINITION.matcher(code).find();
        StringBuilder sb = new StringBuilder();
        sb.append("// user target ").append(name).append('\n');
        sb.append("#if !defined(DIM) || DIM != ").append(dimension).append('\n');
        sb.append("#error \"target ").append(name).append(" needs -DDIM=").append(dimension).append("\"\n");
        sb.append("#endif\n");
        sb.append(source).append('\n');
        if (fallback) {
            sb.append(KernelSources.load(TargetSources.DIR + "hvp_central_difference.cl"));
        }
        double[] td = data == null ? null : data.clone();
        return new OpenClTarget(name, dimension, fallback, new DeviceCode(sb.toString(), td));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    /** Whether lf_hvp is the central-difference fallback (the source did not define it). */
    public boolean usesHvpFallback() {
        return hvpFallback;
    }

    @Override
    public void logDensityAndGradient(double[] x, double[] grad, double[] logDensity, int stride, int from, int to) {
        throw javaUnavailable();
    }

    @Override
    public void hessianVectorProduct(double[] x, double[] v, double[] out, int stride, int from, int to) {
        throw javaUnavailable();
    }

    private IllegalStateException javaUnavailable() {
        return new IllegalStateException("target '" + name + "' is OpenCL C source only and needs the OpenCL backend "
                + "(--backend opencl); for the Java backend implement org.leapfrog.samplers.target.Target in Java");
    }

    @Override
    public Optional<DeviceCode> deviceCode() {
        return Optional.of(code);
    }
}
