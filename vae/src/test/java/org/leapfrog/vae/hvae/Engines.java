package org.leapfrog.vae.hvae;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.tensor.Engine;

/** The engines the HVAE tests run on: "java", or "opencl" (opened once per JVM; skipped without a device, failing under CI=true). */
final class Engines {
    private static Engine openCl;

    private Engines() {
    }

    static synchronized Engine get(String name) {
        if (name.equals("java")) {
            return Engine.java();
        }
        assumeTrue(OpenClRequirement.availableOrFailInCi(), "no OpenCL device");
        if (openCl == null) {
            openCl = Engine.on(Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { }));
        }
        return openCl;
    }

    static Backend backend(String name) {
        return get(name).backend();
    }
}
