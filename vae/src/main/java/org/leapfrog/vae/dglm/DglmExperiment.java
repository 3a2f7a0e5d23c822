package org.leapfrog.vae.dglm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.optim.ParameterStore;
import org.leapfrog.vae.data.Binarizer;
import org.leapfrog.vae.data.Images;
import org.leapfrog.vae.data.Mnist;

/**
 * The L2HMC-DGLM experiment end to end: train the plain VAE and the DGLM with one protocol (the same trainer, the
 * VAE being K = 0), estimate both test log-likelihoods by importance sampling, run the Block-Gibbs inpainting
 * with the DGLM's encoder alone and with its kernel, and write {@code l2hmc-dglm.json}, {@code l2hmc-dglm.md}
 * and the PNGs into the output directory (each model's checkpoint and parameters in a sub-directory).
 * {@link #run} is the plain entry point other benchmarks can call.
 */
public final class DglmExperiment {
    public static final String VAE = "vae";
    public static final String DGLM = "l2hmc-dglm";

    /**
     * @param settings      the DGLM's settings (the VAE uses them with {@code mhSteps = 0})
     * @param testImages    test images for the log-likelihood (0: all 10,000)
     * @param likelihood    the importance-sampling protocol
     * @param inpaintDigits test digits in the inpainting figures
     * @param inpaintSweeps Block-Gibbs sweeps
     * @param resume        continue each model from its checkpoint when present
     */
    public record Options(DglmSettings settings, int testImages, DglmLikelihood.Options likelihood, int inpaintDigits,
                          int inpaintSweeps, boolean resume) {
        /** Minutes on two CPU cores: {@link DglmSettings#quick}, 200 test images x 500 samples x 3 repeats. */
        public static Options quick(long seed) {
            return new Options(DglmSettings.quick(seed), 200, new DglmLikelihood.Options(500, 3, 1.5, 16, 10, 500), 8,
                    20, false);
        }

        /** The released code's model and budget, the paper's IS protocol (10,000 samples, tau 1.5, 3 repeats). */
        public static Options full(long seed) {
            return new Options(DglmSettings.full(seed), 0, new DglmLikelihood.Options(10_000, 3, 1.5, 32, 20, 1000), 10,
                    50, false);
        }
    }

    /** One model's row (the fields of {@code mcmc-vae.json}'s rows, and a few more). */
    public record Row(String model, String dataset, int epochs, double trainSeconds, double testLoglik,
                      double testLoglikSd, double testLoglikSe, double acceptance, double evalAcceptance,
                      double stepSize, double validationElbo, long skippedSamplerUpdates, String proposal) {
    }

    /** Both rows, the paired difference DGLM - VAE of the per-image estimates and its standard error, the files. */
    public record Result(Row vae, Row dglm, double pairedDifference, double pairedSe, List<Path> files) {
    }

    /** Progress of the phases (the library prints nothing). */
    public interface Progress extends DglmTrainer.Listener {
        default void phase(String name) {
        }

        default void images(int done, int total) {
        }
    }

    private DglmExperiment() {
    }

