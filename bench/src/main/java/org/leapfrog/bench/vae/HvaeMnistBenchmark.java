package org.leapfrog.bench.vae;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.leapfrog.bench.suite.MachineInfo;
import org.leapfrog.bench.suite.PyTorchConvVaePeer;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.vae.data.Mnist;
import org.leapfrog.vae.model.Architecture;
import org.leapfrog.vae.hvae.StepSizeMode;
import org.leapfrog.vae.hvae.TemperingMode;
import org.leapfrog.vae.model.HvaeObjective;
import org.leapfrog.vae.model.Objective;
import org.leapfrog.vae.model.VaeElbo;
import org.leapfrog.vae.train.TrainSettings;
import org.leapfrog.vae.train.TrainingReport;
import org.leapfrog.vae.train.VaeExperiment;
import org.leapfrog.vae.train.VaeTrainer;

/**
 * {@code bench hvae-mnist}: trains each model (VAE, HVAE variants) with the same protocol and reports one row per
 * model (epochs, training seconds, test NLL mean and sd over repeats), plus the training speed of the
 * convolutional VAE and of the convolutional HVAE with K = 10 next to PyTorch CPU (same model, batch and precision),
 * measured side by side: ours, PyTorch, ours again.
 */
public final class HvaeMnistBenchmark {
    /**
     * The protocol. {@code trainSubset}/{@code testSubset} 0 mean all images. With {@code pretrainEpochs > 0} a VAE
     * is trained that many epochs first (once, with the same settings otherwise) and every model starts from its
     * encoder and decoder and trains {@code train.epochs()} more: equal epochs for all, past the early plateau
     * where a VAE models only the pixel means (about 1,800 steps of Adamax 1e-3 here and in PyTorch).
     */
    public record Settings(boolean quick, Architecture architecture, TrainSettings train, int testSubset, int nllSamples,
                           int nllRepeats, List<String> models, boolean peers, int speedSteps, int pretrainEpochs,
                           MnistModels.FlowStart flowStart) {
        public Settings {
            if (flowStart == null) {
                throw new IllegalArgumentException("flowStart: null; allowed: MnistModels.FlowStart.MNIST or explicit values");
            }
            if (pretrainEpochs < 0) {
                throw new IllegalArgumentException("pretrainEpochs: " + pretrainEpochs + "; allowed: 0 or more");
            }
        }

        public static Settings full(long seed) {
            return new Settings(false, Architecture.conv(64), TrainSettings.paper(seed), 0, 1000, 3,
                    List.of("vae", "hvae-k1-none-shared", "hvae-k1-free-shared", "hvae-k5-free-varied",
                            "hvae-k10-free-shared", "hvae-k10-free-varied", "hvae-k15-free-varied"), true, 20, 0,
                    MnistModels.FlowStart.MNIST);
        }

        /** Minutes on 2 CPU cores: 3 epochs on 2,000 images, NLL on 20 test images; the VAE and HVAE K = 1. */
        public static Settings quick(long seed) {
            return new Settings(true, Architecture.conv(64), new TrainSettings(3, 100, 1e-3, 100, 2000, 1000, seed, 500),
                    20, 1000, 3, List.of("vae", "hvae-k1-free-shared"), true, 10, 0, MnistModels.FlowStart.MNIST);
        }
    }

    private final Settings s;
    private final Engine engine;
    private final String precision;
    private final VaeExperiment.Progress progress;

    public HvaeMnistBenchmark(Settings s, Engine engine, String precision, VaeExperiment.Progress progress) {
        this.s = s;
        this.engine = engine;
        this.precision = precision;
        this.progress = progress;
    }

