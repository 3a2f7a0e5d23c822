package org.leapfrog.samplers.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The version the build recorded is what the library reports (never null or an unfilled placeholder). */
class LeapfrogVersionTest {
    @Test
    void reportsTheProjectVersionFromTheBuild() throws IOException {
        LeapfrogVersion v = LeapfrogVersion.current();
        // The module's POM (the tests run in its directory) names the version in its parent element.
        Matcher m = Pattern.compile("<version>([^<]+)</version>").matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(m.find());
        assertEquals(m.group(1), v.version());
        assertTrue(v.commit().matches("unknown|[0-9A-Za-z._-]+"), v.commit());
        assertTrue(v.toString().startsWith(v.version()), v.toString());
    }
}
