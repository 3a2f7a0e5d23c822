package org.leapfrog.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.leapfrog.kernels.Simd;

/**
 * The machine a benchmark ran on, recorded next to every result: logical cores, CPU model and total memory
 * (from /proc on Linux, "unknown" elsewhere), operating system and JVM (with whether the Java backend runs its SIMD loops).
 */
public record MachineInfo(int cores, String cpuModel, long memoryBytes, String os, String jvm, long maxHeapBytes) {

    public static MachineInfo collect() {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), readCpuModel(), readMemoryBytes(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " (" + System.getProperty("os.arch") + ")",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + ", "
                        + Simd.describe(),
                Runtime.getRuntime().maxMemory());
    }

    /** One line for reports. */
    public String describe() {
        return String.format("%d cores, %s, %.1f GiB RAM, %s, %s (max heap %.1f GiB)", cores, cpuModel,
                memoryBytes / 1073741824.0, os, jvm, maxHeapBytes / 1073741824.0);
    }

    private static String readCpuModel() {
        for (String line : lines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown";
    }

    private static long readMemoryBytes() {
        for (String line : lines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.trim().split("\\s+");
                return Long.parseLong(parts[1]) * 1024;
            }
        }
        return -1;
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }
}
