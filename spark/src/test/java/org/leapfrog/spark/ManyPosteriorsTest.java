package org.leapfrog.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000 per-group logistic regressions of German-credit width (24 features plus intercept, 25 coefficients),
 * one deliberately broken: a row per (group, coefficient), the broken group's error row, Parquet and CSV
 * output, and results independent of partitioning (a group fitted alone equals its Spark rows).
 */
class ManyPosteriorsTest {
    private static final int GROUPS = 1000;
    private static final int BROKEN = 537;
    private static final int FEATURES = 24;
    /** Small groups: 20 rows each (20,000 rows in all), so 1,000 fits stay a CI-sized test. */
    private static final int ROWS = 20;
    private static SparkSession spark;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkTestSessions.local("local[2]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static PosteriorSettings settings() {
        return new PosteriorSettings(4, 40, 40, 4, 0.1, 11L, "diag", 0.5, "java", 1);
    }

    @Test
    void thousandGroupsFinishWithARowEachAndTheBrokenGroupReportsItsError() {
        Dataset<Row> problems = ManyPosteriors.syntheticGroups(spark, GROUPS, ROWS, FEATURES, 3L, BROKEN, 8);
        ManyPosteriors job = new ManyPosteriors(settings());
        Dataset<Row> summaries = job.summarise(problems);
        ManyPosteriors.write(summaries, tmp);
        Dataset<Row> back = spark.read().parquet(tmp.resolve("summaries.parquet").toString());
        List<Row> rows = back.collectAsList();
        assertEquals((GROUPS - 1) * (FEATURES + 1) + 1, rows.size(), "a row per coefficient, one for the broken group");
        Map<String, List<Row>> byGroup = rows.stream().collect(Collectors.groupingBy(r -> r.getAs("problem_id")));
        assertEquals(GROUPS, byGroup.size());
        List<Row> broken = byGroup.get(String.format("g%05d", BROKEN));
        assertEquals(1, broken.size());
        String error = broken.get(0).getAs("error");
        assertTrue(error != null && error.contains("features[") && error.contains("NaN"), "error: " + error);
        double[] rhat = rows.stream().filter(r -> r.getAs("error") == null)
                .mapToDouble(r -> r.<Double>getAs("rhat")).sorted().toArray();
        for (Row r : rows) {
            if (r.getAs("error") == null) {
                assertTrue(r.<Double>getAs("step_size") > 0 && r.<Double>getAs("inv_metric") > 0, r.toString());
                assertTrue(r.<Double>getAs("ess_bulk") > 0 && Double.isFinite(r.<Double>getAs("sd")), r.toString());
            }
        }
        // The chains mix: with 4 chains of 40 draws after a 40-iteration warmup the median split R-hat is about
        // 1.05 and the 99th percentile about 1.2 here; chains that did not move from their spread-out starts
        // (a broken kernel or adaptation) give R-hat far above 1.5.
        assertTrue(rhat[rhat.length / 2] < 1.1, "median R-hat " + rhat[rhat.length / 2]);
        assertTrue(rhat[(int) (rhat.length * 0.99)] < 1.5, "99th percentile R-hat " + rhat[(int) (rhat.length * 0.99)]);
        long csvRows = spark.read().option("header", "true").csv(tmp.resolve("summaries.csv").toString()).count();
        assertEquals(rows.size(), csvRows, "CSV holds the same rows");
    }

    @Test
    void aGroupFittedAloneEqualsItsRowsFromSpark() {
        Dataset<Row> problems = ManyPosteriors.syntheticGroups(spark, 12, ROWS, FEATURES, 5L, -1, 3);
        List<Row> spark3 = new ManyPosteriors(settings()).summarise(problems).collectAsList();
        Row problem = problems.filter("problem_id = 'g00007'").collectAsList().get(0);
        List<Row> alone = PosteriorFit.fit("g00007", problem, ProblemTarget.logisticRegression(), settings());
        List<Row> fromSpark = spark3.stream().filter(r -> r.getAs("problem_id").equals("g00007"))
                .collect(Collectors.toList());
        assertEquals(FEATURES + 1, alone.size());
        for (int k = 0; k < alone.size(); k++) {
            for (String col : new String[] {"mean", "sd", "q5", "q50", "q95", "ess_bulk", "ess_tail", "rhat",
                "step_size", "inv_metric", "divergences", "mean_accept"}) {
                int i = ManyPosteriors.SUMMARY_SCHEMA.fieldIndex(col);
                assertEquals(alone.get(k).get(i), fromSpark.get(k).get(i), col + " of " + alone.get(k).get(1));
            }
            assertNull(fromSpark.get(k).getAs("error"));
        }
        assertTrue(Arrays.stream(problems.columns()).anyMatch("features"::equals));
    }
}
