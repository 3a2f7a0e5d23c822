package org.leapfrog.bench.neural;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leapfrog.bench.train.CurvePlots;
import org.leapfrog.bench.train.TrainingProgressBar;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.samplers.learned.LearnedModelFile;
import org.leapfrog.samplers.learned.TrainingCheckpoint;
import org.leapfrog.samplers.learned.TrainingCurve;
import org.leapfrog.samplers.neural.NeuralFlow;
import org.leapfrog.samplers.neural.NeuralTrainer;
import org.leapfrog.samplers.neural.NeuralTraining;
import org.leapfrog.samplers.neural.NeuralWarmup;
import org.leapfrog.samplers.target.Target;

/**
 * {@code leapfrog train neural}: burn in a sample buffer with HMC, train the coupling sampler on it, and write
 * the model JSON, a checkpoint next to it while running ({@code <model>.checkpoint.json}, exact resume, removed
 * at the end) and PNG curves. The shared training plumbing ({@link TrainingCheckpoint}, {@link TrainingCurve},
 * {@link TrainingProgressBar}, {@link CurvePlots}) is the same as L2HMC's. Also the training step of
 * {@code bench neural}.
 */
public final class NeuralTrainJob {
    private static final String[] CURVES = {"loss", "acceptance", "beta", "eps"};

    /**
     * What to train and how. {@code backend} runs the HMC burn-in; {@code engine} ("java" or "opencl") is where the
     * tensor engine trains (the whole training step stays on that device; the curve reads one small stats
     * tensor per iteration).
     */
    public record Options(Target target, NeuralTraining training, double budget, double widthScale, int burnIn,
                          long seed, String backend, Path out, boolean resume, int checkpointEvery, boolean progress,
                          String engine) {
        public Options {
            if (!engine.equals("java") && !engine.equals("opencl")) {
                throw new IllegalArgumentException("--engine: '" + engine + "'; allowed: java or opencl");
            }
        }

        /** Training on the Java tensor engine. */
        public Options(Target target, NeuralTraining training, double budget, double widthScale, int burnIn, long seed,
                       String backend, Path out, boolean resume, int checkpointEvery, boolean progress) {
            this(target, training, budget, widthScale, burnIn, seed, backend, out, resume, checkpointEvery, progress,
                    "java");
        }
    }

    /** The result: the model and the buffer's end states (burned-in states for sampling). */
    public record Result(LearnedModelFile model, double[] buffer, double seconds, double burnInSeconds) {
    }

    private NeuralTrainJob() {
    }

    public static Path checkpointFile(Path model) {
        return model.resolveSibling(model.getFileName() + ".checkpoint.json");
    }

