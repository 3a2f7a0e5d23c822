package org.leapfrog.bench.sample;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The state of a {@code sample} run after a kept draw, enough to continue it exactly: the positions of every
 * chain, the online moments, and running totals. One file, {@code DIR/checkpoint.bin}, replaced atomically:
 * magic, version, settings as JSON, then counters and arrays.
 *
 * @param settings            the run's identity (must match on resume)
 * @param iteration           the iteration whose state this is
 * @param drawsKept           draws delivered so far (rows in each chain file)
 * @param gradients           gradient evaluations so far
 * @param samplingSeconds     post-warmup wall time so far
 * @param acceptSum           sum of acceptance probabilities over chains and post-warmup iterations
 * @param acceptCount         number of terms in acceptSum
 * @param divergences         post-warmup divergences so far
 * @param positions           chain-minor positions at {@code iteration}
 * @param momentCount         draws in the online moments
 * @param means               online means, chain-minor
 * @param sumsOfSquares       online sums of squares, chain-minor
 * @param stepSizes           the sampler's step size per dimension (tuned in warmup or as given)
 * @param metricKind          the metric's kind (ordinal of Metric.Kind)
 * @param inverseMass         the metric's inverse mass matrix (Metric.inverseMass())
 * @param warmupGradients     gradient evaluations before the first post-warmup iteration
 * @param warmupSeconds       wall time of the warmup
 * @param wallSeconds         wall time of the invocations so far, each up to its last checkpoint
 * @param statistics          the device-side statistics of every chain (per-chain acceptance sums, divergences,
 *                            energy statistics; its moments equal {@code means} and {@code sumsOfSquares}), or
 *                            null for a run that accumulated on the host
 */