    /** Runs everything into {@code out}; returns the files written. */
    public List<Path> run(Path out) throws IOException {
        Files.createDirectories(out);
        Mnist data = Mnist.load();
        Map<String, MnistModels.Factory> known = MnistModels.all(s.flowStart());
        for (String m : s.models()) {
            if (!known.containsKey(m)) {
                throw new IllegalArgumentException("--models: '" + m + "'; allowed: " + String.join(", ", known.keySet()));
            }
        }
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("benchmark", "hvae-mnist");
        root.put("quick", s.quick());
        root.put("machine", MachineInfo.collect().describe());
        root.put("device", engine.toString());
        root.put("precision", precision);
        root.put("architecture", s.architecture().toString());
        root.set("train_settings", mapper.valueToTree(s.train()));
        root.put("nll_images", s.testSubset() == 0 ? Mnist.TEST : s.testSubset());
        root.put("nll_samples", s.nllSamples());
        root.put("nll_repeats", s.nllRepeats());
        if (s.speedSteps() > 0) {
            root.set("speed", speed(data, out, SpeedModel.VAE));
            root.set("speed_hvae_k10", speed(data, out, SpeedModel.HVAE_K10));
        }
        root.put("pretrain_epochs", s.pretrainEpochs());
        ObjectNode start = root.putObject("hvae_flow_start");
        start.put("source", s.flowStart().equals(MnistModels.FlowStart.MNIST) ? "paper MNIST code" : "options");
        putOrNull(start, "eps0", s.flowStart().eps0());
        putOrNull(start, "beta0", s.flowStart().beta0());
        Path init = s.pretrainEpochs() > 0 && !s.models().isEmpty() ? pretrain(data, out) : null;
        TrainSettings train = init == null ? s.train() : continuation(s.train());
        ArrayNode rows = root.putArray("rows");
        List<TrainingReport> reports = new ArrayList<>();
        for (String m : s.models()) {
            VaeExperiment.Options o = new VaeExperiment.Options(s.testSubset(), s.nllSamples(), s.nllRepeats(), 1000, false);
            TrainingReport r = VaeExperiment.run(engine, data, s.architecture(),
                    known.get(m).create(engine, s.architecture()), train, o, out.resolve(m), progress, init);
            reports.add(r);
            ObjectNode row = rows.addObject();
            row.put("model", m);
            row.put("architecture", s.architecture().label());
            row.put("epochs", r.epochs());
            row.put("pretrain_epochs", s.pretrainEpochs());
            row.put("best_epoch", r.bestEpoch());
            row.put("train_seconds", r.trainSeconds());
            row.put("examples_per_second", r.examplesPerSecond());
            row.put("best_validation_elbo", r.bestValidationElbo());
            row.put("test_nll", r.testNll() == null ? Double.NaN : r.testNll().mean());
            row.put("test_nll_sd", r.testNll() == null ? Double.NaN : r.testNll().sd());
        }
        Path json = out.resolve("hvae-mnist.json");
        mapper.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), root);
        Path md = out.resolve("hvae-mnist.md");
        Files.writeString(md, markdown(root, reports));
        return List.of(json, md);
    }

    private static void putOrNull(ObjectNode o, String key, Double v) {
        if (v == null) {
            o.putNull(key);
        } else {
            o.put(key, v);
        }
    }

    /** The shared pretraining: a VAE (Monte Carlo ELBO) for {@code pretrainEpochs}; returns its parameter file. */
    private Path pretrain(Mnist data, Path out) throws IOException {
        TrainSettings t = s.train();
        TrainSettings p = new TrainSettings(s.pretrainEpochs(), t.batch(), t.lr(), t.patience(), t.trainSubset(),
                t.validationSubset(), t.seed(), t.evalBatch());
        Path dir = out.resolve("pretrain-vae");
        VaeExperiment.run(engine, data, s.architecture(), VaeElbo.monteCarlo(), p,
                new VaeExperiment.Options(-1, 1, 1, 1000, true), dir, progress);
        return dir.resolve("model.params.json");
    }

    /** The runs after pretraining use another seed, so that their shuffles, binarisations and noise are new draws. */
    private static TrainSettings continuation(TrainSettings t) {
        return new TrainSettings(t.epochs(), t.batch(), t.lr(), t.patience(), t.trainSubset(), t.validationSubset(),
                t.seed() ^ 0x5DEECE66DL, t.evalBatch());
    }

    /**
     * The models timed against PyTorch: the conv VAE, and the conv HVAE with K = 10, free tempering and step sizes
     * varied per step (the peer's {@code --model hvae-k10}); HVAE steps cost about 20 VAE steps, so fewer are timed.
     */
    enum SpeedModel {
        VAE("vae-conv", "vae", 1),
        HVAE_K10("hvae-k10-free-varied-conv", "hvae-k10", 4);

        final String label;
        final String peerModel;
        final int stepDivisor;

        SpeedModel(String label, String peerModel, int stepDivisor) {
            this.label = label;
            this.peerModel = peerModel;
            this.stepDivisor = stepDivisor;
        }
    }

    /** Training examples/s: ours, PyTorch (1 and 2 threads), ours again; the ratio uses the best of each. */
    private ObjectNode speed(Mnist data, Path out, SpeedModel model) {
        int steps = Math.max(2, s.speedSteps() / model.stepDivisor);
        progress.phase("speed: " + model.label + " training steps, batch " + s.train().batch() + ", " + precision);
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("model", model.label);
        o.put("batch", s.train().batch());
        o.put("timed_steps", steps);
        double ours1 = oursSpeed(data, model, steps);
        o.put("ours_examples_per_second_first", ours1);
        Optional<String> why = s.peers() ? PyTorchConvVaePeer.unavailableBecause() : Optional.of("--no-peers");
        double peerBest = Double.NaN;
        if (why.isEmpty()) {
            Map<Integer, Double> peer = PyTorchConvVaePeer.run(model.peerModel, precision, s.train().batch(),
                    s.quick() ? 3.0 : 10.0, out.resolve("peers"));
            for (Map.Entry<Integer, Double> e : peer.entrySet()) {
                o.put("pytorch_examples_per_second_threads_" + e.getKey(), e.getValue());
                if (Double.isNaN(peerBest) || e.getValue() > peerBest) {
                    peerBest = e.getValue();
                    o.put("pytorch_threads", e.getKey());
                }
            }
        } else {
            o.put("pytorch_unavailable", why.get());
        }
        double ours2 = oursSpeed(data, model, steps);
        o.put("ours_examples_per_second_second", ours2);
        double ours = Math.max(ours1, ours2);
        o.put("ours_examples_per_second", ours);
        o.put("pytorch_examples_per_second", peerBest);
        o.put("ratio_to_pytorch", ours / peerBest);
        progress.phase(String.format(Locale.ROOT, "speed %s: ours %.1f / %.1f examples/s, PyTorch %.1f, ratio %.2f",
                model.label, ours1, ours2, peerBest, ours / peerBest));
        return o;
    }

    private double oursSpeed(Mnist data, SpeedModel model, int steps) {
        TrainSettings t = new TrainSettings(1, s.train().batch(), s.train().lr(), 1, 20 * s.train().batch(), 100,
                s.train().seed(), s.train().batch());
        Objective objective = model == SpeedModel.VAE ? VaeElbo.monteCarlo()
                : new HvaeObjective(engine, 64, HvaeObjective.settings(10, TemperingMode.FREE, StepSizeMode.PER_STEP));
        VaeTrainer trainer = new VaeTrainer(engine, Architecture.conv(64).build(engine, data.train().meanIntensity(), 1),
                objective, data, t);
        return trainer.timeSteps(model == SpeedModel.VAE ? 3 : 1, steps);
    }

    private static String markdown(ObjectNode root, List<TrainingReport> reports) {
        StringBuilder b = new StringBuilder("# hvae-mnist\n\n");
        b.append("Machine: ").append(root.path("machine").asText()).append("; device: ").append(root.path("device").asText())
                .append("; precision ").append(root.path("precision").asText()).append(".\n\n");
        b.append("Protocol: ").append(root.path("architecture").asText()).append(", ").append(root.path("train_settings"))
                .append(root.path("pretrain_epochs").asInt() > 0 ? ", after " + root.path("pretrain_epochs").asInt()
                        + " epochs of a shared pretrained VAE" : "")
                .append("; test NLL on ").append(root.path("nll_images").asInt()).append(" images x ")
                .append(root.path("nll_samples").asInt()).append(" importance samples x ").append(root.path("nll_repeats").asInt())
                .append(" repeats.\n\n");
        b.append("| model | epochs | train seconds | examples/s | best validation ELBO | test NLL | sd |\n|---|---|---|---|---|---|---|\n");
        for (var row : root.path("rows")) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.3f | %.3f | %.3f |%n", row.path("model").asText(),
                    row.path("epochs").asInt(), row.path("train_seconds").asDouble(), row.path("examples_per_second").asDouble(),
                    row.path("best_validation_elbo").asDouble(), row.path("test_nll").asDouble(), row.path("test_nll_sd").asDouble()));
        }
        for (String key : List.of("speed", "speed_hvae_k10")) {
            if (!root.has(key)) {
                continue;
            }
            var sp = root.path(key);
            b.append(String.format(Locale.ROOT, "%n%s training speed (batch %d): ours %.1f examples/s (runs: %.1f, %.1f), "
                            + "PyTorch CPU %.1f (%s threads); ratio %.2f.%n", sp.path("model").asText(), sp.path("batch").asInt(),
                    sp.path("ours_examples_per_second").asDouble(), sp.path("ours_examples_per_second_first").asDouble(),
                    sp.path("ours_examples_per_second_second").asDouble(), sp.path("pytorch_examples_per_second").asDouble(),
                    sp.path("pytorch_threads").asText("-"), sp.path("ratio_to_pytorch").asDouble()));
        }
        return b.toString();
    }
}
