package org.leapfrog.bench.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.samplers.l2hmc.L2hmcModel;
import org.leapfrog.samplers.l2hmc.L2hmcTrainer;
import org.leapfrog.samplers.learned.TrainingCheckpoint;
import org.leapfrog.samplers.target.Target;

/**
 * One L2HMC training run with the CLI's plumbing: optional progress bar, a checkpoint every N iterations next to
 * the model ({@code <model>.checkpoint.json}, removed at the end), exact resume from it, PNG curves (loss,
 * acceptance, step size) and the model file; optionally a snapshot of the model every N iterations
 * ({@code <stem>-iter<N>.json}, kept), to score how the sampler changes during training.
 *
 * @param out the model file to write
 * @param snapshotEvery write a model snapshot every this many iterations (0: never)
 */
public record L2hmcTrainingJob(Target target, L2hmcModel initial, L2hmcTrainer.Settings settings, Path out,
                               int checkpointEvery, int logEvery, boolean resume, boolean progress, int snapshotEvery) {
    public L2hmcTrainingJob {
        if (snapshotEvery < 0) {
            throw new IllegalArgumentException("snapshot-every: " + snapshotEvery + "; allowed: 0 (never) or more");
        }
    }

    public L2hmcTrainingJob(Target target, L2hmcModel initial, L2hmcTrainer.Settings settings, Path out,
                            int checkpointEvery, int logEvery, boolean resume, boolean progress) {
        this(target, initial, settings, out, checkpointEvery, logEvery, resume, progress, 0);
    }

    /** What the run produced. */
    public record Result(L2hmcModel model, double seconds, double iterationsPerSecond, Map<String, Double> last) {
    }

    public static Path checkpointFile(Path model) {
        return model.resolveSibling(model.getFileName() + ".checkpoint.json");
    }

    /** Where the snapshot after {@code iteration} iterations goes: {@code <stem>-iter<iteration>.json}. */
    public static Path snapshotFile(Path model, long iteration) {
        String stem = model.getFileName().toString().replaceFirst("\\.json$", "");
        return model.resolveSibling(stem + "-iter" + iteration + ".json");
    }

    public Result run(Engine engine) {
        Path cp = checkpointFile(out);
        try (L2hmcTrainer tr = new L2hmcTrainer(engine, target, initial, settings)) {
            double secondsBefore = 0;
            if (resume) {
                TrainingCheckpoint c = TrainingCheckpoint.read(cp);
                tr.restore(c);
                var pts = c.curve().points();
                secondsBefore = pts.isEmpty() ? 0 : pts.get(pts.size() - 1).getOrDefault("seconds", 0.0);
            }
            long start = tr.iteration();
            long t0 = System.nanoTime();
            long lastBar = 0;
            try (TrainingProgressBar bar = progress
                    ? TrainingProgressBar.open("train l2hmc " + target.name(), start, settings.iterations(), false) : null) {
                while (tr.iteration() < settings.iterations()) {
                    tr.step();
                    long it = tr.iteration();
                    double seconds = secondsBefore + (System.nanoTime() - t0) * 1e-9;
                    if (it % logEvery == 0 || it == settings.iterations()) {
                        tr.record(seconds);
                    }
                    // metrics() reads from the device: the bar shows them about four times a second
                    long now = System.nanoTime();
                    if (bar != null && (now - lastBar > 250_000_000L || it == settings.iterations())) {
                        bar.update(it, tr.metrics());
                        lastBar = now;
                    }
                    if (checkpointEvery > 0 && it % checkpointEvery == 0 && it < settings.iterations()) {
                        tr.checkpoint().write(cp);
                    }
                    if (snapshotEvery > 0 && it % snapshotEvery == 0 && it < settings.iterations()) {
                        tr.model().toFile(trainingRecord(engine, tr, seconds, it)).write(snapshotFile(out, it));
                    }
                }
            }
            double seconds = (System.nanoTime() - t0) * 1e-9;
            L2hmcModel model = tr.model();
            model.toFile(trainingRecord(engine, tr, secondsBefore + seconds, tr.iteration())).write(out);
            String stem = out.getFileName().toString().replaceFirst("\\.json$", "");
            for (String metric : new String[] {"loss", "acceptance", "step_size"}) {
                CurvePlots.plot(out.resolveSibling(stem + "-" + metric + ".png"), "L2HMC " + target.name() + ": " + metric,
                        tr.curve(), metric);
            }
            Files.deleteIfExists(cp);
            long done = settings.iterations() - start;
            return new Result(model, secondsBefore + seconds, done / Math.max(seconds, 1e-9), tr.metrics());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + out, e);
        }
    }

    /** The model file's "training" block: the settings, the time spent, the metrics at {@code iteration}. */
    private Map<String, Object> trainingRecord(Engine engine, L2hmcTrainer tr, double seconds, long iteration) {
        Map<String, Object> training = new LinkedHashMap<>(settingsMap());
        training.put("iterations_done", iteration);
        training.put("seconds", seconds);
        training.put("final", tr.metrics());
        training.put("skipped_updates", tr.skippedUpdates());
        training.put("engine", engine.isOpenCl() ? "opencl" : "java");
        return training;
    }

    private Map<String, Object> settingsMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("iterations", settings.iterations());
        m.put("loss_scale", settings.lossScale());
        m.put("batch", settings.batch());
        m.put("learning_rate", settings.learningRate());
        m.put("lambda_b", settings.lambdaB());
        m.put("temperature_start", settings.temperatureStart());
        m.put("seed", settings.seed());
        m.put("jump", settings.jump().label());
        if (settings.jump() == L2hmcTrainer.Jump.STANDARDISED) {
            m.put("jump_decay", settings.jumpDecay());
        }
        return m;
    }
}
