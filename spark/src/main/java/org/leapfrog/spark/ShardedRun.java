package org.leapfrog.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leapfrog.bench.sample.SampleOptions;
import org.leapfrog.bench.sample.TargetResolver;
import org.leapfrog.samplers.diagnostics.OnlineMoments;
import org.leapfrog.samplers.output.CmdStanCsv;
import org.leapfrog.samplers.output.CmdStanCsvSink;
import org.leapfrog.samplers.output.DrawBatch;
import org.leapfrog.samplers.output.LeapfrogVersion;
import org.leapfrog.samplers.output.SummaryTable;
import org.leapfrog.samplers.target.Target;

/**
 * A sharded run merged on the driver in shard order, which is chain order: the per-chain online moments of all
 * chains, the kept draws of the written chains, and the run's totals. {@link #write} produces the files of
 * {@code leapfrog sample}: {@code chain-<k>.csv}, {@code summary.csv} (from the CSV files, as {@code sample}
 * computes it) and {@code summary.json}.
 *
 * <p>Equal to the single-process run bit for bit: every draw, the per-chain moments and so the all-chain mean
 * and sd, the summary table, gradient and divergence counts. The mean acceptance sums the same terms in another
 * order (per shard, then across shards), so it may differ from the single process's in the last bits.
 */
public final class ShardedRun {
    private final SampleSpec spec;
    private final TunedState tuned;
    private final List<ShardResult> shards;
    private final double wallSeconds;
    private final int chains;
    private final int dimension;
    private final int kept;
    private final OnlineMoments moments;

    ShardedRun(SampleSpec spec, TunedState tuned, List<ShardResult> shards, double wallSeconds) {
        this.spec = spec;
        this.tuned = tuned;
        this.shards = List.copyOf(shards);
        this.wallSeconds = wallSeconds;
        this.chains = spec.chains();
        this.dimension = shards.get(0).dimension();
        this.kept = spec.keepChains();
        this.moments = mergeMoments();
    }

    /** Per-chain moments side by side: chain-minor arrays of all chains from the shards' chain-minor arrays. */
    private OnlineMoments mergeMoments() {
        double[] means = new double[dimension * chains], m2 = new double[dimension * chains];
        long count = shards.get(0).momentCount();
        for (ShardResult r : shards) {
            if (r.momentCount() != count) {
                throw new IllegalStateException("shard " + r.shard() + " kept " + r.momentCount() + " draws, shard 0 "
                        + count);
            }
            for (int d = 0; d < dimension; d++) {
                System.arraycopy(r.means(), d * r.chains(), means, d * chains + r.offset(), r.chains());
                System.arraycopy(r.sumsOfSquares(), d * r.chains(), m2, d * chains + r.offset(), r.chains());
            }
        }
        return OnlineMoments.restore(chains, dimension, count, means, m2);
    }

    /** Online moments of every chain (as {@code sample} keeps them). */
    public OnlineMoments moments() {
        return moments;
    }

    public int shardCount() {
        return shards.size();
    }

    /** Attempts Spark made of each shard's task before it succeeded (0 = first attempt). */
    public int[] attempts() {
        return shards.stream().mapToInt(ShardResult::attempt).toArray();
    }

    /** Adapted (or fixed) step sizes, one per coordinate. */
    public double[] stepSize() {
        return tuned.stepSize().clone();
    }

    /** The metric's inverse mass: empty (unit), the diagonal, or row-major d x d (dense). */
    public double[] inverseMass() {
        return tuned.inverseMass().clone();
    }

    public long divergences() {
        return shards.stream().mapToLong(ShardResult::divergences).sum();
    }

    /** Mean acceptance statistic over all chains and kept draws. */
    public double meanAcceptance() {
        double sum = 0;
        long n = 0;
        for (ShardResult r : shards) {
            sum += r.acceptSum();
            n += r.acceptCount();
        }
        return sum / n;
    }

    /** Gradient evaluations of the whole run: warmup's, then every shard's (each counts its initialisation). */
    public long gradientEvaluations() {
        return tuned.gradients() + shards.stream().mapToLong(ShardResult::gradients).sum();
    }

    /** Driver wall time from the start of the job to the collected shards. */
    public double wallSeconds() {
        return wallSeconds;
    }

    /**
     * Kept draws of written chain {@code chain}, coordinate {@code coordinate}, one per draw (chains below
     * {@code keepChains} only).
     */
    public double[] keptDraws(int chain, int coordinate) {
        if (chain < 0 || chain >= kept) {
            throw new IllegalArgumentException("chain: " + chain + "; allowed: 0 to keep-chains - 1 (" + (kept - 1) + ")");
        }
        ShardResult r = shardOf(chain);
        int j = chain - r.offset(), k = r.keptChains();
        double[] out = new double[spec.draws()];
        for (int t = 0; t < out.length; t++) {
            out[t] = r.keptPosition()[(t * dimension + coordinate) * k + j];
        }
        return out;
    }

    private ShardResult shardOf(int chain) {
        for (ShardResult r : shards) {
            if (chain >= r.offset() && chain < r.offset() + r.chains()) {
                return r;
            }
        }
        throw new IllegalArgumentException("chain: " + chain + "; allowed: 0 to " + (chains - 1));
    }

