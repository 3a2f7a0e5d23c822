package org.leapfrog.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Many independent posteriors at once: a Dataset of problems (one row each, with a string {@code problem_id})
 * becomes a Dataset of summaries, each problem a batch of chains sampled in the task that holds its row.
 *
 * <p>Summary rows ({@link #SUMMARY_SCHEMA}): one per (problem, parameter) with mean, sd, quantiles, MCSE,
 * bulk/tail ESS and R-hat over the problem's chains, the problem's divergences and mean acceptance, its adapted
 * step size and this parameter's diagonal entry of the adapted inverse metric; a problem that fails yields one
 * row with {@code parameter} null and the {@code error} message, and the other problems finish.
 */
public final class ManyPosteriors {
    /** The default problems: per-group logistic regressions. */
    public static final StructType PROBLEM_SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("problem_id", DataTypes.StringType, false),
        DataTypes.createStructField("features", DataTypes.createArrayType(DataTypes.DoubleType, false), true),
        DataTypes.createStructField("labels", DataTypes.createArrayType(DataTypes.DoubleType, false), true)});

    public static final StructType SUMMARY_SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("problem_id", DataTypes.StringType, false),
        DataTypes.createStructField("parameter", DataTypes.StringType, true),
        DataTypes.createStructField("mean", DataTypes.DoubleType, true),
        DataTypes.createStructField("sd", DataTypes.DoubleType, true),
        DataTypes.createStructField("q5", DataTypes.DoubleType, true),
        DataTypes.createStructField("q50", DataTypes.DoubleType, true),
        DataTypes.createStructField("q95", DataTypes.DoubleType, true),
        DataTypes.createStructField("mcse_mean", DataTypes.DoubleType, true),
        DataTypes.createStructField("ess_bulk", DataTypes.DoubleType, true),
        DataTypes.createStructField("ess_tail", DataTypes.DoubleType, true),
        DataTypes.createStructField("rhat", DataTypes.DoubleType, true),
        DataTypes.createStructField("divergences", DataTypes.LongType, true),
        DataTypes.createStructField("mean_accept", DataTypes.DoubleType, true),
        DataTypes.createStructField("step_size", DataTypes.DoubleType, true),
        DataTypes.createStructField("inv_metric", DataTypes.DoubleType, true),
        DataTypes.createStructField("chains", DataTypes.IntegerType, false),
        DataTypes.createStructField("draws", DataTypes.IntegerType, false),
        DataTypes.createStructField("seconds", DataTypes.DoubleType, false),
        DataTypes.createStructField("error", DataTypes.StringType, true)});

    private final PosteriorSettings settings;
    private final ProblemTarget targets;

    /** Per-group logistic regressions ({@link ProblemTarget#logisticRegression()}). */
    public ManyPosteriors(PosteriorSettings settings) {
        this(settings, ProblemTarget.logisticRegression());
    }

    /** Problems whose target {@code targets} builds from their row (any columns besides {@code problem_id}). */
    public ManyPosteriors(PosteriorSettings settings, ProblemTarget targets) {
        if (settings == null || targets == null) {
            throw new IllegalArgumentException("settings/targets: null; allowed: PosteriorSettings and a ProblemTarget");
        }
        this.settings = settings;
        this.targets = targets;
    }

    /** The summaries of every problem (lazy: nothing runs until the Dataset is written or collected). */
    public Dataset<Row> summarise(Dataset<Row> problems) {
        if (!List.of(problems.columns()).contains("problem_id")) {
            throw new IllegalArgumentException("problems: no column 'problem_id'; allowed: a Dataset with a string "
                    + "problem_id column and the columns its ProblemTarget reads");
        }
        PosteriorSettings s = settings;
        ProblemTarget t = targets;
        FlatMapFunction<Row, Row> fit = row -> {
            Object id = row.get(row.fieldIndex("problem_id"));
            return PosteriorFit.fit(String.valueOf(id), row, t, s).iterator();
        };
        return problems.flatMap(fit, Encoders.row(SUMMARY_SCHEMA));
    }

    /** Writes summaries as Parquet ({@code dir/summaries.parquet}) and CSV with a header ({@code dir/summaries.csv}). */
    public static void write(Dataset<Row> summaries, Path dir) {
        Dataset<Row> cached = summaries.cache(); // sampled once, written twice
        cached.write().mode(SaveMode.Overwrite).parquet(dir.resolve("summaries.parquet").toString());
        cached.coalesce(1).write().mode(SaveMode.Overwrite).option("header", "true")
                .csv(dir.resolve("summaries.csv").toString());
        cached.unpersist();
    }

    /**
     * Synthetic per-group logistic regressions: {@code groups} problems of {@code rows} rows and {@code features}
     * standard-normal features, labels from a logistic model with group-specific coefficients; group
     * {@code brokenGroup} (or none if negative) gets a NaN feature, so that its row reports an error.
     */
    public static Dataset<Row> syntheticGroups(SparkSession spark, int groups, int rows, int features, long seed,
                                               int brokenGroup, int partitions) {
        if (groups < 1 || rows < 2 || features < 1 || partitions < 1) {
            throw new IllegalArgumentException("groups " + groups + ", rows " + rows + ", features " + features
                    + ", partitions " + partitions + "; allowed: groups >= 1, rows >= 2, features >= 1, partitions >= 1");
        }
        List<Row> out = new ArrayList<>(groups);
        for (int g = 0; g < groups; g++) {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + g);
            double[] beta = new double[features];
            for (int j = 0; j < features; j++) {
                beta[j] = 0.5 * gaussian(r);
            }
            List<Double> x = new ArrayList<>(rows * features);
            List<Double> y = new ArrayList<>(rows);
            for (int i = 0; i < rows; i++) {
                double z = 0.3 * gaussian(r);
                for (int j = 0; j < features; j++) {
                    double v = gaussian(r);
                    x.add(v);
                    z += beta[j] * v;
                }
                y.add(r.nextDouble() < 1.0 / (1.0 + Math.exp(-z)) ? 1.0 : 0.0);
            }
            if (g == brokenGroup) {
                x.set(features / 2, Double.NaN);
            }
            out.add(RowFactory.create(String.format("g%05d", g), x, y));
        }
        return spark.createDataFrame(out, PROBLEM_SCHEMA).repartition(partitions);
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller from two uniforms in (0, 1].
        double u = 1.0 - r.nextDouble(), v = r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }
}
