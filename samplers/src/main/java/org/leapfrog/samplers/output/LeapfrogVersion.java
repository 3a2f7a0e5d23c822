package org.leapfrog.samplers.output;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The library's version and the git commit it was built from, for output headers and {@code --version}. The
 * version comes from the package's jar manifest (Implementation-Version); outside a jar (tests, IDEs) from a
 * resource the build fills in. The commit is "unknown" when the build ran outside a git checkout.
 */
public final class LeapfrogVersion {
    private static final String RESOURCE = "leapfrog-version.properties";
    private static final LeapfrogVersion CURRENT = load();

    private final String version;
    private final String commit;

    private LeapfrogVersion(String version, String commit) {
        this.version = version;
        this.commit = commit;
    }

    /** The version of the Leapfrog classes on the class path. */
    public static LeapfrogVersion current() {
        return CURRENT;
    }

    /** The project version, such as "0.1.0-SNAPSHOT". */
    public String version() {
        return version;
    }

    /** {@code git describe --always --dirty} of the build (a commit id, "-dirty" with uncommitted changes), or "unknown". */
    public String commit() {
        return commit;
    }

    /** "0.1.0-SNAPSHOT (git 4e24715abcde)", or just the version when the commit is unknown. */
    @Override
    public String toString() {
        return commit.equals("unknown") ? version : version + " (git " + commit + ")";
    }

    private static LeapfrogVersion load() {
        Properties p = new Properties();
        try (InputStream in = LeapfrogVersion.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the resource " + RESOURCE, e);
        }
        String manifest = LeapfrogVersion.class.getPackage().getImplementationVersion();
        String version = manifest != null ? manifest : filled(p.getProperty("version"));
        return new LeapfrogVersion(version, filled(p.getProperty("commit")));
    }

    /** A value the build filled in, or "unknown" (no resource, or a build that skipped filtering). */
    private static String filled(String value) {
        return value == null || value.isBlank() || value.contains("${") ? "unknown" : value.strip();
    }
}
