package org.leapfrog.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads OpenCL C sources from the classpath. */
public final class KernelSources {
    private KernelSources() {
    }

    /** The text of one classpath resource; a missing resource is an error naming it. */
    public static String load(String resource) {
        try (InputStream in = KernelSources.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("kernel source not found on the classpath: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel source " + resource, e);
        }
    }

    /**
     * The full program text of a kernel: the generated shared constants ({@link KernelConstants#header()}),
     * its resources in order, then its extra source.
     */
    public static String programText(KernelDef def) {
        StringBuilder sb = new StringBuilder(KernelConstants.header());
        for (String r : def.resources()) {
            sb.append(load(r));
            if (sb.charAt(sb.length() - 1) != '\n') {
                sb.append('\n');
            }
        }
        sb.append(def.extraSource());
        return sb.toString();
    }
}
