package org.leapfrog.vae.mcmc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.tensor.Engine;

/** The OpenCL engine of these tests, opened once per JVM (skipped without a device; under CI=true it must exist). */
final class McmcEngines {
    private static Engine openCl;

    private McmcEngines() {
    }

    static synchronized Engine openCl() {
        assumeTrue(OpenClRequirement.availableOrFailInCi(), "no OpenCL device");
        if (openCl == null) {
            openCl = Engine.on(Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { }));
        }
        return openCl;
    }
}
