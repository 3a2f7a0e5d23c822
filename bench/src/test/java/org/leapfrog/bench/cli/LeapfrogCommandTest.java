package org.leapfrog.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.Simd;
import org.leapfrog.runtime.DeviceInfo;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.opencl.OpenClDevices;
import picocli.CommandLine;

/** The {@code leapfrog} command line, run in-process with captured output. */
class LeapfrogCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = LeapfrogCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

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

    @Test
    void unknownSubcommandFailsWithAClearMessage() {
        int code = run("nonsense");
        assertEquals(2, code);
        assertTrue(err.toString().contains("Unmatched argument at index 0: 'nonsense'"), err.toString());
        assertTrue(err.toString().contains("Usage: leapfrog"), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void unknownOptionFailsWithAClearMessage() {
        assertEquals(2, run("devices", "--bogus"));
        assertTrue(err.toString().contains("Unknown option: '--bogus'"), err.toString());
        assertTrue(err.toString().contains("Usage: leapfrog devices"), err.toString());

        err.getBuffer().setLength(0);
        assertEquals(2, run("--frobnicate"));
        assertTrue(err.toString().contains("Unknown option: '--frobnicate'"), err.toString());
    }

    @Test
    void helpAndVersionSucceed() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("devices"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("--version"));
        assertTrue(out.toString().startsWith("leapfrog "), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run());
        assertTrue(out.toString().startsWith("Usage: leapfrog"), out.toString());
    }
}
