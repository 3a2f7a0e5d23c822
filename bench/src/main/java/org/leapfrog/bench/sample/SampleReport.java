package org.leapfrog.bench.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.leapfrog.runtime.DeviceInfo;
import org.leapfrog.samplers.diagnostics.OnlineMoments;
import org.leapfrog.samplers.diagnostics.ParameterSummary;
import org.leapfrog.samplers.output.CmdStanCsv;
import org.leapfrog.samplers.output.LeapfrogVersion;
import org.leapfrog.samplers.output.SummaryTable;
import org.leapfrog.samplers.target.Target;

/**
 * The end of a {@code sample} run: the summary table of the kept chains (read back from their CSV files, so a
 * resumed run summarises every draw), efficiency figures, and {@code summary.json} / {@code summary.csv}.
 * ESS per second and per gradient scale the kept chains' ESS to the whole batch (chains / kept), since every
 * chain is an independent sampler of the same target.
 */
final class SampleReport {
    private final SampleOptions options;
    private final Target target;
    private final Map<String, String> identity;
    private final DeviceInfo device;
    private final int[] kept;
    private final long gradients;
    private final double samplingSeconds;
    private final MomentsAndCheckpoints.Totals totals;
    private final OnlineMoments moments;
    private final long resumedAfter;
    private final PrintWriter out;

    /**
     * @param gradients       gradient evaluations of the whole run (all invocations)
     * @param samplingSeconds post-warmup wall time of the whole run
     * @param resumedAfter    draws the checkpoint this invocation resumed from had kept (0 for a fresh run)
     */
    SampleReport(SampleOptions options, Target target, Map<String, String> identity, DeviceInfo device, int[] kept,
                 long gradients, double samplingSeconds, MomentsAndCheckpoints.Totals totals, OnlineMoments moments,
                 long resumedAfter, PrintWriter out) {
        this.options = options;
        this.target = target;
        this.identity = identity;
        this.device = device;
        this.kept = kept;
        this.gradients = gradients;
        this.samplingSeconds = samplingSeconds;
        this.totals = totals;
        this.moments = moments;
        this.resumedAfter = resumedAfter;
        this.out = out;
    }

    void write(Path dir) {
        List<String> names = target.parameterNames();
        SummaryTable table = null;
        double minEss = Double.NaN;
        if (kept.length > 0) {
            List<CmdStanCsv.Contents> files = CmdStanCsv.readChains(dir, kept);
            table = SummaryTable.ofCsv(files, names);
            minEss = Double.POSITIVE_INFINITY;
            for (ParameterSummary r : table.rows()) {
                minEss = Math.min(minEss, r.essBulk());
            }
            out.println(table.format());
            table.writeCsv(dir.resolve("summary.csv"));
        }
        double scale = kept.length == 0 ? Double.NaN : options.chains() / (double) kept.length;
        double essPerSecond = minEss * scale / samplingSeconds;
        double essPerGradient = minEss * scale / gradients;
        double acceptance = totals.acceptCount == 0 ? Double.NaN : totals.acceptSum / totals.acceptCount;
        out.printf("chains %d (%d written), draws %d, backend %s (%s)%n", options.chains(), kept.length,
                options.draws(), device.backend().label(), device.name());
        out.printf("mean acceptance %.3f, divergences %d (kept draws)%n", acceptance, totals.divergences);
        long samplingGradients = gradients - totals.warmupGradients;
        out.printf("gradient evaluations %d (warmup %d, sampling %d); warmup %.3f s, sampling %.3f s (%.3g gradients/s)"
                        + "%s%n", gradients, totals.warmupGradients, samplingGradients, totals.warmupSeconds,
                samplingSeconds, samplingGradients / Math.max(samplingSeconds, 1e-9),
                resumedAfter > 0 ? ", over all invocations" : "");
        out.printf("min ESS bulk (written chains) %.1f; scaled to all chains: %.3g ESS/s, %.3g ESS/gradient%n", minEss,
                essPerSecond, essPerGradient);
        // The invocation's wall time: everything up to here (start-up, kernel builds, warmup, sampling, summary).
        double wall = (System.nanoTime() - totals.invocationStartNanos) * 1e-9;
        out.printf("wall %.3f s%s%n", wall, resumedAfter > 0
                ? String.format(" (this invocation; %.3f s over all invocations)", totals.wallSecondsBefore + wall) : "");
        List<Path> written = new ArrayList<>();
        for (int c : kept) {
            written.add(dir.resolve("chain-" + (c + 1) + ".csv"));
        }
        out.printf("wrote %s%s, %s%n", written.isEmpty() ? "" : dir.resolve("chain-<1.." + kept.length + ">.csv") + ", ",
                dir.resolve("summary.json"), kept.length > 0 ? dir.resolve("summary.csv") : "");
        writeJson(dir.resolve("summary.json"), table, acceptance, essPerSecond, essPerGradient, wall);
        out.flush();
    }

    private void writeJson(Path path, SummaryTable table, double acceptance, double essPerSecond, double essPerGradient,
                           double wall) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try {
            ObjectNode root = table != null ? (ObjectNode) mapper.readTree(table.toJson()) : mapper.createObjectNode();
            ObjectNode settings = root.putObject("settings");
            identity.forEach(settings::put);
            ObjectNode run = root.putObject("run");
            run.put("leapfrog_version", LeapfrogVersion.current().toString());
            run.put("backend", device.backend().label());
            run.put("device", device.name());
            run.put("platform", device.platform());
            run.put("gradient_evaluations", gradients);
            run.put("warmup_gradients", totals.warmupGradients);
            run.put("sampling_gradients", gradients - totals.warmupGradients);
            run.put("warmup_seconds", totals.warmupSeconds);
            run.put("sampling_seconds", samplingSeconds);
            run.put("wall_seconds", wall);
            run.put("wall_seconds_all_invocations", totals.wallSecondsBefore + wall);
            run.put("resumed_after_draw", resumedAfter);
            run.put("timing_note", "gradients and warmup/sampling seconds count the whole run: a resumed run adds "
                    + "this invocation to the totals in the checkpoint it resumed from (work after that checkpoint "
                    + "in the interrupted invocation is redone and not counted); wall_seconds is this invocation "
                    + "alone, wall_seconds_all_invocations adds the earlier invocations up to that checkpoint");
            putNumber(run, "mean_acceptance", acceptance);
            run.put("divergences", totals.divergences);
            putNumber(run, "ess_bulk_min_per_second", essPerSecond);
            putNumber(run, "ess_bulk_min_per_gradient", essPerGradient);
            ObjectNode all = root.putObject("all_chains");
            List<String> names = target.parameterNames();
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
