package org.leapfrog.runtime.tensor;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;

/**
 * The engines tests run on, by name ("java", "opencl"). The OpenCL engine is opened once per test JVM (its
 * program is built once) and left for process exit to release; OpenCL cases are skipped without a device
 * (and fail under CI=true, see {@link OpenClRequirement}).
 */
public final class TestEngines {
    public static final String[] NAMES = {"java", "opencl"};
    private static Engine openCl;
    private static Engine openCl32;

    private TestEngines() {
    }

    public static synchronized Engine get(String name) {
        if (name.equals("java")) {
            return Engine.java();
        }
        assumeTrue(OpenClRequirement.availableOrFailInCi(), "no OpenCL device");
        if (openCl == null) {
            Backend backend = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), n -> { });
            openCl = Engine.on(backend);
        }
        return openCl;
    }

    /** The float32 engine of that name: a new one on the shared Java backend, or one on the OpenCL backend above. */
    public static synchronized Engine get32(String name) {
        if (name.equals("java")) {
            return Engine.java(org.leapfrog.kernels.ElementType.FLOAT32);
        }
        Engine e64 = get(name);
        if (openCl32 == null) {
            openCl32 = Engine.on(e64.backend(), org.leapfrog.kernels.ElementType.FLOAT32);
        }
        return openCl32;
    }

    /** The engine names, for {@code @MethodSource}. */
    public static java.util.stream.Stream<String> names() {
        return java.util.stream.Stream.of(NAMES);
    }
}
