package org.leapfrog.bench.neural;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.samplers.learned.LearnedModelFile;
import org.leapfrog.samplers.neural.NeuralFlow;
import org.leapfrog.samplers.neural.NeuralTrainer;
import org.leapfrog.samplers.neural.NeuralTraining;
import org.leapfrog.samplers.neural.NeuralWarmup;
import org.leapfrog.samplers.target.Target;

/**
 * {@code leapfrog train neural}: burn in a sample buffer with HMC, train the coupling sampler on it, and write
 * the model JSON, a checkpoint next to it (exact resume) and training curves as PNG. Also the training step of
 * {@code bench neural}.
 */
public final class NeuralTrainJob {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to train and how. */
    public record Options(Target target, NeuralTraining training, double budget, double widthScale, int burnIn,
                          long seed, String backend, Path out, boolean resume, int checkpointEvery) {
    }

    /** The result: the model and the buffer's end states (burned-in states for sampling). */
    public record Result(LearnedModelFile model, double[] buffer, double seconds, double burnInSeconds) {
    }

    /** Iteration history, kept for the curves and the checkpoint. */
    public record History(List<double[]> rows) {
    }

    private record CheckpointFile(Map<String, String> identity, NeuralTrainer.State state, double seconds,
                                  double burnInSeconds, List<double[]> history) {
    }

    private NeuralTrainJob() {
    }

