package org.leapfrog.bench.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.samplers.target.OpenClTarget;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.TargetData;
import org.leapfrog.samplers.target.Targets;

/**
 * The target a {@code sample} run asked for: a built-in by name, OpenCL C source from a file, or a Java class
 * ({@code --target-class}), the last two with optional data ({@code --data}). Every problem is an
 * IllegalArgumentException whose message names the option.
 */
public final class TargetResolver {
    private TargetResolver() {
    }

    public static Target resolve(SampleOptions o) {
        if (o.target() != null) {
            return Targets.byName(o.target(), o.dimension());
        }
        TargetData data = data(o);
        if (o.targetClass() != null) {
            Target t = TargetClasses.load(o.targetClass(), o.classpath(), o.dataFile() != null ? data : null);
            if (o.dimension() != null && o.dimension() != t.dimension()) {
                throw new IllegalArgumentException("--dim: " + o.dimension() + " but " + o.targetClass() + " has dimension "
                        + t.dimension() + "; allowed: " + t.dimension() + " or no --dim");
            }
            return t;
        }
        if ("java".equalsIgnoreCase(o.backend())) {
            throw javaBackend(o.targetFile());
        }
        if (o.dimension() == null) {
            throw new IllegalArgumentException("--dim: required with --target-file (the file's target dimension)");
        }
        if (!Files.isRegularFile(o.targetFile()) || !Files.isReadable(o.targetFile())) {
            throw new IllegalArgumentException("--target-file: " + o.targetFile() + " is not a readable file");
        }
        String source;
        try {
            source = Files.readString(o.targetFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("--target-file: cannot read " + o.targetFile() + " (" + e.getMessage() + ")");
        }
        String name = o.targetFile().getFileName().toString().replaceFirst("\\.cl$", "");
        try {
            return OpenClTarget.fromSource(name, o.dimension(), source, data);
        } catch (IllegalArgumentException e) {
            String what = o.dataFile() != null ? "--target-file " + o.targetFile() + " with --data " + o.dataFile()
                    : "--target-file " + o.targetFile() + " (no --data)";
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens the backend for this target. Under {@code auto} (no backend and no device asked for anywhere) a
     * target without OpenCL code runs on Java, with a notice, since that is the only backend that can run it.
     * An OpenCL-only target meeting the Java backend (--backend java, leapfrog.backend / LEAPFROG_BACKEND, or auto
     * without an OpenCL device) stops here with a message saying what to do, before anything is built.
     */
    public static Backend openBackend(Target target, SampleOptions o, Consumer<String> notices) {
        BackendRequest request = BackendRequest.resolve(o.backend(), o.device());
        if (request.kind() == BackendKind.AUTO && request.device() < 0 && target.deviceCode().isEmpty()) {
            notices.accept("leapfrog: target '" + target.name() + "' has no OpenCL code (its deviceCode() is empty); "
                    + "using the java backend");
            return Backends.open(new BackendRequest(BackendKind.JAVA, -1), notices);
        }
        Backend backend = Backends.open(request, notices);
        if (backend.kind() == BackendKind.JAVA && target instanceof OpenClTarget) {
            backend.close();
            throw javaBackend(o.targetFile());
        }
        return backend;
    }

    private static IllegalArgumentException javaBackend(Path file) {
        return new IllegalArgumentException("--target-file " + file + ": an OpenCL C target runs on the OpenCL backend "
                + "only, and the Java backend was selected; allowed: --backend opencl (see 'leapfrog devices'), or a Java "
                + "class implementing Target via --target-class NAME --classpath PATHS for the Java backend");
    }

    private static TargetData data(SampleOptions o) {
        if (o.dataFile() == null) {
            return TargetData.empty();
        }
        try {
            return TargetData.read(o.dataFile());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--data: " + e.getMessage(), e);
        }
    }
}
