package org.leapfrog.runtime;

import org.leapfrog.runtime.opencl.OpenClDevices;

/**
 * Decides whether OpenCL-dependent checks (tests, benchmarks) run: they run when a device exists; when none
 * exists they are skipped, except under {@code CI=true}, where a missing device is an error, so CI can
 * never pass by silently skipping the OpenCL conformance tests.
 */
public final class OpenClRequirement {
    private OpenClRequirement() {
    }

    /** True when OpenCL checks should run; false to skip; throws under CI=true when no device exists. */
    public static boolean availableOrFailInCi() {
        return decide(OpenClDevices.scan(), System.getenv("CI"));
    }

    /** The decision for a given scan and value of the CI environment variable (null when unset). */
    static boolean decide(OpenClDevices.Scan scan, String ci) {
        if (!scan.devices().isEmpty()) {
            return true;
        }
        if ("true".equalsIgnoreCase(ci)) {
            throw new IllegalStateException("CI=true but no OpenCL device is available (" + scan.problem()
                    + "); .ci/run installs pocl-opencl-icd, check that it succeeded");
        }
        return false;
    }
}
