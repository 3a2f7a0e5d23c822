package org.leapfrog.kernels;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One kernel, described once for every backend: the OpenCL C sources (classpath resources, concatenated in
 * order, plus optional source text such as a user's target), the entry point, the preprocessor definitions
 * it is built with, its Java twin and, optionally, its {@link KernelSignature} (the parameters declared once;
 * null for a kernel not yet converted, whose bindings are then checked only by the device).
 *
 * @param name           a short name for messages and plan listings
 * @param entryPoint     the {@code __kernel} function's name
 * @param resources      classpath resource paths, e.g. {@code org/leapfrog/kernels/philox.cl}
 * @param extraSource    OpenCL C text appended after the resources (may be empty)
 * @param defines        {@code -Dname=value} build definitions, in order
 * @param twin           the Java implementation of the same kernel
 * @param signature      the declared parameters, or null (unchecked)
 * @param options        further OpenCL compiler options after the definitions (e.g. {@code -cl-mad-enable}); empty
 *                       for none
 */
public record KernelDef(String name, String entryPoint, List<String> resources, String extraSource,
                        Map<String, String> defines, JavaKernel twin, KernelSignature signature, String options) {

    public KernelDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(entryPoint, "entryPoint");
        resources = List.copyOf(resources);
        extraSource = extraSource == null ? "" : extraSource;
        defines = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(defines));
        Objects.requireNonNull(twin, "twin");
        options = options == null ? "" : options.trim();
    }

    /** A kernel with the default compiler options (the definitions only). */
    public KernelDef(String name, String entryPoint, List<String> resources, String extraSource,
                     Map<String, String> defines, JavaKernel twin, KernelSignature signature) {
        this(name, entryPoint, resources, extraSource, defines, twin, signature, "");
    }

    /** A kernel without a declared signature (the form used before signatures; bindings are not checked). */
    public KernelDef(String name, String entryPoint, List<String> resources, String extraSource,
                     Map<String, String> defines, JavaKernel twin) {
        this(name, entryPoint, resources, extraSource, defines, twin, null);
    }

    /** A kernel from resources alone with a declared signature, built in double precision. */
    public static KernelDef of(String name, String entryPoint, KernelSignature signature, JavaKernel twin,
                               String... resources) {
        return new KernelDef(name, entryPoint, List.of(resources), "", Map.of("REAL", "double"), twin,
                Objects.requireNonNull(signature, "signature"));
    }

    /** Whether the parameters are declared. */
    public boolean hasSignature() {
        return signature != null;
    }

    /** The same kernel with this signature. */
    public KernelDef withSignature(KernelSignature s) {
        return new KernelDef(name, entryPoint, resources, extraSource, defines, twin, s, options);
    }

    /** A kernel from resources alone, built in double precision. */
    public static KernelDef of(String name, String entryPoint, JavaKernel twin, String... resources) {
        return new KernelDef(name, entryPoint, List.of(resources), "", Map.of("REAL", "double"), twin);
    }

    /** The OpenCL build options for this kernel, e.g. {@code -DREAL=double -cl-std=CL1.2}. */
    public String buildOptions() {
        StringBuilder sb = new StringBuilder("-cl-std=CL1.2");
        defines.forEach((k, v) -> sb.append(" -D").append(k).append(v.isEmpty() ? "" : "=" + v));
        if (!options.isEmpty()) {
            sb.append(' ').append(options);
        }
        return sb.toString();
    }

    /** The same kernel with one more (or a replaced) build definition. */
    public KernelDef withDefine(String key, String value) {
        Map<String, String> d = new LinkedHashMap<>(defines);
        d.put(key, value);
        return new KernelDef(name, entryPoint, resources, extraSource, d, twin, signature, options);
    }

    /** The same kernel with extra OpenCL C text appended (for example a user-supplied target). */
    public KernelDef withExtraSource(String source) {
        return new KernelDef(name, entryPoint, resources, source, defines, twin, signature, options);
    }

    /** The same kernel with these further compiler options (replacing any it had). */
    public KernelDef withOptions(String compilerOptions) {
        return new KernelDef(name, entryPoint, resources, extraSource, defines, twin, signature, compilerOptions);
    }
}
