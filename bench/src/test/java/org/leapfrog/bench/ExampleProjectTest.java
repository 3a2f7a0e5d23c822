package org.leapfrog.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** examples/library-project (built and run by .ci/run) depends on the version this checkout builds. */
class ExampleProjectTest {
    @Test
    void theExampleDependsOnThisCheckoutsVersion() throws IOException {
        Matcher project = Pattern.compile("<artifactId>leapfrog-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("..", "pom.xml")));
        Matcher example = Pattern.compile("<leapfrog.version>([^<]+)</leapfrog.version>")
                .matcher(Files.readString(Path.of("..", "examples", "library-project", "pom.xml")));
        assertTrue(project.find() && example.find());
        assertEquals(project.group(1), example.group(1));
    }
}
