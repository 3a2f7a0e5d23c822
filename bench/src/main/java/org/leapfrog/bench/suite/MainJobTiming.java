package org.leapfrog.bench.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.leapfrog.samplers.Numerics;
import org.leapfrog.samplers.Precision;

/**
 * Times the main job, {@code leapfrog sample} itself, on a workload: run in-process through the command line
 * with the workload's target, step size and L, no step-size jitter (the kernel timed next to it, {@link HmcTiming},
 * and the C references integrate with a fixed step size; the command's default jitter of 0.5 costs a uniform draw
 * and a scaled step per chain and iteration), no adaptation and otherwise the command's defaults (8 chains
 * written as CSV, checkpoints every draws / 20, online statistics of every chain, the summary), into a temporary
 * directory. The rate is the summary's {@code sampling_gradients / sampling_seconds}: the post-warmup
 * iterations with everything the command does for them, so it compares directly with the raw kernel's rate.
 * As the kernel's timing starts after warm-up iterations, the timed run follows an untimed one of the same length:
 * the command's host code (CSV formatting, the read-back, the summary) is then compiled by the JIT as in any run
 * longer than a few seconds, instead of during the timed draws. (With a warm-up of a quarter of the draws the
 * first main job of a JVM still ran at 0.81 to 0.85 of the kernel and the next one at 0.90 to 0.91, whichever
 * numerics came first.)
 *
 * @param chains     chains
 * @param draws      kept draws (iterations after warmup; thin 1)
 * @param seconds    the summary's sampling seconds
 * @param gradients  the summary's sampling gradients
 * @param acceptRate the summary's mean acceptance
 */
public record MainJobTiming(int chains, int draws, double seconds, long gradients, double acceptRate) {
    /** Warmup iterations before the timed ones (kernel builds and first touches fall there). */
    static final int WARMUP = 5;

    public double gradEvalsPerSecond() {
        return gradients / seconds;
    }

    /** Runs the main job; {@code backendLabel} is {@code java} or {@code opencl:<index>}. */
    public static MainJobTiming measure(HmcWorkload w, String backendLabel, Precision precision, int chains, int draws,
                                        long seed) {
        return measure(w, backendLabel, precision, Numerics.REPRODUCIBLE, chains, draws, seed);
    }

    /** As {@link #measure(HmcWorkload, String, Precision, int, int, long)}, with {@code --numerics}. */
    public static MainJobTiming measure(HmcWorkload w, String backendLabel, Precision precision, Numerics numerics,
                                        int chains, int draws, long seed) {
        run(w, backendLabel, precision, numerics, chains, draws, seed); // untimed: the JIT's warm-up
        return run(w, backendLabel, precision, numerics, chains, draws, seed);
    }

    private static MainJobTiming run(HmcWorkload w, String backendLabel, Precision precision, Numerics numerics,
                                     int chains, int draws, long seed) {
        Path dir;
        try {
            dir = Files.createTempDirectory("leapfrog-main-job");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            List<String> args = new ArrayList<>(List.of("sample", "--target", w.name(), "--chains",
                    Integer.toString(chains), "--no-adapt", "--warmup", Integer.toString(WARMUP), "--draws",
                    Integer.toString(draws), "--steps", Integer.toString(w.steps()), "--step-size",
                    Double.toString(w.stepSize()), "--jitter", "0", "--seed", Long.toString(seed), "--precision", precision.label(),
                    "--out", dir.toString()));
            if (numerics != Numerics.REPRODUCIBLE) {
                args.addAll(List.of("--numerics", numerics.label())); // the default is left implicit, as before
            }
            if (backendLabel.startsWith("opencl:")) {
                args.addAll(List.of("--backend", "opencl", "--device", backendLabel.substring("opencl:".length())));
            } else {
                args.addAll(List.of("--backend", backendLabel));
            }
            StringWriter out = new StringWriter(), err = new StringWriter();
            picocli.CommandLine cl = org.leapfrog.bench.cli.LeapfrogCommand.commandLine();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            int code = cl.execute(args.toArray(new String[0]));
            if (code != 0) {
                throw new IllegalStateException("main job " + String.join(" ", args) + " failed (exit " + code + "): " + err);
            }
            JsonNode run = new ObjectMapper().readTree(dir.resolve("summary.json").toFile()).get("run");
            return new MainJobTiming(chains, draws, run.get("sampling_seconds").asDouble(),
                    run.get("sampling_gradients").asLong(), run.path("mean_acceptance").asDouble(Double.NaN));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