    /**
     * Writes {@code chain-<k>.csv} for the written chains, {@code summary.csv} and {@code summary.json} into
     * {@code dir}, and prints the summary table and the run's figures to {@code out}.
     */
    public void write(Path dir, PrintWriter out) {
        SampleOptions o = spec.options();
        Target target = TargetResolver.resolve(o);
        List<String> names = target.parameterNames();
        Map<String, String> identity = o.identity(target.name(), Warmup.initialStepSize(o, target));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        SummaryTable table = null;
        int[] keptIdx = new int[kept];
        Arrays.setAll(keptIdx, i -> i);
        if (kept > 0) {
            writeChains(dir, names, identity, keptIdx);
            table = SummaryTable.ofCsv(CmdStanCsv.readChains(dir, keptIdx), names);
            table.writeCsv(dir.resolve("summary.csv"));
            out.println(table.format());
        }
        ShardResult first = shards.get(0);
        out.printf("chains %d (%d written) in %d shards, draws %d, backend %s (%s)%n", chains, kept, shards.size(),
                spec.draws(), first.backend(), first.device());
        out.printf("mean acceptance %.3f, divergences %d (kept draws); gradient evaluations %d; wall %.3f s%n",
                meanAcceptance(), divergences(), gradientEvaluations(), wallSeconds);
        out.printf("wrote %s%n", dir.resolve("summary.json"));
        out.flush();
        writeJson(dir.resolve("summary.json"), table, identity, names);
    }

    /** The written chains' CSV files, draw by draw, through the sink {@code sample} writes them with. */
    private void writeChains(Path dir, List<String> names, Map<String, String> identity, int[] keptIdx) {
        Map<String, String> settings = new LinkedHashMap<>(identity);
        settings.put("backend", shards.get(0).backend());
        settings.put("device", shards.get(0).device());
        double[] stepSizes = new double[kept];
        Arrays.fill(stepSizes, tuned.stepSize()[0]);
        int[] steps = new int[kept];
        Arrays.fill(steps, tuned.steps());
        DrawBatch batch = new DrawBatch(kept, dimension, new double[dimension * kept], new double[kept],
                new double[kept], stepSizes, steps, new byte[kept], new double[kept]);
        try (CmdStanCsvSink sink = new CmdStanCsvSink(dir, kept, keptIdx, names, settings)) {
            for (int t = 0; t < spec.draws(); t++) {
                for (ShardResult r : shards) {
                    int k = r.keptChains();
                    if (k == 0) {
                        continue;
                    }
                    for (int d = 0; d < dimension; d++) {
                        System.arraycopy(r.keptPosition(), (t * dimension + d) * k, batch.position(),
                                d * kept + r.offset(), k);
                    }
                    System.arraycopy(r.keptLogDensity(), t * k, batch.logDensity(), r.offset(), k);
                    System.arraycopy(r.keptAcceptStat(), t * k, batch.acceptStat(), r.offset(), k);
                    System.arraycopy(r.keptDivergent(), t * k, batch.divergent(), r.offset(), k);
                    System.arraycopy(r.keptEnergy(), t * k, batch.energy(), r.offset(), k);
                }
                sink.accept(t, batch);
            }
        }
    }

    private void writeJson(Path path, SummaryTable table, Map<String, String> identity, List<String> names) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try {
            ObjectNode root = table != null ? (ObjectNode) mapper.readTree(table.toJson()) : mapper.createObjectNode();
            ObjectNode settings = root.putObject("settings");
            identity.forEach(settings::put);
            ObjectNode run = root.putObject("run");
            run.put("leapfrog_version", LeapfrogVersion.current().toString());
            run.put("backend", shards.get(0).backend());
            run.put("device", shards.get(0).device());
            run.put("shards", shards.size());
            run.put("gradient_evaluations", gradientEvaluations());
            run.put("warmup_gradients", tuned.gradients());
            run.put("warmup_seconds", tuned.seconds());
            run.put("sampling_seconds_max_shard", shards.stream().mapToDouble(ShardResult::samplingSeconds).max()
                    .orElse(0));
            run.put("wall_seconds", wallSeconds);
            putNumber(run, "mean_acceptance", meanAcceptance());
            run.put("divergences", divergences());
            run.putPOJO("shard_attempts", attempts());
            ObjectNode adapted = root.putObject("adapted");
            adapted.putPOJO("step_size", tuned.stepSize());
            adapted.putPOJO("inverse_metric", tuned.inverseMass());
            ObjectNode all = root.putObject("all_chains");
            for (int d = 0; d < names.size(); d++) {
                ObjectNode p = all.putObject(names.get(d));
                putNumber(p, "mean", moments.pooledMean(d));
                putNumber(p, "sd", Math.sqrt(moments.pooledVariance(d)));
            }
            Files.writeString(path, mapper.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    private static void putNumber(ObjectNode node, String key, double v) {
        if (Double.isFinite(v)) {
            node.put(key, v);
        } else {
            node.putNull(key);
        }
    }
}
