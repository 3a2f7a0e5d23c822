package org.leapfrog.runtime;

import java.util.Locale;

/** The backends a user can ask for; {@link #AUTO} takes the best OpenCL device, else Java. */
public enum BackendKind {
    AUTO, JAVA, OPENCL;

    /** Parses a user-supplied name (case-insensitive); an unknown name is an error naming the allowed ones. */
    public static BackendKind parse(String name, String parameter) {
        if (name != null) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            for (BackendKind k : values()) {
                if (k.label().equals(n)) {
                    return k;
                }
            }
        }
        throw new IllegalArgumentException(parameter + ": unknown backend '" + name
                + "'; allowed: auto, java, opencl");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
