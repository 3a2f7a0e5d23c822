package org.leapfrog.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The C/OpenMP reference builds from the jar's resources and its output line parses. Needs gcc. */
class CReferencePeerTest {
    @TempDir
    Path dir;

    @Test
    void icgReferenceBuildsRunsAndReportsItsRate() {
        assumeTrue(gccPresent(), "gcc is not installed");
        CReferencePeer peer = CReferencePeer.forWorkload("icg50").orElseThrow();
        Optional<String> problem = peer.build(dir);
        assertTrue(problem.isEmpty(), problem.orElse(""));
        CReferencePeer.PeerRun r = peer.run(64, 3, 0.18, 60);
        assertEquals(64, r.chains());
        assertTrue(r.gradEvalsPerSecond() > 0 && r.seconds() > 0, r.line());
        // 64 chains x 10 leapfrog steps x 3 iterations, as the reference counts them
        // both numbers are printed with 3 significant digits, so they agree to about 1%
        double expected = 64 * 10 * 3 / r.seconds();
        assertEquals(expected, r.gradEvalsPerSecond(), 0.02 * expected);
        assertTrue(r.acceptRate() > 0 && r.acceptRate() <= 1, r.line());
        assertThrows(IllegalArgumentException.class, () -> peer.run(100, 1, 0.18, 60));
    }

    @Test
    void onlyTheStandardWorkloadsHaveReferences() {
        assertTrue(CReferencePeer.forWorkload("icg50").isPresent());
        assertTrue(CReferencePeer.forWorkload("german").isPresent());
        assertTrue(CReferencePeer.forWorkload("scg").isEmpty());
    }

    private static boolean gccPresent() {
        try {
            return new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
