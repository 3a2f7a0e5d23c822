package org.leapfrog.bench.cli;

import org.leapfrog.samplers.output.LeapfrogVersion;
import picocli.CommandLine;

/** Reports the version and git commit the build recorded (see {@link LeapfrogVersion}). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"leapfrog " + LeapfrogVersion.current()};
    }
}
