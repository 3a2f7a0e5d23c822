package org.leapfrog.vae.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.leapfrog.runtime.tensor.Arena;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.runtime.tensor.optim.Adamax;
import org.leapfrog.runtime.tensor.optim.LearningRateSchedule;
import org.leapfrog.vae.data.Binarizer;
import org.leapfrog.vae.data.Images;
import org.leapfrog.vae.data.Mnist;
import org.leapfrog.vae.model.Objective;
import org.leapfrog.vae.model.Vae;

/**
 * Trains a {@link Vae} under an {@link Objective} (the VAE's ELBO or an HVAE's) with Adamax on minibatches of
 * dynamically binarised images, with early stopping on the validation ELBO. Every random choice is keyed by
 * counters (the epoch's shuffle by (seed, epoch), binarisation by (seed, image, epoch), the objective's draws by
 * (seed, row, step)), and the checkpoint holds the parameters, Adamax's moments, the step count and the best
 * parameters, so a run stopped after any epoch and resumed gives the same bits as an uninterrupted one.
 *
 * <p>One step: binarise the batch on the host into one persistent tensor (one upload), then forward, backward
 * and the Adamax update as kernels inside an {@link Arena} scope (no allocation after the first step).
 */
public final class VaeTrainer {
    /** Mixed into the seed for the validation ELBO's draws (the same draws every epoch). */
    private static final long VALIDATION_KEY = 0x5DEECE66DL;
    private final Engine engine;
    private final Vae vae;
    private final Objective objective;
    private final Images train;
    private final Images validation;
    private final TrainSettings settings;
    private final List<Tensor> params;
    private final Adamax optimizer;
    private final Binarizer binarizer;
    private final Tensor x;
    private final double[] host;
    private final Arena arena;
    private final List<EpochRecord> history = new ArrayList<>();
    private final List<double[]> best = new ArrayList<>();
    private int epochsDone;
    private double bestValidation = Double.NEGATIVE_INFINITY;
    private int bestEpoch;
    private double trainSeconds;
    private long examplesSeen;
    private StepRule stepRule;

    public VaeTrainer(Engine engine, Vae vae, Objective objective, Mnist data, TrainSettings settings) {
        this(engine, vae, objective, data.train(), data.validation(), settings);
    }

    public VaeTrainer(Engine engine, Vae vae, Objective objective, Images train, Images validation,
                      TrainSettings settings) {
        this.engine = engine;
        this.vae = vae;
        this.objective = objective;
        this.settings = settings;
        this.train = settings.trainSubset() > 0 ? train.head(settings.trainSubset()) : train;
        this.validation = settings.validationSubset() > 0 ? validation.head(settings.validationSubset()) : validation;
        if (this.train.count() < settings.batch()) {
            throw new IllegalArgumentException("batch: " + settings.batch() + " with " + this.train.count()
                    + " training images; allowed: at most the training set size");
        }
        this.params = new ArrayList<>(vae.parameters());
        params.addAll(objective.parameters());
        this.optimizer = new Adamax(params, LearningRateSchedule.constant(settings.lr()));
        this.binarizer = new Binarizer(settings.seed());
        this.host = new double[settings.batch() * Mnist.PIXELS];
        this.x = engine.zeros(settings.batch(), Mnist.PIXELS);
        this.arena = new Arena(engine);
        for (Tensor p : params) {
            best.add(p.toArray());
        }
    }

    public Vae vae() {
        return vae;
    }

    public Objective objective() {
        return objective;
    }

    public int epochsDone() {
        return epochsDone;
    }

    public List<EpochRecord> history() {
        return List.copyOf(history);
    }

    public int bestEpoch() {
        return bestEpoch;
    }

    public double bestValidationElbo() {
        return bestValidation;
    }

    /** Seconds spent in training steps and validation so far (all invocations). */
    public double trainSeconds() {
        return trainSeconds;
    }

