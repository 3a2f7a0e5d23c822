package org.leapfrog.vae.dglm;

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
import org.leapfrog.runtime.tensor.optim.Adam;
import org.leapfrog.runtime.tensor.optim.GradientClipping;
import org.leapfrog.runtime.tensor.optim.LearningRateSchedule;
import org.leapfrog.runtime.tensor.optim.Optimizer;
import org.leapfrog.vae.data.Binarizer;
import org.leapfrog.vae.data.Images;
import org.leapfrog.vae.data.Mnist;
import org.leapfrog.vae.model.Gaussian;
import org.leapfrog.vae.model.Vae;
import org.leapfrog.vae.model.VaeStreams;

/**
 * Trains a {@link Dglm} jointly, as the L2HMC paper's released MNIST code does, each minibatch in three parts:
 * <ol>
 *   <li>the encoder by its ELBO ({@code log p(x|z0) - KL(q || N(0, I))}, z0 = mu + sigma eps) — encoder only;</li>
 *   <li>K MH transitions of the kernel from z0 (a constant), the sampler trained by {@link DglmLoss} averaged over
 *       the K transitions (gradients through the L2HMC networks, the encoding of x, the step size, the target's
 *       gradient — second order through the decoder — the log-determinant and the acceptance; not into the
 *       decoder), its gradient clipped by global norm;</li>
 *   <li>the decoder on the refined draws: maximise {@code log p(x, z_K)} with z_K a constant.</li>
 * </ol>
 * Each part has its own Adam. With K = 0 the same loop is the plain VAE (the decoder then follows the ELBO's
 * gradient, since {@code d/dtheta log p(x, z0)} is the ELBO's decoder gradient), so the two rows compare at equal
 * optimiser, data order and draws. As in the released code, the sampler's gradient also flows through accepted
 * states into earlier transitions; the chain starts from z0 as a constant.
 *
 * <p>Every draw is keyed: the epoch's order by (seed, epoch), binarisation by (seed, image, epoch), z0's noise by
 * (seed, row, step), the kernel's by (seed, row, step * K + t). A checkpoint after each epoch holds all parameters,
 * the optimisers' moments and counts and the history, so a resumed run gives the same bits as an uninterrupted one.
 */
public final class DglmTrainer {
    private static final long VALIDATION_KEY = 0x5DEECE66DL;
    private final Engine engine;
    private final Dglm model;
    private final DglmSettings s;
    private final Images train;
    private final Images validation;
    private final List<Tensor> encoderParams;
    private final List<Tensor> decoderParams;
    private final List<Tensor> samplerParams;
    private final Adam encoderAdam;
    private final Adam decoderAdam;
    private final Adam samplerAdam;
    private final GradientClipping clipping;
    private final Binarizer binarizer;
    private final double[] host;
    private final Tensor x;
    private final Arena arena;
    private final List<DglmEpoch> history = new ArrayList<>();
    private int epochsDone;
    private long steps;
    private long skipped;
    private double trainSeconds;

    public DglmTrainer(Engine engine, Dglm model, Images train, Images validation) {
        this.engine = engine;
        this.model = model;
        this.s = model.settings();
        this.train = s.trainSubset() > 0 ? train.head(Math.min(s.trainSubset(), train.count())) : train;
        this.validation = s.validationSubset() > 0 ? validation.head(Math.min(s.validationSubset(), validation.count()))
                : validation;
        if (this.train.count() < s.batch()) {
            throw new IllegalArgumentException("batch: " + s.batch() + " with " + this.train.count()
                    + " training images; allowed: at most the training set size");
        }
        Vae vae = model.vae();
        this.encoderParams = vae.encoder().parameters();
        this.decoderParams = vae.decoder().parameters();
        this.samplerParams = model.refines() ? model.kernel().parameters() : List.of();
        LearningRateSchedule lr = LearningRateSchedule.constant(s.lr());
        this.encoderAdam = new Adam(encoderParams, lr);
        this.decoderAdam = new Adam(decoderParams, lr);
        this.samplerAdam = model.refines() ? new Adam(samplerParams, lr) : null;
        this.clipping = model.refines() && Double.isFinite(s.clipNorm()) ? new GradientClipping(samplerParams) : null;
        this.binarizer = new Binarizer(s.seed());
        this.host = new double[s.batch() * Mnist.PIXELS];
        this.x = engine.zeros(s.batch(), Mnist.PIXELS);
        this.arena = new Arena(engine);
    }

