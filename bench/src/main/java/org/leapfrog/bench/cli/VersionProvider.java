package org.leapfrog.bench.cli;

import picocli.CommandLine;

/** Reports the version from the jar manifest (or "development" when run from classes). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = LeapfrogCommand.class.getPackage().getImplementationVersion();
        return new String[] {"leapfrog " + (v == null ? "development build" : v)};
    }
}