    public static Result run(Options o, PrintWriter err) {
        Target target = o.target();
        NeuralTraining s = o.training();
        NeuralFlow flow = NeuralFlow.create(target.dimension(), s.width(), s.steps(), o.seed());
        Map<String, Object> settings = settings(o);
        Path cp = checkpointFile(o.out());
        TrainingCheckpoint resumed = null;
        if (o.resume()) {
            resumed = TrainingCheckpoint.read(cp);
            resumed.checkSettings(NeuralFlow.KIND, settings);
            err.println("leapfrog: resuming training from its checkpoint after iteration " + resumed.iteration());
        }
        double burnSeconds;
        double[] buffer;
        TrainingCurve curve;
        if (resumed == null) {
            long t0 = System.nanoTime();
            try (Backend b = Backends.open(o.backend(), null, err::println)) {
                buffer = NeuralWarmup.hmcStates(b, target, s.batch(), o.burnIn(), 0.1, o.seed());
            }
            burnSeconds = (System.nanoTime() - t0) * 1e-9;
            curve = new TrainingCurve(List.of());
        } else {
            buffer = resumed.array("buffer");
            burnSeconds = resumed.array("burn_in_seconds")[0];
            curve = resumed.curve();
        }
        List<Map<String, Double>> pts = curve.points();
        double secondsBefore = pts.isEmpty() ? 0 : pts.get(pts.size() - 1).getOrDefault("seconds", 0.0);
        int every = o.checkpointEvery() > 0 ? o.checkpointEvery() : Math.max(1, s.iterations() / 20);
        try (Backend trainBackend = o.engine().equals("opencl") ? Backends.open("opencl", null, err::println) : null;
             Engine engine = trainBackend != null ? Engine.on(trainBackend) : Engine.java()) {
            NeuralTrainer trainer = new NeuralTrainer(engine, target, flow, flow.initialWeights(s.eps0(), o.seed()), s,
                    buffer, o.seed());
            if (resumed != null) {
                trainer.restore(resumed);
            }
            long t0 = System.nanoTime();
            Map<String, Double> last = Map.of();
            try (TrainingProgressBar bar = o.progress()
                    ? TrainingProgressBar.open("train neural " + target.name(), trainer.iteration(), s.iterations(), false)
                    : null) {
                while (!trainer.done()) {
                    NeuralTrainer.Progress p = trainer.step();
                    double seconds = secondsBefore + (System.nanoTime() - t0) * 1e-9;
                    Map<String, Double> point = new LinkedHashMap<>();
                    point.put("iteration", (double) p.iteration());
                    point.put("loss", p.loss());
                    point.put("acceptance", p.acceptance());
                    point.put("beta", p.beta());
                    point.put("eps", p.eps());
                    point.put("log_det", p.logDet());
                    point.put("learning_rate", p.learningRate());
                    point.put("seconds", seconds);
                    curve.add(point);
                    last = point;
                    if (bar != null) {
                        bar.update(p.iteration(), Map.of("accept", p.acceptance(), "eps", p.eps(), "beta", p.beta()));
                    }
                    if (p.iteration() % every == 0 && !trainer.done()) {
                        TrainingCheckpoint c = trainer.checkpoint(settings, curve);
                        c.arrays().put("burn_in_seconds", new double[] {burnSeconds});
                        c.write(cp);
                    }
                }
            }
            double seconds = secondsBefore + (System.nanoTime() - t0) * 1e-9;
            Map<String, Object> training = new LinkedHashMap<>(settings);
            training.put("budget_note", "batch and iterations are the paper's (Table A.1, appendix A.2) times --budget, "
                    + "the width times --width-scale (minimums 64 chains, 50 iterations, width 8); the beta steering rate times the "
                    + "paper's iterations / these iterations (at most 1)");
            training.put("burn_in_seconds", burnSeconds);
            training.put("seconds", seconds);
            training.put("skipped_iterations", trainer.skipped());
            training.put("engine", o.engine());
            training.put("final", last);
            LearnedModelFile model = flow.toModel(target.name(), trainer.weights(), training);
            model.write(o.out());
            String stem = o.out().getFileName().toString().replaceFirst("\\.json$", "");
            for (String metric : CURVES) {
                CurvePlots.plot(o.out().resolveSibling(stem + "-" + metric + ".png"),
                        "neural " + target.name() + ": " + metric, curve, metric);
            }
            Files.deleteIfExists(cp);
            return new Result(model, trainer.buffer(), seconds, burnSeconds);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + o.out(), e);
        }
    }

    /** The run's settings: recorded in the model, and a resume must match them. */
    static Map<String, Object> settings(Options o) {
        NeuralTraining s = o.training();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", o.target().name());
        m.put("iterations", s.iterations());
        m.put("batch", s.batch());
        m.put("width", s.width());
        m.put("steps", s.steps());
        m.put("accept_target", s.acceptTarget());
        m.put("learning_rate", s.learningRate());
        m.put("min_learning_rate", s.minLearningRate());
        m.put("eps0", s.eps0());
        m.put("beta0", s.beta0());
        m.put("beta_max", s.betaMax());
        m.put("beta_rate", s.betaRate());
        m.put("clip_norm", s.clipNorm());
        m.put("warmup_steps", s.warmupSteps());
        m.put("budget", o.budget());
        m.put("width_scale", o.widthScale());
        m.put("burn_in_hmc_iterations", o.burnIn());
        m.put("seed", o.seed());
        return m;
    }
}