    /** Progress of training (the library prints nothing). */
    public interface Listener {
        /** After minibatch {@code batch} (1-based) of {@code batches}: running means of the ELBO and acceptance. */
        default void step(int epoch, int batch, int batches, double meanElbo, double meanAcceptance) {
        }

        default void epoch(DglmEpoch record) {
        }

        Listener NONE = new Listener() { };
    }

    public Dglm model() {
        return model;
    }

    public int epochsDone() {
        return epochsDone;
    }

    public boolean finished() {
        return epochsDone >= s.epochs();
    }

    public List<DglmEpoch> history() {
        return List.copyOf(history);
    }

    public double trainSeconds() {
        return trainSeconds;
    }

    /** Minibatches whose sampler loss was not finite (the sampler's update skipped). */
    public long skippedSamplerUpdates() {
        return skipped;
    }

    public int batchesPerEpoch() {
        return train.count() / s.batch();
    }

    /** Trains until the epoch budget is spent, checkpointing into {@code checkpointDir} (null: none) after each epoch. */
    public void train(Path checkpointDir, Listener listener) throws IOException {
        while (!finished()) {
            runEpoch(listener);
            if (checkpointDir != null) {
                save(checkpointDir);
            }
        }
    }

    /** One epoch and the validation ELBO. */
    public DglmEpoch runEpoch(Listener listener) {
        int epoch = epochsDone + 1;
        int[] order = shuffle(train.count(), s.seed(), epoch);
        int batches = batchesPerEpoch();
        long start = System.nanoTime();
        double elbo = 0;
        double logJoint = 0;
        double loss = 0;
        double acc = 0;
        int lossCount = 0;
        for (int b = 0; b < batches; b++) {
            double[] r = step(order, b, epoch);
            elbo += r[0];
            logJoint += r[1];
            if (Double.isFinite(r[2])) {
                loss += r[2];
                lossCount++;
            }
            acc += r[3];
            listener.step(epoch, b + 1, batches, elbo / (b + 1), acc / (b + 1));
        }
        double seconds = (System.nanoTime() - start) * 1e-9;
        double val = validationElbo();
        trainSeconds += (System.nanoTime() - start) * 1e-9;
        epochsDone = epoch;
        DglmEpoch rec = new DglmEpoch(epoch, elbo / batches, logJoint / batches,
                lossCount > 0 ? loss / lossCount : Double.NaN, model.refines() ? acc / batches : Double.NaN,
                model.refines() ? model.kernel().stepSize() : Double.NaN, val, seconds, skipped);
        history.add(rec);
        listener.epoch(rec);
        return rec;
    }

    /** One minibatch: the three updates. Returns {ELBO, log p(x, z_K), sampler loss, acceptance} (batch means). */
    private double[] step(int[] order, int b, int epoch) {
        int n = s.batch();
        int k = s.mhSteps();
        Vae vae = model.vae();
        try (Arena.Scope sc = arena.open()) {
            binarizer.batch(train, order, b * n, n, epoch, Binarizer.PURPOSE_TRAIN, host);
            x.assign(host);
            Gaussian q = vae.encoder().encode(x);
            Tensor eps = engine.normal(n, s.latent(), s.seed(), VaeStreams.PURPOSE_LATENT, (int) steps);
            Tensor elbo = model.elbo(x, q, eps);
            update(encoderAdam, elbo.neg(), encoderParams, null);
            Tensor z = q.sample(eps).detach();
            double loss = Double.NaN;
            double acc = Double.NaN;
            if (model.refines()) {
                Tensor scaleSq = q.sigma().detach().square().add(1e-4);
                Dglm.Chain ch = model.refine(x, z, k, s.seed(), (int) (steps * k), scaleSq);
                loss = ch.samplerLoss().item();
                if (Double.isFinite(loss)) {
                    update(samplerAdam, ch.samplerLoss(), samplerParams, clipping);
                } else {
                    skipped++;
                }
                z = ch.z();
                acc = ch.acceptance();
            }
            Tensor logJoint = model.decoderObjective(x, z);
            update(decoderAdam, logJoint.neg(), decoderParams, null);
            steps++;
            return new double[] {elbo.item(), logJoint.item(), loss, acc};
        }
    }

    private void update(Optimizer opt, Tensor loss, List<Tensor> params, GradientClipping clip) {
        opt.zeroGrad();
        Graph.backward(loss, params);
        if (clip != null) {
            clip.byGlobalNorm(s.clipNorm());
        }
        opt.step();
    }

