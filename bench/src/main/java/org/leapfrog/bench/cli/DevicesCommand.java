package org.leapfrog.bench.cli;

import java.io.PrintWriter;
import org.leapfrog.kernels.Simd;
import java.util.List;
import java.util.concurrent.Callable;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.DeviceInfo;
import org.leapfrog.runtime.opencl.OpenClDevices;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code leapfrog devices}: every backend and OpenCL device, with the index to pass as {@code --device}. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List the backends and OpenCL devices (platform, name, compute units, memory, fp64).")
final class DevicesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<DeviceInfo> devices = Backends.listDevices();
        String format = "%-7s %-6s %-34s %-12s %-30s %5s %10s %5s%n";
        out.printf(format, "BACKEND", "DEVICE", "NAME", "TYPE", "PLATFORM", "CU", "MEMORY", "FP64");
        for (DeviceInfo d : devices) {
            out.printf(format, d.backend().label(), d.index() < 0 ? "-" : Integer.toString(d.index()),
                    clip(d.name(), 34), d.type(), clip(d.platform(), 30), d.computeUnits(),
                    String.format("%.1f GiB", d.globalMemBytes() / 1073741824.0), d.fp64() ? "yes" : "no");
        }
        if (devices.size() == 1) {
            out.println("no OpenCL device: " + OpenClDevices.scan().problem());
        }
        out.println("java backend: " + Simd.describe());
        out.flush();
        return 0;
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }
}