    public static Result run(Options o, PrintWriter err, boolean interactive) {
        Target target = o.target();
        NeuralTraining s = o.training();
        NeuralFlow flow = NeuralFlow.create(target.dimension(), s.width(), s.steps(), o.seed());
        Map<String, String> identity = identity(o);
        Path checkpointFile = checkpointPath(o.out());
        CheckpointFile resumed = null;
        if (o.resume() && Files.isRegularFile(checkpointFile)) {
            resumed = read(checkpointFile);
            if (!resumed.identity().equals(identity)) {
                throw new IllegalArgumentException("--resume: the checkpoint " + checkpointFile + " is of another run ("
                        + resumed.identity() + "); allowed: the same settings, or leave out --resume");
            }
            err.println("leapfrog: resuming training from its checkpoint after iteration " + resumed.state().iteration());
        } else if (o.resume()) {
            err.println("leapfrog: --resume: no checkpoint " + checkpointFile + "; starting from the beginning");
        }
        double burnSeconds;
        double[] buffer;
        long t0 = System.nanoTime();
        if (resumed == null) {
            try (Backend b = Backends.open(o.backend(), null, err::println)) {
                buffer = NeuralWarmup.hmcStates(b, target, s.batch(), o.burnIn(), 0.1, o.seed());
            }
            burnSeconds = (System.nanoTime() - t0) * 1e-9;
        } else {
            buffer = resumed.state().buffer();
            burnSeconds = resumed.burnInSeconds();
        }
        List<double[]> history = resumed == null ? new ArrayList<>() : new ArrayList<>(resumed.history());
        double secondsBefore = resumed == null ? 0 : resumed.seconds();
        long start = System.nanoTime();
        int every = o.checkpointEvery() > 0 ? o.checkpointEvery() : Math.max(1, s.iterations() / 20);
        NeuralTrainer trainer;
        try (Engine engine = Engine.java()) {
            trainer = new NeuralTrainer(engine, target, flow, flow.initialWeights(s.eps0(), o.seed()), s, buffer,
                    o.seed());
            if (resumed != null) {
                trainer.restore(resumed.state());
            }
            ProgressBar bar = interactive ? new ProgressBarBuilder().setTaskName("train neural " + target.name())
                    .setInitialMax(s.iterations()).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                    .continuousUpdate().build() : null;
            try {
                if (bar != null) {
                    bar.stepTo(trainer.iteration());
                }
                while (!trainer.done()) {
                    NeuralTrainer.Progress p = trainer.step();
                    history.add(new double[] {p.iteration(), p.loss(), p.acceptance(), p.beta(), p.eps(), p.logDet(),
                            p.learningRate()});
                    if (bar != null) {
                        bar.stepTo(p.iteration());
                        bar.setExtraMessage(String.format(" accept %.2f, eps %.3g, beta %.2g", p.acceptance(), p.eps(),
                                p.beta()));
                    }
                    if (p.iteration() % every == 0 || trainer.done()) {
                        double secs = secondsBefore + (System.nanoTime() - start) * 1e-9;
                        write(checkpointFile, new CheckpointFile(identity, trainer.state(), secs, burnSeconds, history));
                    }
                }
            } finally {
                if (bar != null) {
                    bar.close();
                }
            }
            double seconds = secondsBefore + (System.nanoTime() - start) * 1e-9;
            Map<String, Object> training = new LinkedHashMap<>();
            training.put("iterations", s.iterations());
            training.put("batch", s.batch());
            training.put("width", s.width());
            training.put("steps", s.steps());
            training.put("accept_target", s.acceptTarget());
            training.put("learning_rate", s.learningRate());
            training.put("min_learning_rate", s.minLearningRate());
            training.put("budget", o.budget());
            training.put("width_scale", o.widthScale());
            training.put("budget_note", "batch and iterations are the paper's times budget, width times width-scale"
                    + " (minimums 64 chains, 50 iterations, width 8)");
            training.put("burn_in_hmc_iterations", o.burnIn());
            training.put("burn_in_seconds", burnSeconds);
            training.put("seconds", seconds);
            training.put("seed", o.seed());
            training.put("skipped_iterations", trainer.skipped());
            double[] last = history.isEmpty() ? new double[7] : history.get(history.size() - 1);
            training.put("final_loss", last[1]);
            training.put("final_acceptance", last[2]);
            training.put("final_beta", last[3]);
            LearnedModelFile model = flow.toModel(target.name(), trainer.weights(), training);
            try {
                model.write(o.out());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + o.out(), e);
            }
            curves(o.out(), target.name(), history);
            return new Result(model, trainer.buffer(), seconds, burnSeconds);
        }
    }

    /** The settings a checkpoint must match. */
    static Map<String, String> identity(Options o) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("target", o.target().name());
        m.put("training", o.training().toString());
        m.put("burn_in", Integer.toString(o.burnIn()));
        m.put("seed", Long.toString(o.seed()));
        m.put("backend", String.valueOf(o.backend()));
        return m;
    }

    public static Path checkpointPath(Path model) {
        return model.resolveSibling(model.getFileName() + ".checkpoint.json");
    }

    public static Path curvesPath(Path model, String which) {
        String name = model.getFileName().toString().replaceFirst("\\.json$", "");
        return model.resolveSibling(name + "-" + which + ".png");
    }

    private static void curves(Path out, String target, List<double[]> history) {
        int n = history.size();
        double[] it = new double[n];
        double[] loss = new double[n], acc = new double[n], beta = new double[n], eps = new double[n];
        for (int i = 0; i < n; i++) {
            double[] r = history.get(i);
            it[i] = r[0];
            loss[i] = r[1];
            acc[i] = Math.max(r[2], 1e-6);
            beta[i] = r[3];
            eps[i] = r[4];
        }
        TrainingCurves.write(curvesPath(out, "loss"), "neural " + target + ": loss", it, Map.of("loss", loss), false);
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("acceptance", acc);
        m.put("beta", beta);
        m.put("eps", eps);
        TrainingCurves.write(curvesPath(out, "steering"), "neural " + target + ": acceptance, beta, eps", it, m, true);
    }

    private static void write(Path file, CheckpointFile c) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            JSON.writeValue(tmp.toFile(), c);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static CheckpointFile read(Path file) {
        try {
            return JSON.readValue(file.toFile(), CheckpointFile.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("--resume: '" + file + "' is not a valid checkpoint (" + e.getMessage() + ")", e);
        }
    }
}