    /** Mean ELBO over the validation images (fixed binarisation, the same draws every epoch). */
    public double validationElbo() {
        return meanElbo(engine, model.vae(), validation, s.seed() ^ VALIDATION_KEY, 500);
    }

    /** Mean per-image ELBO (analytic KL, one draw) of {@code vae} over {@code set} with a fixed binarisation. */
    public static double meanElbo(Engine engine, Vae vae, Images set, long seed, int evalBatch) {
        Binarizer bin = Binarizer.evaluation();
        double total = 0;
        try (Engine.GradRegion g = engine.noGrad(); Arena a = new Arena(engine)) {
            for (int from = 0, it = 0; from < set.count(); from += evalBatch, it++) {
                int n = Math.min(evalBatch, set.count() - from);
                double[] xb = new double[n * Mnist.PIXELS];
                bin.batch(set, null, from, n, Binarizer.FIXED_EPOCH, Binarizer.PURPOSE_EVAL, xb);
                try (Arena.Scope sc = a.open()) {
                    Tensor xt = engine.wrap(n, Mnist.PIXELS, xb);
                    Gaussian q = vae.encoder().encode(xt);
                    Tensor z = q.sample(engine.normal(n, vae.latent(), seed, VaeStreams.PURPOSE_LATENT, it));
                    total += vae.decoder().logLikelihood(xt, z).sub(q.klToStandardNormal()).sum().item();
                }
            }
        }
        return total / set.count();
    }

    /** A permutation of 0..n-1 that depends only on (seed, epoch). */
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

    private List<Tensor> checkpointTensors() {
        List<Tensor> t = new ArrayList<>(model.parameters());
        t.addAll(encoderAdam.state());
        t.addAll(decoderAdam.state());
        if (samplerAdam != null) {
            t.addAll(samplerAdam.state());
        }
        return t;
    }

    /** Writes the checkpoint into {@code dir}. */
    public void save(Path dir) throws IOException {
        ObjectMapper m = new ObjectMapper();
        ObjectNode o = m.createObjectNode();
        o.put("format", "leapfrog-dglm-checkpoint");
        o.put("version", 1);
        o.set("settings", m.valueToTree(s.withEpochs(1).asMap()));
        o.put("epochs_done", epochsDone);
        o.put("steps", steps);
        o.put("encoder_steps", encoderAdam.steps());
        o.put("decoder_steps", decoderAdam.steps());
        o.put("sampler_steps", samplerAdam == null ? 0 : samplerAdam.steps());
        o.put("skipped", skipped);
        o.put("train_seconds", trainSeconds);
        ArrayNode h = o.putArray("history");
        for (DglmEpoch r : history) {
            h.add(m.valueToTree(r));
        }
        DglmCheckpoint.save(dir, o, checkpointTensors());
    }

    public static boolean hasCheckpoint(Path dir) {
        return DglmCheckpoint.exists(dir);
    }

    /** Restores a checkpoint of a run with the same settings (the epoch budget may differ). */
    public void resume(Path dir) throws IOException {
        JsonNode meta = DglmCheckpoint.meta(dir);
        JsonNode mine = new ObjectMapper().valueToTree(s.withEpochs(1).asMap());
        if (!meta.path("settings").toString().equals(mine.toString())) {
            throw new IllegalArgumentException("resume: checkpoint in " + dir + " has settings " + meta.path("settings")
                    + "; allowed: this run's settings " + mine + " (the epoch budget may differ)");
        }
        DglmCheckpoint.load(dir, meta, checkpointTensors());
        encoderAdam.restoreSteps(meta.path("encoder_steps").asLong());
        decoderAdam.restoreSteps(meta.path("decoder_steps").asLong());
        if (samplerAdam != null) {
            samplerAdam.restoreSteps(meta.path("sampler_steps").asLong());
        }
        epochsDone = meta.path("epochs_done").asInt();
        steps = meta.path("steps").asLong();
        skipped = meta.path("skipped").asLong();
        trainSeconds = meta.path("train_seconds").asDouble();
        history.clear();
        for (JsonNode r : meta.path("history")) {
            history.add(new DglmEpoch(r.path("epoch").asInt(), r.path("trainElbo").asDouble(),
                    r.path("trainLogJoint").asDouble(), number(r.path("samplerLoss")), number(r.path("acceptance")),
                    number(r.path("stepSize")), r.path("validationElbo").asDouble(), r.path("seconds").asDouble(),
                    r.path("skipped").asLong()));
        }
    }

    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : n.isTextual() ? Double.parseDouble(n.asText()) : Double.NaN;
    }
}
