package org.leapfrog.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.runtime.opencl.OpenClBackend;
import org.leapfrog.runtime.opencl.OpenClDevices;

/** Opens backends and lists devices. Library code never prints: notices go to the caller's consumer. */
public final class Backends {
    private Backends() {
    }

    /** Every backend's devices: the Java backend first, then each OpenCL device in index order. */
    public static List<DeviceInfo> listDevices() {
        List<DeviceInfo> all = new ArrayList<>();
        all.add(JavaBackend.describe(JavaBackend.defaultThreads()));
        all.addAll(OpenClDevices.scan().devices());
        return all;
    }

    /** Opens the backend described by the request, resolved as {@link BackendRequest#resolve} does. */
    public static Backend open(String explicitBackend, Integer explicitDevice, Consumer<String> notices) {
        return open(BackendRequest.resolve(explicitBackend, explicitDevice), notices);
    }

    /**
     * Opens a backend. {@code auto} takes the requested OpenCL device, or the best fp64-capable one, and falls
     * back to Java with one notice when there is none (also when libOpenCL itself is missing).
     */
    public static Backend open(BackendRequest request, Consumer<String> notices) {
        return open(request, notices, OpenClDevices::scan);
    }

    /** {@link #open(BackendRequest, Consumer)} with the device scan supplied (tests simulate a machine without OpenCL). */
    static Backend open(BackendRequest request, Consumer<String> notices, Supplier<OpenClDevices.Scan> scanner) {
        switch (request.kind()) {
            case JAVA:
                return new JavaBackend(JavaBackend.defaultThreads());
            case OPENCL: {
                OpenClDevices.Scan scan = scanner.get();
                if (scan.devices().isEmpty()) {
                    throw new IllegalStateException("backend: opencl was requested but no OpenCL device is available ("
                            + scan.problem() + "); install an OpenCL driver (e.g. Debian pocl-opencl-icd) or use --backend java");
                }
                return new OpenClBackend(pick(scan, request.device()));
            }
            default: {
                OpenClDevices.Scan scan = scanner.get();
                if (request.device() >= 0) {
                    return new OpenClBackend(pick(scan, request.device()));
                }
                DeviceInfo best = best(scan.devices());
                if (best == null) {
                    notices.accept("leapfrog: no usable OpenCL device (" + (scan.devices().isEmpty() ? scan.problem()
                            : "none supports fp64") + "); using the java backend");
                    return new JavaBackend(JavaBackend.defaultThreads());
                }
                return new OpenClBackend(best);
            }
        }
    }

    private static DeviceInfo pick(OpenClDevices.Scan scan, int index) {
        List<DeviceInfo> devices = scan.devices();
        if (index < 0) {
            DeviceInfo best = best(devices);
            return best != null ? best : devices.get(0);
        }
        if (index >= devices.size()) {
            StringBuilder sb = new StringBuilder("device: index " + index + " is out of range; ");
            if (devices.isEmpty()) {
                sb.append("no OpenCL device was found (").append(scan.problem()).append(')');
            } else {
                sb.append("allowed: 0 to ").append(devices.size() - 1).append(" (");
                for (DeviceInfo d : devices) {
                    sb.append(d.index()).append(" = ").append(d.name()).append(d.index() < devices.size() - 1 ? ", " : ")");
                }
            }
            throw new IllegalArgumentException(sb.toString());
        }
        return devices.get(index);
    }

    /** GPUs before accelerators before CPUs, then more compute units; only fp64-capable devices. */
    static DeviceInfo best(List<DeviceInfo> devices) {
        return devices.stream().filter(DeviceInfo::fp64)
                .max(Comparator.comparingInt((DeviceInfo d) -> typeRank(d.type()))
                        .thenComparingInt(DeviceInfo::computeUnits)
                        .thenComparing(Comparator.comparingInt(DeviceInfo::index).reversed()))
                .orElse(null);
    }

    private static int typeRank(String type) {
        switch (type) {
            case "GPU":
                return 3;
            case "ACCELERATOR":
                return 2;
            case "CPU":
                return 1;
            default:
                return 0;
        }
    }
}
