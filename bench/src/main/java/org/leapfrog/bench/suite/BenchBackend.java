package org.leapfrog.bench.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.DeviceInfo;

/**
 * One backend a benchmark runs on: the Java backend or one OpenCL device (fp64 devices only: the workloads
 * are float64).
 *
 * @param label  {@code java} or {@code opencl:<index>}
 * @param device the device as listed by {@link Backends#listDevices()}
 */
public record BenchBackend(String label, DeviceInfo device) {

    /** Opens a fresh backend on this device; the caller closes it. */
    public Backend open() {
        BackendRequest request = device.backend() == BackendKind.JAVA
                ? new BackendRequest(BackendKind.JAVA, -1)
                : new BackendRequest(BackendKind.OPENCL, device.index());
        return Backends.open(request, notice -> { });
    }

    /** Every available backend: Java, then each fp64-capable OpenCL device in index order. */
    public static List<BenchBackend> available() {
        List<BenchBackend> out = new ArrayList<>();
        for (DeviceInfo d : Backends.listDevices()) {
            if (d.backend() == BackendKind.JAVA) {
                out.add(new BenchBackend("java", d));
            } else if (d.fp64()) {
                out.add(new BenchBackend("opencl:" + d.index(), d));
            }
        }
        return out;
    }

    /**
     * The backends a user selected: {@code all}, or a comma-separated list of {@code java}, {@code opencl}
     * (every OpenCL device) and {@code opencl:N}.
     */
    public static List<BenchBackend> select(String spec) {
        List<BenchBackend> all = available();
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("all")) {
            return all;
        }
        List<BenchBackend> out = new ArrayList<>();
        for (String raw : spec.split(",")) {
            String s = raw.trim().toLowerCase(Locale.ROOT);
            List<BenchBackend> matched = all.stream()
                    .filter(b -> b.label().equals(s) || (s.equals("opencl") && b.label().startsWith("opencl:")))
                    .toList();
            if (matched.isEmpty()) {
                throw new IllegalArgumentException("--backends: '" + raw.trim() + "' matches no available backend; allowed: all, "
                        + String.join(", ", all.stream().map(BenchBackend::label).toList())
                        + (all.size() > 1 ? ", opencl" : " (no fp64 OpenCL device found)"));
            }
            for (BenchBackend b : matched) {
                if (!out.contains(b)) {
                    out.add(b);
                }
            }
        }
        return out;
    }

    /** e.g. {@code opencl:0 (pthread-Intel(R) Xeon(R) ..., CPU)}. */
    public String describe() {
        return label + " (" + device.name() + ", " + device.type() + ", " + device.platform() + ")";
    }
}