    public static Result run(Engine engine, Options o, Path out, Progress progress) throws IOException {
        Files.createDirectories(out);
        Mnist data = Mnist.load();
        Images test = o.testImages() == 0 ? data.test() : data.test().head(o.testImages());
        List<Path> files = new ArrayList<>();
        DglmSettings ds = o.settings();
        Trained vae = train(engine, data, ds.withMhSteps(0), o.resume(), out.resolve(VAE), progress);
        Trained dglm = train(engine, data, ds, o.resume(), out.resolve(DGLM), progress);
        DglmLikelihood.Estimate ev = likelihood(engine, vae, test, o, progress);
        DglmLikelihood.Estimate ed = likelihood(engine, dglm, test, o, progress);
        double[] diff = new double[ev.perImage().length];
        for (int i = 0; i < diff.length; i++) {
            diff[i] = ed.perImage()[i] - ev.perImage()[i];
        }
        double pairedDiff = ed.mean() - ev.mean();
        double pairedSe = DglmLikelihood.standardError(diff);
        Row rv = row(VAE, vae, ev, "N(mu(x), " + o.likelihood().tau() + " sigma(x)^2) from the encoder");
        Row rd = row(DGLM, dglm, ed, "N(mean of " + o.likelihood().chains() + " chains x " + o.likelihood().chainSteps()
                + " kernel transitions from q, " + o.likelihood().tau() + " sigma(x)^2)");

        Inpainting inpainting = inpaint(engine, data, dglm.model, o, out, progress);
        Path pq = inpainting.byEncoder();
        Path pk = inpainting.byKernel();
        Path curves = out.resolve("l2hmc-dglm-curves.png");
        DglmPictures.curves(List.of(VAE, DGLM), List.of(vae.trainer.history(), dglm.trainer.history()), curves);
        Path sampler = out.resolve("l2hmc-dglm-sampler.png");
        DglmPictures.sampler(dglm.trainer.history(), sampler);

        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("benchmark", "l2hmc-dglm");
        root.put("device", engine.toString());
        root.set("settings", m.valueToTree(ds.asMap()));
        root.put("test_images", test.count());
        root.put("is_samples", o.likelihood().samples());
        root.put("is_repeats", o.likelihood().repeats());
        root.put("is_tau", o.likelihood().tau());
        root.put("eval_chains", o.likelihood().chains());
        root.put("eval_chain_steps", o.likelihood().chainSteps());
        root.put("paired_difference", pairedDiff);
        root.put("paired_difference_se", pairedSe);
        root.put("inpainting_sweeps", o.inpaintSweeps());
        root.put("inpainting_acceptance", inpainting.acceptance());
        ArrayNode rows = root.putArray("rows");
        for (Row r : List.of(rv, rd)) {
            ObjectNode j = rows.addObject();
            j.put("model", r.model());
            j.put("dataset", r.dataset());
            j.put("epochs", r.epochs());
            j.put("train_seconds", r.trainSeconds());
            j.put("test_loglik", r.testLoglik());
            j.put("test_loglik_sd", r.testLoglikSd());
            j.put("test_loglik_se", r.testLoglikSe());
            nullable(j, "acceptance", r.acceptance());
            nullable(j, "eval_acceptance", r.evalAcceptance());
            nullable(j, "step_size", r.stepSize());
            j.put("validation_elbo", r.validationElbo());
            j.put("skipped_sampler_updates", r.skippedSamplerUpdates());
            j.put("proposal", r.proposal());
        }
        Path json = out.resolve("l2hmc-dglm.json");
        m.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), root);
        Path md = out.resolve("l2hmc-dglm.md");
        Files.writeString(md, markdown(root, rv, rd));
        files.addAll(List.of(json, md, pq, pk, curves, sampler));
        return new Result(rv, rd, pairedDiff, pairedSe, files);
    }

    /** The two Block-Gibbs inpainting figures and the kernel's mean acceptance in them. */
    public record Inpainting(Path byEncoder, Path byKernel, double acceptance) {
    }

    /**
     * Block-Gibbs inpainting of the top half of the first test digits, with z ~ q(z|x) and with the kernel:
     * {@code out/inpainting-q.png} and {@code out/inpainting-l2hmc.png}.
     */
    private static Inpainting inpaint(Engine engine, Mnist data, Dglm model, Options o, Path out, Progress progress)
            throws IOException {
        progress.phase("inpainting: " + o.inpaintDigits() + " digits x " + o.inpaintSweeps() + " Block-Gibbs sweeps");
        int n = o.inpaintDigits();
        long seed = o.settings().seed();
        double[] originals = new double[n * Mnist.PIXELS];
        Binarizer.evaluation().batch(data.test(), null, 0, n, Binarizer.FIXED_EPOCH, Binarizer.PURPOSE_EVAL, originals);
        boolean[] observed = BlockGibbs.bottomHalfObserved();
        int[] at = snapshotSweeps(o.inpaintSweeps());
        BlockGibbs.Result byQ = BlockGibbs.run(engine, model, originals, n, observed, BlockGibbs.Mode.ENCODER,
                o.inpaintSweeps(), at, seed);
        BlockGibbs.Result byK = BlockGibbs.run(engine, model, originals, n, observed, BlockGibbs.Mode.KERNEL,
                o.inpaintSweeps(), at, seed);
        Path pq = out.resolve("inpainting-q.png");
        Path pk = out.resolve("inpainting-l2hmc.png");
        DglmPictures.inpainting(originals, observed, byQ.snapshots(), n, pq);
        DglmPictures.inpainting(originals, observed, byK.snapshots(), n, pk);
        return new Inpainting(pq, pk, byK.acceptance());
    }

    /**
     * The DGLM's row alone (for a benchmark that has its own VAE row, e.g. {@code mcmc-vae}): trains (or resumes)
     * the DGLM into {@code out/l2hmc-dglm}, estimates its test log-likelihood with the options' protocol and draws
     * the inpainting figures into {@code out} ({@code inpainting-q.png}, {@code inpainting-l2hmc.png}).
     */
    public static Row dglmRow(Engine engine, Options o, Path out, Progress progress) throws IOException {
        Mnist data = Mnist.load();
        Images test = o.testImages() == 0 ? data.test() : data.test().head(o.testImages());
        Trained dglm = train(engine, data, o.settings(), o.resume(), out.resolve(DGLM), progress);
        DglmLikelihood.Estimate ed = likelihood(engine, dglm, test, o, progress);
        inpaint(engine, data, dglm.model, o, out, progress);
        return row(DGLM, dglm, ed, "N(mean of " + o.likelihood().chains() + " chains x " + o.likelihood().chainSteps()
                + " kernel transitions from q, " + o.likelihood().tau() + " sigma(x)^2)");
    }

    private record Trained(Dglm model, DglmTrainer trainer) {
    }

    private static Trained train(Engine engine, Mnist data, DglmSettings s, boolean resume, Path dir,
                                 Progress progress) throws IOException {
        Files.createDirectories(dir);
        Dglm model = Dglm.build(engine, s, data.train().meanIntensity());
        DglmTrainer t = new DglmTrainer(engine, model, data.train(), data.validation());
        Path ckpt = dir.resolve("checkpoint");
        String name = s.mhSteps() == 0 ? VAE : DGLM;
        if (resume && DglmTrainer.hasCheckpoint(ckpt)) {
            t.resume(ckpt);
            progress.phase(name + ": resumed after epoch " + t.epochsDone());
        }
        progress.phase("training " + name + ": " + s.epochs() + " epochs x " + t.batchesPerEpoch() + " batches of "
                + s.batch());
        t.train(ckpt, progress);
        ParameterStore.save(dir.resolve("model.params.json"), model.parameters());
        return new Trained(model, t);
    }

    private static DglmLikelihood.Estimate likelihood(Engine engine, Trained t, Images test, Options o,
                                                      Progress progress) {
        String name = t.model.refines() ? DGLM : VAE;
        int total = test.count() * o.likelihood().repeats();
        progress.phase("test log-likelihood of " + name + ": " + test.count() + " images x " + o.likelihood().samples()
                + " importance samples x " + o.likelihood().repeats() + " repeats");
        return DglmLikelihood.estimate(engine, t.model, test, o.likelihood(), o.settings().seed() + 101,
                done -> progress.images(done, total));
    }

    private static Row row(String name, Trained t, DglmLikelihood.Estimate e, String proposal) {
        List<DglmEpoch> h = t.trainer.history();
        DglmEpoch last = h.get(h.size() - 1);
        return new Row(name, "mnist (dynamically binarised; test set fixed binarisation)", t.trainer.epochsDone(),
                t.trainer.trainSeconds(), e.mean(), e.sdOverRepeats(), e.seOverImages(), last.acceptance(),
                e.acceptance(), last.stepSize(), last.validationElbo(), t.trainer.skippedSamplerUpdates(), proposal);
    }

    /** Snapshot sweeps: 1, 2, 5, 10, 20, 50, ... up to {@code sweeps} (always including the last). */
    static int[] snapshotSweeps(int sweeps) {
        List<Integer> l = new ArrayList<>();
        for (int base = 1; base <= sweeps; base *= 10) {
            for (int f : new int[] {1, 2, 5}) {
                if (base * f < sweeps) {
                    l.add(base * f);
                }
            }
        }
        l.add(sweeps);
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void nullable(ObjectNode j, String k, double v) {
        if (Double.isNaN(v)) {
            j.putNull(k);
        } else {
            j.put(k, v);
        }
    }

    private static String markdown(ObjectNode root, Row vae, Row dglm) {
        StringBuilder b = new StringBuilder("# L2HMC-DGLM vs VAE on MNIST\n\n");
        b.append("Device: ").append(root.path("device").asText()).append(".\n\n");
        b.append("Settings: ").append(root.path("settings")).append(".\n\n");
        b.append(String.format(Locale.ROOT, "Test log-likelihood: %d test images x %d importance samples x %d repeats, "
                        + "tau = %.2f.%n%n", root.path("test_images").asInt(), root.path("is_samples").asInt(),
                root.path("is_repeats").asInt(), root.path("is_tau").asDouble()));
        b.append("| model | epochs | train seconds | test log-lik | sd (repeats) | se (images) | acceptance (train) "
                + "| acceptance (eval) | step size | validation ELBO | proposal |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : List.of(vae, dglm)) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.3f | %.3f | %.3f | %s | %s | %s | %.3f | %s |%n",
                    r.model(), r.epochs(), r.trainSeconds(), r.testLoglik(), r.testLoglikSd(), r.testLoglikSe(),
                    f(r.acceptance()), f(r.evalAcceptance()), f(r.stepSize()), r.validationElbo(), r.proposal()));
        }
        b.append(String.format(Locale.ROOT, "%nPaired difference DGLM - VAE over the same images: %.3f nats (se %.3f).%n",
                root.path("paired_difference").asDouble(), root.path("paired_difference_se").asDouble()));
        b.append("\nInpainting (top half missing, bottom half given; columns: original, observed part, then the "
                + "completion after sweeps 1, 2, 5, ...; missing pixels shown as p(x|z)): `inpainting-q.png` with z ~ q(z|x), "
                + "`inpainting-l2hmc.png` with the kernel (mean acceptance ")
                .append(f(root.path("inpainting_acceptance").asDouble())).append(").\n");
        return b.toString();
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
