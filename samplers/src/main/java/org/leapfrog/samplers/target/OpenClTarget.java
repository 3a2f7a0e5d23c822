package org.leapfrog.samplers.target;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.leapfrog.kernels.KernelSources;

/**
 * A user-defined target given as OpenCL C text, for the OpenCL backend only: the source must define
 * {@code RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td)} and may define
 * {@code void lf_hvp(const RV *x, const RV *v, RV *hv, __global const REAL *td)} (see {@link DeviceCode}).
 * Without lf_hvp, a central difference of lf_logp_grad is supplied ({@code targets/hvp_central_difference.cl}:
 * two gradient calls, step {@code cbrt(eps) (1 + |x|) / |v|}, about 1e-10 relative accuracy on smooth targets).
 *
 * <p>Data: {@link #fromSource(String, int, String, TargetData)} gives the source named data (sizes and offsets
 * as macros, values in {@code td}); the {@code double[]} form passes raw values.
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
    private final int sourceFirstLine;
    private final TargetData data;

    private OpenClTarget(String name, int dimension, boolean hvpFallback, DeviceCode code, int sourceFirstLine,
                         TargetData data) {
        this.name = name;
        this.dimension = dimension;
        this.hvpFallback = hvpFallback;
        this.code = code;
        this.sourceFirstLine = sourceFirstLine;
        this.data = data;
    }

    /**
     * A target with raw data: {@code td} is {@code data} as given, and the source gets no data macros.
     *
     * @param name      the target's name
     * @param dimension the dimension (the kernels are built with {@code -DDIM=dimension})
     * @param source    OpenCL C text defining lf_logp_grad and optionally lf_hvp
     * @param data      constant data the functions read as {@code td} (may be null or empty)
     * @throws IllegalArgumentException when the source does not define lf_logp_grad
     */
    public static OpenClTarget fromSource(String name, int dimension, String source, double[] data) {
        String code = checkSource(name, dimension, source);
        return assemble(name, dimension, source, code, "", "", data == null ? null : data.clone(), null);
    }

    /**
     * A target with named data: the source sees {@code #define} lines for the data's sizes, offsets and
     * scalars ({@link TargetData#defines()}, e.g. {@code N}, {@code OFF_y}, {@code X_ROWS}) and reads the values
     * from {@code td}. The macros are removed again after the source, so they cannot clash with the code that
     * follows.
     *
     * @param data the named data ({@link TargetData#empty()} when there is none)
     * @throws IllegalArgumentException when the source does not define lf_logp_grad, or uses a data-like name
     *                                  ({@code OFF_x}, {@code x_LEN}, {@code x_ROWS}, {@code x_COLS},
     *                                  {@code x_COL_c}, or an upper-case identifier such as {@code N}) that
     *                                  neither it nor the data defines
     */
    public static OpenClTarget fromSource(String name, int dimension, String source, TargetData data) {
        String code = checkSource(name, dimension, source);
        if (data == null) {
            throw new IllegalArgumentException("data: null; allowed: a TargetData (TargetData.empty() for none)");
        }
        Set<String> missing = SourceNames.undefined(code, data.defines().keySet());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("target '" + name + "' uses " + String.join(", ", missing)
                    + ", which " + (data.isEmpty() ? "no data defines (no data was given)"
                    : "the data does not define (the data holds " + data.describe() + ")")
                    + "; allowed: names the data defines: a scalar s gives s and OFF_s, a vector v gives OFF_v and "
                    + "v_LEN, a matrix M gives OFF_M, M_ROWS, M_COLS and M_COL_<column>");
        }
        Set<String> own = SourceNames.declared(code);
        for (String macro : data.defines().keySet()) {
            if (own.contains(macro)) {
                throw new IllegalArgumentException("target '" + name + "': the data defines the macro " + macro
                        + ", which would replace the source's own " + macro + "; allowed: different names (rename one)");
            }
        }
        StringBuilder defines = new StringBuilder();
        StringBuilder undefines = new StringBuilder();
        data.defines().forEach((k, v) -> {
            defines.append("#define ").append(k).append(' ').append(v).append('\n');
            undefines.append("#undef ").append(k).append('\n');
        });
        return assemble(name, dimension, source, code, defines.toString(), undefines.toString(), data.packed(), data);
    }

    /** Checks the arguments; returns the source without comments. */
    private static String checkSource(String name, int dimension, String source) {
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
        return code;
    }

    private static OpenClTarget assemble(String name, int dimension, String source, String code, String defines,
                                         String undefines, double[] td, TargetData data) {
        boolean fallback = !HVP_DEFINITION.matcher(code).find();
        StringBuilder sb = new StringBuilder();
        sb.append("// user target ").append(name).append('\n');
        sb.append(defines);
        sb.append("#if !defined(DIM) || DIM != ").append(dimension).append('\n');
        sb.append("#error \"target ").append(name).append(" needs -DDIM=").append(dimension).append("\"\n");
        sb.append("#endif\n");
        int firstLine = (int) sb.chars().filter(c -> c == '\n').count() + 1;
        sb.append(source).append('\n');
        sb.append(undefines);
        if (fallback) {
            sb.append(KernelSources.load(TargetSources.DIR + "hvp_central_difference.cl"));
        }
        return new OpenClTarget(name, dimension, fallback, new DeviceCode(sb.toString(), td), firstLine, data);
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

    /**
     * The line of {@link #deviceCode()}'s source on which the user's source begins (1-based): a compiler
     * message about line k of that text is about line {@code k - sourceFirstLine() + 1} of the user's source.
     */
    public int sourceFirstLine() {
        return sourceFirstLine;
    }

    /** The named data, when built with {@link #fromSource(String, int, String, TargetData)}. */
    public Optional<TargetData> data() {
        return Optional.ofNullable(data);
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
