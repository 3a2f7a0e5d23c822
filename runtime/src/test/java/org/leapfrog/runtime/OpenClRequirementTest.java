package org.leapfrog.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.opencl.OpenClDevices;

class OpenClRequirementTest {
    private static final OpenClDevices.Scan NONE = new OpenClDevices.Scan(List.of(), List.of(), List.of(),
            "no OpenCL platform is installed");
    private static final OpenClDevices.Scan ONE = new OpenClDevices.Scan(List.of(new DeviceInfo(BackendKind.OPENCL,
            0, "p", "d", "CPU", 1, 1L, true, "OpenCL 1.2")), List.of(), List.of(), "");

    @Test
    void runsWhenADeviceExists() {
        assertTrue(OpenClRequirement.decide(ONE, null));
        assertTrue(OpenClRequirement.decide(ONE, "true"));
    }

    @Test
    void skipsWithoutADeviceOutsideCi() {
        assertFalse(OpenClRequirement.decide(NONE, null));
        assertFalse(OpenClRequirement.decide(NONE, ""));
        assertFalse(OpenClRequirement.decide(NONE, "false"));
    }

    @Test
    void failsWithoutADeviceUnderCi() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OpenClRequirement.decide(NONE, "true"));
        assertTrue(e.getMessage().startsWith("CI=true but no OpenCL device is available (no OpenCL platform is installed)"),
                e.getMessage());
        assertThrows(IllegalStateException.class, () -> OpenClRequirement.decide(NONE, "TRUE"));
    }

    /** Under CI=true (surefire passes CI through to this JVM) the OpenCL tests must run, never skip. */
    @Test
    void underCiOpenClTestsRun() {
        String ci = System.getenv("CI");
        boolean available = !OpenClDevices.scan().devices().isEmpty();
        if ("true".equalsIgnoreCase(ci)) {
            assertTrue(OpenClRequirement.availableOrFailInCi());
        } else {
            assertEquals(available, OpenClRequirement.availableOrFailInCi());
        }
    }
}