record Checkpoint(Map<String, String> settings, int iteration, long drawsKept, long gradients, double samplingSeconds,
                  double acceptSum, long acceptCount, long divergences, double[] positions, long momentCount,
                  double[] means, double[] sumsOfSquares, double[] stepSizes, int metricKind, double[] inverseMass,
                  long warmupGradients, double warmupSeconds, double wallSeconds,
                  org.leapfrog.samplers.fused.ChainStatistics.Snapshot statistics) {
    private static final int MAGIC = 0x4C465243; // "LFRC"
    /** 2 added the warmup and wall totals; 3 the device-side statistics. Versions 2 and 3 are read. */
    private static final int VERSION = 3;

    /** A checkpoint of a run that accumulated on the host (no device-side statistics). */
    Checkpoint(Map<String, String> settings, int iteration, long drawsKept, long gradients, double samplingSeconds,
               double acceptSum, long acceptCount, long divergences, double[] positions, long momentCount,
               double[] means, double[] sumsOfSquares, double[] stepSizes, int metricKind, double[] inverseMass,
               long warmupGradients, double warmupSeconds, double wallSeconds) {
        this(settings, iteration, drawsKept, gradients, samplingSeconds, acceptSum, acceptCount, divergences, positions,
                momentCount, means, sumsOfSquares, stepSizes, metricKind, inverseMass, warmupGradients, warmupSeconds,
                wallSeconds, null);
    }
    static final String FILE = "checkpoint.bin";

    void write(Path dir) {
        Path tmp = dir.resolve(FILE + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            byte[] json = new ObjectMapper().writeValueAsBytes(settings);
            out.writeInt(json.length);
            out.write(json);
            out.writeInt(iteration);
            out.writeLong(drawsKept);
            out.writeLong(gradients);
            out.writeDouble(samplingSeconds);
            out.writeDouble(acceptSum);
            out.writeLong(acceptCount);
            out.writeLong(divergences);
            out.writeLong(momentCount);
            writeArray(out, positions);
            writeArray(out, means);
            writeArray(out, sumsOfSquares);
            writeArray(out, stepSizes);
            out.writeInt(metricKind);
            writeArray(out, inverseMass);
            out.writeLong(warmupGradients);
            out.writeDouble(warmupSeconds);
            out.writeDouble(wallSeconds);
            out.writeBoolean(statistics != null);
            if (statistics != null) {
                // count, means and sums of squares are the fields above; the per-chain statistics follow
                writeArray(out, statistics.acceptSums());
                out.writeInt(statistics.divergences().length);
                for (int d : statistics.divergences()) {
                    out.writeInt(d);
                }
                writeArray(out, statistics.energyMeans());
                writeArray(out, statistics.energySumsOfSquares());
                writeArray(out, statistics.energyJumps());
                writeArray(out, statistics.energyPrevious());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + tmp, e);
        }
        try {
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace checkpoint in " + dir, e);
        }
    }

    static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    static Checkpoint read(Path dir) {
        Path file = dir.resolve(FILE);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            int version = in.readInt() == MAGIC ? in.readInt() : -1;
            if (version != 2 && version != VERSION) {
                throw new IllegalArgumentException("--resume: " + file + " is not a Leapfrog checkpoint of version 2 or "
                        + VERSION);
            }
            byte[] json = new byte[in.readInt()];
            in.readFully(json);
            Map<String, String> settings = new ObjectMapper().readValue(new String(json, StandardCharsets.UTF_8),
                    new TypeReference<Map<String, String>>() { });
            int iteration = in.readInt();
            long kept = in.readLong(), gradients = in.readLong();
            double sampling = in.readDouble(), acceptSum = in.readDouble();
            long acceptCount = in.readLong(), divergences = in.readLong(), momentCount = in.readLong();
            double[] positions = readArray(in), means = readArray(in), sumsOfSquares = readArray(in);
            double[] stepSizes = readArray(in);
            int metricKind = in.readInt();
            double[] inverseMass = readArray(in);
            long warmupGradients = in.readLong();
            double warmupSeconds = in.readDouble(), wallSeconds = in.readDouble();
            org.leapfrog.samplers.fused.ChainStatistics.Snapshot statistics = null;
            if (version >= 3 && in.readBoolean()) {
                double[] acceptSums = readArray(in);
                int[] div = new int[in.readInt()];
                for (int i = 0; i < div.length; i++) {
                    div[i] = in.readInt();
                }
                statistics = new org.leapfrog.samplers.fused.ChainStatistics.Snapshot(momentCount, means, sumsOfSquares,
                        acceptSums, div, readArray(in), readArray(in), readArray(in), readArray(in));
            }
            return new Checkpoint(settings, iteration, kept, gradients, sampling, acceptSum, acceptCount, divergences,
                    positions, momentCount, means, sumsOfSquares, stepSizes, metricKind, inverseMass, warmupGradients,
                    warmupSeconds, wallSeconds, statistics);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        }
    }

    /**
     * The settings that differ between a checkpoint and the run asked for now, as "key: OLD in the checkpoint,
     * NEW now" joined by "; " (a key on one side only shows "(none)" on the other); empty when they agree.
     */
    static String differences(Map<String, String> checkpoint, Map<String, String> now) {
        Set<String> keys = new LinkedHashSet<>(checkpoint.keySet());
        keys.addAll(now.keySet());
        StringJoiner sj = new StringJoiner("; ");
        for (String key : keys) {
            String a = checkpoint.get(key), b = now.get(key);
            if (!Objects.equals(a, b)) {
                sj.add(key + ": " + (a == null ? "(none)" : a) + " in the checkpoint, " + (b == null ? "(none)" : b) + " now");
            }
        }
        return sj.toString();
    }

    /** Bulk chunks for the arrays (big-endian, as DataOutputStream writes doubles): per-value calls were 10x slower. */
    private static final int CHUNK = 1 << 16;

    private static void writeArray(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a.length);
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(8 * Math.min(a.length, CHUNK));
        for (int i = 0; i < a.length; i += CHUNK) {
            int n = Math.min(CHUNK, a.length - i);
            bytes.clear();
            bytes.asDoubleBuffer().put(a, i, n);
            out.write(bytes.array(), 0, 8 * n);
        }
    }

    private static double[] readArray(DataInputStream in) throws IOException {
        double[] a = new double[in.readInt()];
        byte[] chunk = new byte[8 * Math.min(a.length, CHUNK)];
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(chunk);
        for (int i = 0; i < a.length; i += CHUNK) {
            int n = Math.min(CHUNK, a.length - i);
            in.readFully(chunk, 0, 8 * n);
            bytes.clear();
            bytes.asDoubleBuffer().get(a, i, n);
        }
        return a;
    }
}
