package org.leapfrog.runtime;

import java.util.Map;

/**
 * What the user asked for: a backend kind and optionally an OpenCL device index. Resolved from, in order of
 * precedence, an explicit option, the system property ({@value #BACKEND_PROPERTY}, {@value #DEVICE_PROPERTY}),
 * the environment ({@value #BACKEND_ENV}, {@value #DEVICE_ENV}), and the default (auto, best device).
 *
 * @param kind   the backend kind
 * @param device the OpenCL device index, or -1 for "the best one"
 */
public record BackendRequest(BackendKind kind, int device) {
    public static final String BACKEND_PROPERTY = "leapfrog.backend";
    public static final String DEVICE_PROPERTY = "leapfrog.device";
    public static final String BACKEND_ENV = "LEAPFROG_BACKEND";
    public static final String DEVICE_ENV = "LEAPFROG_DEVICE";

    public BackendRequest {
        if (device < -1) {
            throw new IllegalArgumentException("device: index " + device + " is negative; allowed: 0 or more");
        }
        if (kind == BackendKind.JAVA && device >= 0) {
            throw new IllegalArgumentException("device: index " + device
                    + " was given with the java backend, which has no devices; use --backend opencl or auto");
        }
    }

    public static BackendRequest auto() {
        return new BackendRequest(BackendKind.AUTO, -1);
    }

    /**
     * Resolves the request. {@code explicitBackend} and {@code explicitDevice} may be null (not given).
     */
    public static BackendRequest resolve(String explicitBackend, Integer explicitDevice) {
        return resolve(explicitBackend, explicitDevice, System.getProperties(), System.getenv());
    }

    static BackendRequest resolve(String explicitBackend, Integer explicitDevice,
                                  java.util.Properties props, Map<String, String> env) {
        BackendKind kind = BackendKind.AUTO;
        if (explicitBackend != null) {
            kind = BackendKind.parse(explicitBackend, "--backend");
        } else if (props.getProperty(BACKEND_PROPERTY) != null) {
            kind = BackendKind.parse(props.getProperty(BACKEND_PROPERTY), BACKEND_PROPERTY);
        } else if (env.get(BACKEND_ENV) != null && !env.get(BACKEND_ENV).isBlank()) {
            kind = BackendKind.parse(env.get(BACKEND_ENV), BACKEND_ENV);
        }
        int device = -1;
        if (explicitDevice != null) {
            device = explicitDevice;
        } else if (props.getProperty(DEVICE_PROPERTY) != null) {
            device = parseIndex(props.getProperty(DEVICE_PROPERTY), DEVICE_PROPERTY);
        } else if (env.get(DEVICE_ENV) != null && !env.get(DEVICE_ENV).isBlank()) {
            device = parseIndex(env.get(DEVICE_ENV), DEVICE_ENV);
        }
        return new BackendRequest(kind, device);
    }

    private static int parseIndex(String text, String parameter) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(parameter + ": '" + text + "' is not a device index; allowed: 0 or more");
        }
    }
}
