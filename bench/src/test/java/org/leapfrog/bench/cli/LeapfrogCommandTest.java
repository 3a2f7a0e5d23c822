package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.Simd;
import org.leapfrog.runtime.DeviceInfo;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.opencl.OpenClDevices;
import org.leapfrog.samplers.output.LeapfrogVersion;

/** The {@code leapfrog} command line, run in-process with captured output. */
class LeapfrogCommandTest extends InProcessCli {
    @Test
    void devicesListsTheJavaBackendAndEveryOpenClDevice() {
        assertEquals(0, run("devices"), err.toString());
        assertEquals("", err.toString());
        String[] lines = out.toString().split("\\R");
        assertTrue(lines[0].matches("BACKEND\\s+DEVICE\\s+NAME\\s+TYPE\\s+PLATFORM\\s+CU\\s+MEMORY\\s+FP64"), lines[0]);
        assertTrue(lines[1].matches("java\\s+-\\s+JVM .*\\s+CPU\\s+Java \\d+\\s+\\d+\\s+[\\d.]+ GiB\\s+yes"), lines[1]);

        List<DeviceInfo> devices = OpenClDevices.scan().devices();
        if (OpenClRequirement.availableOrFailInCi()) {
            assertEquals(3 + devices.size(), lines.length, out.toString());
            assertEquals("java backend: " + Simd.describe(), lines[lines.length - 1]);
            for (DeviceInfo d : devices) {
                String line = lines[2 + d.index()];
                assertTrue(line.startsWith("opencl  " + d.index() + " "), line);
                assertTrue(line.contains(d.name().substring(0, Math.min(20, d.name().length()))), line);
                assertTrue(line.contains(d.type()) && line.contains(" " + d.computeUnits() + " "), line);
                assertTrue(line.endsWith(d.fp64() ? "yes" : "no"), line);
            }
            boolean pocl = devices.stream().anyMatch(d -> d.platform().equals("Portable Computing Language"));
            if (pocl) {
                assertTrue(out.toString().contains("Portable Computing"), out.toString());
            }
        } else {
            assertTrue(lines[2].startsWith("no OpenCL device: "), out.toString());
        }
    }

    /** Bad arguments get one line (what was wrong, a suggestion, where to look) and exit 2, not the usage text. */
    @Test
    void unknownSubcommandFailsWithAClearMessage() {
        int code = run("nonsense");
        assertEquals(2, code);
        String line = err.toString().replace("\r\n", "\n");
        assertTrue(line.startsWith("leapfrog: Unmatched argument at index 0: 'nonsense'"), line);
        assertTrue(line.endsWith("; see 'leapfrog --help'\n") && line.indexOf('\n') == line.length() - 1, line);
        assertEquals("", out.toString());

        err.getBuffer().setLength(0);
        assertEquals(2, run("sampel"));
        assertTrue(err.toString().contains("'sampel'; did you mean sample"), err.toString());
    }

    @Test
    void unknownOptionFailsWithAClearMessage() {
        assertEquals(2, run("devices", "--bogus"));
        assertEquals("leapfrog: Unknown option: '--bogus'; see 'leapfrog devices --help'\n",
                err.toString().replace("\r\n", "\n"));

        err.getBuffer().setLength(0);
        assertEquals(2, run("--frobnicate"));
        assertTrue(err.toString().contains("Unknown option: '--frobnicate'"), err.toString());
        assertFalse(err.toString().contains("Usage"), err.toString());
    }

    @Test
    void helpAndVersionSucceed() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("devices"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("--version"));
        // The version and commit the build recorded, not "development build".
        assertEquals("leapfrog " + LeapfrogVersion.current() + "\n", out.toString().replace("\r\n", "\n"));
        assertTrue(out.toString().matches("leapfrog \\d+\\.\\d+\\.\\d+\\S*( \\(git \\S+\\))?\\R"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run());
        assertTrue(out.toString().startsWith("Usage: leapfrog"), out.toString());
    }
}
