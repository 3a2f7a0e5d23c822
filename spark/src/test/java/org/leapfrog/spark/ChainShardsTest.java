package org.leapfrog.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leapfrog.bench.sample.SampleJob;
import org.leapfrog.bench.sample.SampleOptions;
import org.leapfrog.samplers.Precision;

/**
 * Chain shards on Spark (local[2], task retries on) against {@code leapfrog sample} in one process with the same
 * options: kept draws, summary table, per-chain moments and counts equal bit for bit for 1, 2 and 7 shards, with
 * window adaptation (default options) and without it; a shard whose first attempt fails half-way is retried
 * and changes nothing.
 */
class ChainShardsTest {
    private static SparkSession spark;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkTestSessions.local("local[2,2]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Default sample options (diag window adaptation, jitter 0.5) on a small problem, Java backend. */
    private static SampleOptions adapted(Path out) {
        return new SampleOptions("normal", null, 3, "hmc", "java", null, 61, 120, 40, 1, 6, null, 20181203L, out, 5,
                false, 0, 0.5, true, "diag", 0.5, null, null, null, Precision.FLOAT64);
    }

    /** MALA without adaptation, thinned: warmup then runs inside the shards. */
    private static SampleOptions fixed(Path out) {
        return new SampleOptions("funnel3", null, null, "mala", "java", null, 50, 30, 25, 2, 1, 0.2, 7L, out, 4,
                false, 0, 0.5, false, "diag", 0.3, null, null, null, Precision.FLOAT64);
    }

    @Test
    void shardsEqualTheSingleProcessRunWithAdaptation() throws IOException {
        Path plain = tmp.resolve("adapt-plain");
        runPlain(adapted(plain));
        for (int shards : new int[] {1, 2, 7}) {
            Path dir = tmp.resolve("adapt-" + shards);
            ShardedRun run = new ChainShards(spark).run(adapted(dir), shards);
            run.write(dir, new PrintWriter(new StringWriter()));
            assertSameOutputs(plain, dir, 5, shards + " shards");
            assertEquals(shards, run.shardCount());
        }
    }

    @Test
    void shardsEqualTheSingleProcessRunWithoutAdaptation() throws IOException {
        Path plain = tmp.resolve("fixed-plain");
        runPlain(fixed(plain));
        Path dir = tmp.resolve("fixed-7");
        new ChainShards(spark).run(fixed(dir), 7).write(dir, new PrintWriter(new StringWriter()));
        assertSameOutputs(plain, dir, 4, "mala, 7 shards");
    }

    @Test
    void aShardFailingItsFirstAttemptIsRetriedWithTheSameResult() throws IOException {
        Path plain = tmp.resolve("fault-plain");
        runPlain(adapted(plain));
        Path dir = tmp.resolve("fault-2");
        ShardedRun run = new ChainShards(spark).withInjectedFailure(1).run(adapted(dir), 2);
        run.write(dir, new PrintWriter(new StringWriter()));
        assertArrayEquals(new int[] {0, 1}, run.attempts(), "shard 1 must have been retried once");
        assertSameOutputs(plain, dir, 5, "retried shard");
    }

    private static void runPlain(SampleOptions o) {
        StringWriter sink = new StringWriter();
        assertEquals(0, new SampleJob(o, new PrintWriter(sink), new PrintWriter(sink), false).run());
    }

    private static void assertSameOutputs(Path plain, Path sharded, int kept, String what) throws IOException {
        for (int c = 1; c <= kept; c++) {
            List<String> a = rows(plain.resolve("chain-" + c + ".csv"));
            List<String> b = rows(sharded.resolve("chain-" + c + ".csv"));
            assertTrue(a.size() > 10, "chain " + c + " has draws");
            assertEquals(a, b, what + ": chain " + c + " draws differ");
        }
        assertEquals(Files.readString(plain.resolve("summary.csv")), Files.readString(sharded.resolve("summary.csv")),
                what + ": summary.csv differs");
        ObjectMapper m = new ObjectMapper();
        JsonNode p = m.readTree(plain.resolve("summary.json").toFile());
        JsonNode s = m.readTree(sharded.resolve("summary.json").toFile());
        assertEquals(p.get("all_chains"), s.get("all_chains"), what + ": all-chain moments differ");
        assertEquals(p.get("settings"), s.get("settings"), what + ": settings differ");
        assertEquals(p.get("run").get("divergences"), s.get("run").get("divergences"), what + ": divergences");
        assertEquals(p.get("run").get("gradient_evaluations"), s.get("run").get("gradient_evaluations"),
                what + ": gradient evaluations");
        assertEquals(p.get("run").get("mean_acceptance").asDouble(), s.get("run").get("mean_acceptance").asDouble(),
                1e-12, what + ": mean acceptance (same terms, summed in another order)");
    }

    /** The draws of a CmdStan CSV file: every line but the '#' comments (whose backend/device lines may differ). */
    private static List<String> rows(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).collect(Collectors.toList());
    }
}
