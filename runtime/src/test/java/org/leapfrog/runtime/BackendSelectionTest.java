package org.leapfrog.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.runtime.opencl.OpenClBackend;
import org.leapfrog.runtime.opencl.OpenClDevices;

/** Backend names, request precedence, device choice, and the java fallback of {@code auto}. */
class BackendSelectionTest {
    private static final OpenClDevices.Scan NO_LIBRARY = new OpenClDevices.Scan(List.of(), List.of(), List.of(),
            "the OpenCL library (libOpenCL) could not be loaded: simulated");

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    private static DeviceInfo device(int index, String type, int computeUnits, boolean fp64) {
        return new DeviceInfo(BackendKind.OPENCL, index, "test platform", "device " + index, type, computeUnits,
                1L << 30, fp64, "OpenCL 1.2");
    }

    @Test
    void backendNamesParseCaseInsensitively() {
        assertEquals(BackendKind.JAVA, BackendKind.parse("JAVA", "--backend"));
        assertEquals(BackendKind.OPENCL, BackendKind.parse(" OpenCL ", "--backend"));
        assertEquals(BackendKind.AUTO, BackendKind.parse("auto", "--backend"));
    }

    @Test
    void unknownBackendNameIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackendKind.parse("cuda", "--backend"));
        assertEquals("--backend: unknown backend 'cuda'; allowed: auto, java, opencl", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BackendKind.parse(null, "--backend"));

        e = assertThrows(IllegalArgumentException.class, () -> BackendRequest.resolve("cuda", null));
        assertTrue(e.getMessage().contains("'cuda'") && e.getMessage().contains("allowed: auto, java, opencl"),
                e.getMessage());

        List<String> notices = new ArrayList<>();
        e = assertThrows(IllegalArgumentException.class, () -> Backends.open("gpu", null, notices::add));
        assertTrue(e.getMessage().startsWith("--backend: unknown backend 'gpu'"), e.getMessage());
        assertTrue(notices.isEmpty());

        // A bad name from the property or the environment names where it came from.
        e = assertThrows(IllegalArgumentException.class,
                () -> BackendRequest.resolve(null, null, props("leapfrog.backend", "fast"), Map.of()));
        assertTrue(e.getMessage().startsWith("leapfrog.backend: unknown backend 'fast'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BackendRequest.resolve(null, null, props(), Map.of("LEAPFROG_BACKEND", "fast")));
        assertTrue(e.getMessage().startsWith("LEAPFROG_BACKEND: unknown backend 'fast'"), e.getMessage());
    }

    @Test
    void optionBeatsPropertyBeatsEnvironment() {
        Map<String, String> env = Map.of("LEAPFROG_BACKEND", "java", "LEAPFROG_DEVICE", "3");
        Properties p = props("leapfrog.backend", "opencl", "leapfrog.device", "2");

        assertEquals(new BackendRequest(BackendKind.AUTO, 1), BackendRequest.resolve("auto", 1, p, env));
        assertEquals(new BackendRequest(BackendKind.OPENCL, 2), BackendRequest.resolve(null, null, p, env));
        assertEquals(new BackendRequest(BackendKind.OPENCL, 5),
                BackendRequest.resolve(null, null, props(), Map.of("LEAPFROG_BACKEND", "opencl", "LEAPFROG_DEVICE", "5")));
        assertEquals(new BackendRequest(BackendKind.JAVA, -1),
                BackendRequest.resolve(null, null, props(), Map.of("LEAPFROG_BACKEND", "java")));
        // Backend and device are resolved separately: an option for one leaves the other to the property.
        assertEquals(new BackendRequest(BackendKind.AUTO, 2), BackendRequest.resolve("auto", null, p, env));
        assertEquals(new BackendRequest(BackendKind.OPENCL, 0), BackendRequest.resolve(null, 0, p, env));
        // Nothing given, or blank environment values: auto with the best device.
        assertEquals(BackendRequest.auto(), BackendRequest.resolve(null, null, props(), Map.of()));
        assertEquals(BackendRequest.auto(), BackendRequest.resolve(null, null, props(),
                Map.of("LEAPFROG_BACKEND", " ", "LEAPFROG_DEVICE", "")));
    }

    @Test
    void badDeviceRequestsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackendRequest.resolve(null, null, props("leapfrog.device", "first"), Map.of()));
        assertEquals("leapfrog.device: 'first' is not a device index; allowed: 0 or more", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BackendRequest(BackendKind.OPENCL, -2));
        assertTrue(e.getMessage().startsWith("device: index -2 is negative"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BackendRequest(BackendKind.JAVA, 0));
        assertTrue(e.getMessage().contains("java backend, which has no devices"), e.getMessage());
    }

    @Test
    void outOfRangeDeviceIndexListsTheDevices() {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        int count = OpenClDevices.scan().devices().size();
        for (BackendKind kind : new BackendKind[] {BackendKind.OPENCL, BackendKind.AUTO}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Backends.open(new BackendRequest(kind, count + 98), notice -> { }));
            String expected = "device: index " + (count + 98) + " is out of range; allowed: 0 to " + (count - 1)
                    + " (0 = " + OpenClDevices.scan().devices().get(0).name();
            assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        }
    }

    @Test
    void deviceIndexWithoutAnyDeviceSaysWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backends.open(new BackendRequest(BackendKind.AUTO, 1), n -> { }, () -> NO_LIBRARY));
        assertEquals("device: index 1 is out of range; no OpenCL device was found (" + NO_LIBRARY.problem() + ")",
                e.getMessage());
        IllegalStateException s = assertThrows(IllegalStateException.class,
                () -> Backends.open(new BackendRequest(BackendKind.OPENCL, -1), n -> { }, () -> NO_LIBRARY));
        assertTrue(s.getMessage().contains(NO_LIBRARY.problem()) && s.getMessage().contains("--backend java"),
                s.getMessage());
    }

    @Test
    void autoPicksTheOpenClDeviceWithoutNotice() {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        List<String> notices = new ArrayList<>();
        try (Backend b = Backends.open(BackendRequest.auto(), notices::add)) {
            assertInstanceOf(OpenClBackend.class, b);
            assertEquals(BackendKind.OPENCL, b.kind());
            assertEquals(Backends.best(OpenClDevices.scan().devices()), b.device());
            if (OpenClDevices.scan().devices().stream().allMatch(d -> d.platform().equals("Portable Computing Language"))) {
                assertEquals("Portable Computing Language", b.device().platform()); // this machine and CI
            }
        }
        assertEquals(List.of(), notices);
    }

    @Test
    void autoFallsBackToJavaWithExactlyOneNotice() {
        List<String> notices = new ArrayList<>();
        try (Backend b = Backends.open(BackendRequest.auto(), notices::add, () -> NO_LIBRARY)) {
            assertInstanceOf(JavaBackend.class, b);
            assertEquals(BackendKind.JAVA, b.kind());
        }
        assertEquals(1, notices.size(), notices.toString());
        assertEquals("leapfrog: no usable OpenCL device (" + NO_LIBRARY.problem() + "); using the java backend",
                notices.get(0));

        // Devices without double precision are not usable either.
        notices.clear();
        OpenClDevices.Scan noFp64 = new OpenClDevices.Scan(List.of(device(0, "GPU", 80, false)), List.of(), List.of(), "");
        try (Backend b = Backends.open(BackendRequest.auto(), notices::add, () -> noFp64)) {
            assertEquals(BackendKind.JAVA, b.kind());
        }
        assertEquals(List.of("leapfrog: no usable OpenCL device (none supports fp64); using the java backend"), notices);
    }

    @Test
    void javaRequestNeverScansForOpenCl() {
        try (Backend b = Backends.open(new BackendRequest(BackendKind.JAVA, -1), n -> { }, () -> {
            throw new AssertionError("scanned");
        })) {
            assertEquals(BackendKind.JAVA, b.kind());
        }
    }

    @Test
    void bestDeviceIsTheStrongestFp64Device() {
        DeviceInfo cpu = device(0, "CPU", 64, true);
        DeviceInfo smallGpu = device(1, "GPU", 20, true);
        DeviceInfo bigGpu = device(2, "GPU", 80, true);
        DeviceInfo fp32Gpu = device(3, "GPU", 200, false);
        DeviceInfo twin = device(4, "GPU", 80, true);
        assertEquals(bigGpu, Backends.best(List.of(cpu, smallGpu, bigGpu, fp32Gpu, twin)));
        assertEquals(cpu, Backends.best(List.of(cpu, fp32Gpu)));
        assertNull(Backends.best(List.of(fp32Gpu)));
        assertNull(Backends.best(List.of()));
    }

    @Test
    void listDevicesStartsWithJava() {
        List<DeviceInfo> all = Backends.listDevices();
        assertEquals(BackendKind.JAVA, all.get(0).backend());
        assertEquals(-1, all.get(0).index());
        for (int i = 1; i < all.size(); i++) {
            assertEquals(BackendKind.OPENCL, all.get(i).backend());
            assertEquals(i - 1, all.get(i).index());
        }
    }
}
