package org.leapfrog.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Shard boundaries and the command line's checks that need no Spark session. */
class ShardPlanTest {
    @Test
    void shardsAreContiguousAndBalanced() {
        assertArrayEquals(new int[] {0, 3, 6, 8, 10}, ShardPlan.bounds(10, 4));
        assertArrayEquals(new int[] {0, 7}, ShardPlan.bounds(7, 1));
        assertArrayEquals(new int[] {0, 1, 2, 3}, ShardPlan.bounds(3, 3));
    }

    @Test
    void badShardCountsNameTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShardPlan.bounds(5, 6));
        assertEquals("--shards: 6; allowed: 1 to --chains (5)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ShardPlan.bounds(5, 0));
    }

    @Test
    void theCommandRejectsBadInputInOneLine() {
        CommandLine cl = LeapfrogSpark.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute("sample", "--target", "normal", "--dim", "2", "--chains", "4", "--shards", "9");
        assertEquals(2, rc);
        assertTrue(err.toString().startsWith("leapfrog-spark: --shards: 9; allowed: 1 to --chains (4)"), err.toString());
        err.getBuffer().setLength(0);
        rc = cl.execute("sample", "--target", "normal", "--dim", "2", "--sampler", "his", "--shards", "2");
        assertEquals(2, rc);
        assertTrue(err.toString().contains("--sampler: 'his'; allowed on Spark: hmc, mala"), err.toString());
    }
}