    /** Training examples per second over all epochs so far (steps only). */
    public double examplesPerSecond() {
        double stepSeconds = 0;
        for (EpochRecord r : history) {
            stepSeconds += r.seconds();
        }
        return stepSeconds > 0 ? examplesSeen / stepSeconds : 0;
    }

    public int batchesPerEpoch() {
        return train.count() / settings.batch();
    }

    /** Whether training is over: the epoch budget is spent or validation has not improved for {@code patience}. */
    public boolean finished() {
        return epochsDone >= settings.epochs() || epochsDone - bestEpoch >= settings.patience();
    }

    /**
     * Trains until {@link #finished()}, writing a checkpoint into {@code checkpointDir} (null: none) after every
     * epoch. Returns the epochs run by this call.
     */
    public int train(Path checkpointDir, TrainListener listener) throws IOException {
        int ran = 0;
        while (!finished()) {
            runEpoch(listener);
            ran++;
            if (checkpointDir != null) {
                save(checkpointDir);
            }
        }
        return ran;
    }

    /** One epoch of training and the validation pass. */
    public EpochRecord runEpoch(TrainListener listener) {
        int epoch = epochsDone + 1;
        int[] order = shuffle(train.count(), settings.seed(), epoch);
        int batches = batchesPerEpoch();
        long start = System.nanoTime();
        double sum = 0;
        for (int b = 0; b < batches; b++) {
            long step = optimizer.steps();
            try (Arena.Scope s = arena.open()) {
                binarizer.batch(train, order, b * settings.batch(), settings.batch(), epoch, Binarizer.PURPOSE_TRAIN, host);
                x.assign(host);
                optimizer.zeroGrad();
                if (stepRule != null) {
                    Tensor value = stepRule.accumulate(vae, x, settings.seed(), (int) step);
                    optimizer.step();
                    stepRule.afterStep();
                    sum += value.item();
                } else {
                    Tensor loss = objective.elbo(vae, x, settings.seed(), (int) step).mean().neg();
                    Graph.backward(loss);
                    optimizer.step();
                    sum -= loss.item();
                }
            }
            double seconds = (System.nanoTime() - start) * 1e-9;
            listener.step(epoch, b + 1, batches, sum / (b + 1), (b + 1) * (double) settings.batch() / seconds);
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        examplesSeen += (long) batches * settings.batch();
        double val = validationElbo();
        trainSeconds += (System.nanoTime() - start) * 1e-9;
        boolean improved = val > bestValidation;
        if (improved) {
            bestValidation = val;
            bestEpoch = epoch;
            for (int k = 0; k < params.size(); k++) {
                best.set(k, params.get(k).toArray());
            }
        }
        epochsDone = epoch;
        EpochRecord r = new EpochRecord(epoch, sum / batches, val, seconds, batches * (double) settings.batch() / seconds,
                improved);
        history.add(r);
        listener.epoch(r);
        return r;
    }

    /** Mean ELBO over the validation set (fixed binarisation, the same draws every epoch). */
    public double validationElbo() {
        return meanElbo(engine, vae, objective, validation, settings.seed() ^ VALIDATION_KEY, settings.evalBatch());
    }

    /** Mean per-image ELBO of {@code objective} over {@code set} (fixed binarisation), without gradients. */
    public static double meanElbo(Engine engine, Vae vae, Objective objective, Images set, long seed, int evalBatch) {
        Binarizer bin = Binarizer.evaluation();
        double total = 0;
        try (Engine.GradRegion g = engine.noGrad(); Arena a = new Arena(engine)) {
            for (int from = 0, it = 0; from < set.count(); from += evalBatch, it++) {
                int n = Math.min(evalBatch, set.count() - from);
                double[] xb = new double[n * Mnist.PIXELS];
                bin.batch(set, null, from, n, Binarizer.FIXED_EPOCH, Binarizer.PURPOSE_EVAL, xb);
                try (Arena.Scope s = a.open()) {
                    total += objective.elbo(vae, engine.wrap(n, Mnist.PIXELS, xb), seed, it).sum().item();
                }
            }
        }
        return total / set.count();
    }

    /** Loads the parameters of the best validation epoch into the model (and objective). */
    public void restoreBest() {
        for (int k = 0; k < params.size(); k++) {
            params.get(k).assign(best.get(k));
        }
    }

    /** A permutation of {@code 0..n-1} that depends only on (seed, epoch): Fisher-Yates from a keyed generator. */
    static int[] shuffle(int n, long seed, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    // ---- checkpoints ----

    private ObjectNode meta() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode o = m.createObjectNode();
        o.put("format", "leapfrog-vae-checkpoint");
        o.put("version", 1);
        o.put("objective", objective.name());
        if (stepRule != null) {
            o.put("step_rule", stepRule.name());
        }
        o.put("architecture", vae.architecture().toString());
        o.set("settings", m.valueToTree(settings));
        o.put("epochs_done", epochsDone);
        o.put("steps", optimizer.steps());
        o.put("best_validation_elbo", bestValidation);
        o.put("best_epoch", bestEpoch);
        o.put("train_seconds", trainSeconds);
        o.put("examples_seen", examplesSeen);
        ArrayNode h = o.putArray("history");
        for (EpochRecord r : history) {
            h.add(m.valueToTree(r));
        }
        return o;
    }

    /** Writes the checkpoint (parameters, Adamax state, best parameters, counters, history) into {@code dir}. */
    public void save(Path dir) throws IOException {
        List<Tensor> tensors = new ArrayList<>(params);
        tensors.addAll(optimizer.state());
        List<double[]> extra = new ArrayList<>(best);
        if (stepRule != null) {
            tensors.addAll(stepRule.stateTensors());
            extra.add(stepRule.hostState());
        }
        Checkpoint.save(dir, meta(), tensors, extra);
    }

    /** Whether {@code dir} holds a checkpoint. */
    public static boolean hasCheckpoint(Path dir) {
        return Checkpoint.exists(dir);
    }

    /**
     * Restores the state saved by {@link #save}. The model, objective and settings must be those of the saved
     * run (checked: architecture, objective name, the settings except the epoch budget and patience).
     */
    public void resume(Path dir) throws IOException {
        JsonNode meta = Checkpoint.meta(dir);
        if (!meta.path("architecture").asText().equals(vae.architecture().toString())
                || !meta.path("objective").asText().equals(objective.name())) {
            throw new IllegalArgumentException("resume: checkpoint in " + dir + " is of " + meta.path("architecture").asText()
                    + " / " + meta.path("objective").asText() + "; allowed: the same model and objective as this run ("
                    + vae.architecture() + " / " + objective.name() + ")");
        }
        JsonNode s = meta.path("settings");
        TrainSettings saved = new TrainSettings(s.path("epochs").asInt(), s.path("batch").asInt(),
                s.path("lr").asDouble(), s.path("patience").asInt(), s.path("trainSubset").asInt(),
                s.path("validationSubset").asInt(), s.path("seed").asLong(), s.path("evalBatch").asInt());
        TrainSettings mine = new TrainSettings(saved.epochs(), settings.batch(), settings.lr(), saved.patience(),
                settings.trainSubset(), settings.validationSubset(), settings.seed(), settings.evalBatch());
        if (!saved.equals(mine)) {
            throw new IllegalArgumentException("resume: checkpoint settings " + saved + "; allowed: the same batch, lr,"
                    + " subsets, seed and eval batch as this run " + settings);
        }
        String rule = stepRule == null ? "" : stepRule.name();
        if (!meta.path("step_rule").asText("").equals(rule)) {
            throw new IllegalArgumentException("resume: checkpoint in " + dir + " has step rule '"
                    + meta.path("step_rule").asText("") + "'; allowed: this run's '" + rule + "'");
        }
        List<Tensor> tensors = new ArrayList<>(params);
        tensors.addAll(optimizer.state());
        List<double[]> extra = new ArrayList<>(best);
        double[] ruleState = null;
        if (stepRule != null) {
            tensors.addAll(stepRule.stateTensors());
            ruleState = stepRule.hostState();
            extra.add(ruleState);
        }
        Checkpoint.load(dir, meta, tensors, extra);
        if (stepRule != null) {
            stepRule.restoreHostState(ruleState);
        }
        optimizer.restoreSteps(meta.path("steps").asLong());
        epochsDone = meta.path("epochs_done").asInt();
        bestValidation = meta.path("best_validation_elbo").asDouble();
        bestEpoch = meta.path("best_epoch").asInt();
        trainSeconds = meta.path("train_seconds").asDouble();
        examplesSeen = meta.path("examples_seen").asLong();
        history.clear();
        for (JsonNode r : meta.path("history")) {
            history.add(new EpochRecord(r.path("epoch").asInt(), r.path("trainElbo").asDouble(),
                    r.path("validationElbo").asDouble(), r.path("seconds").asDouble(),
                    r.path("examplesPerSecond").asDouble(), r.path("improved").asBoolean()));
        }
    }

    /**
     * Training throughput: {@code warmup} untimed steps, then {@code steps} timed ones, on the first batches of
     * epoch 1's order (the model trains as it is timed); returns examples per second. For benchmarks.
     */
    public double timeSteps(int warmup, int steps) {
        int[] order = shuffle(train.count(), settings.seed(), 1);
        int batches = batchesPerEpoch();
        long start = 0;
        for (int k = 0; k < warmup + steps; k++) {
            if (k == warmup) {
                engine.dispatcher().finish();
                start = System.nanoTime();
            }
            int b = k % batches;
            try (Arena.Scope s = arena.open()) {
                binarizer.batch(train, order, b * settings.batch(), settings.batch(), 1, Binarizer.PURPOSE_TRAIN, host);
                x.assign(host);
                optimizer.zeroGrad();
                Tensor loss = objective.elbo(vae, x, settings.seed(), (int) optimizer.steps()).mean().neg();
                Graph.backward(loss);
                optimizer.step();
                loss.item(); // as a training loop reads it for its progress
            }
        }
        return steps * (double) settings.batch() / ((System.nanoTime() - start) * 1e-9);
    }
    // ---- step rules: training steps other than the objective's ELBO ----

    /**
     * One training step of another form (e.g. an MCMC-coupled VAE's Algorithm 1, where parameter groups follow
     * different objectives): {@link #accumulate} adds gradients into the trainer's parameters (the VAE's and the
     * objective's, zeroed before; the trainer's Adamax steps them next) and computes everything from the current
     * parameters before any update; {@link #afterStep} then applies the rule's own updates. Its state joins the
     * checkpoint, so resuming stays exact.
     */
    public interface StepRule {
        /** A name recorded in checkpoints (a resume requires the same). */
        String name();

        /** Accumulates this minibatch's gradients; returns the per-example value reported as the training ELBO (1 x 1). */
        Tensor accumulate(Vae vae, Tensor x, long seed, int step);

        /** The rule's own updates, after the trainer's optimizer step. */
        default void afterStep() {
        }

        /** Tensors of the rule's state, saved and restored with the checkpoint. */
        default List<Tensor> stateTensors() {
            return List.of();
        }

        /** Host values of the rule's state (fixed length), saved with the checkpoint. */
        default double[] hostState() {
            return new double[0];
        }

        default void restoreHostState(double[] state) {
        }
    }

    /** Trains with {@code rule} instead of the objective's ELBO (the objective still gives the validation ELBO). */
    public VaeTrainer withStepRule(StepRule rule) {
        this.stepRule = rule;
        return this;
    }
}
