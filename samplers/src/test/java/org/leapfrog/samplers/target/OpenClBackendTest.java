package org.leapfrog.samplers.target;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;

/**
 * Base of the target tests that need the OpenCL backend: one backend for the whole class, opened before its
 * tests (they are skipped when OpenCL is missing, and fail then under CI) and closed after them.
 */
abstract class OpenClBackendTest {
    /** The OpenCL backend, open while the test class runs. */
    static Backend backend;

    @BeforeAll
    static void openOpenCl() {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        backend = Backends.open("opencl", null, msg -> { });
    }

    @AfterAll
    static void closeOpenCl() {
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }
}
