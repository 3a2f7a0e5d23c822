package org.leapfrog.vae.mcmc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.samplers.adapt.Preconditioner;
import org.leapfrog.vae.data.Images;
import org.leapfrog.vae.data.Mnist;
import org.leapfrog.vae.model.Architecture;
import org.leapfrog.vae.model.Vae;
import org.leapfrog.vae.model.VaeElbo;
import org.leapfrog.vae.train.ImportanceSampling;
import org.leapfrog.vae.train.Pictures;
import org.leapfrog.vae.train.TrainSettings;
import org.leapfrog.vae.train.VaeExperiment;
import org.leapfrog.vae.train.VaeTrainer;

/**
 * The MNIST protocol of Table 1 (Section 6.1): per run, pretrain one VAE with the ELBO, then branch: each model
 * starts from the pretrained parameters and trains the MCMC phase ({@code vae}: more ELBO epochs, the same count;
 * {@code gradMALA}, {@code dsMALA}, {@code gradHMC}, {@code dsHMC}: Algorithm 1 with {@link McmcVaeStep}); then the
 * test log-likelihood by importance sampling with {@link GaussianProposal} (tau, S samples, repeats), reconstructions
 * and prior samples. Every phase checkpoints after each epoch under {@code DIR/run-<r>/} and resumes exactly; a model
 * whose row is already written is not redone when resuming.
 */
public final class McmcVaeExperiment {
    /** The models of Table 1 that this experiment trains. */
    public static final List<String> MODELS = List.of("vae", "gradMALA", "dsMALA", "gradHMC", "dsHMC");
    /** Mixed into the seed of the MCMC phase (a different shuffle and noise from pretraining). */
    private static final long PHASE_KEY = 0x2545F4914F6CDD1DL;
    private static final long REPEAT_KEY = 0x9E3779B97F4A7C15L;

    /**
     * @param pretrainEpochs  ELBO epochs before branching (paper: 90)
     * @param mcmcEpochs      epochs of the MCMC phase (paper: 10)
     * @param trainSubset     training images (0: all 50,000)
     * @param validationSubset validation images (0: all 10,000)
     * @param mhSteps         K
     * @param leapfrogSteps   L of the HMC models
     * @param kind            C of the gradient models
     * @param phi1Rate        Adam's rate on phi1
     * @param testImages      test images (0: all 10,000)
     * @param isSamples       S (paper: 10,000)
     * @param isRepeats       independent importance-sampling repeats per model and run
     * @param tau             proposal scale (paper: 1.5)
     * @param evalChains      chains whose mean z_K centres the proposal of the MCMC models
     * @param runs            independent runs (paper: 3)
     */
    public record Protocol(Architecture architecture, int pretrainEpochs, int mcmcEpochs, int batch, double lr,
                           int trainSubset, int validationSubset, int mhSteps, int leapfrogSteps,
                           Preconditioner.Kind kind, double phi1Rate, int testImages, int isSamples, int isRepeats,
                           double tau, int evalChains, int runs, List<String> models, long seed) {
        public Protocol {
            for (String m : models) {
                if (!MODELS.contains(m)) {
                    throw new IllegalArgumentException("models: '" + m + "'; allowed: " + String.join(", ", MODELS));
                }
            }
            if (pretrainEpochs < 1 || mcmcEpochs < 1 || runs < 1 || isSamples < 1 || isRepeats < 1 || evalChains < 1) {
                throw new IllegalArgumentException("pretrainEpochs " + pretrainEpochs + ", mcmcEpochs " + mcmcEpochs
                        + ", runs " + runs + ", isSamples " + isSamples + ", isRepeats " + isRepeats + ", evalChains "
                        + evalChains + "; allowed: 1 or more each");
            }
        }

        /** The paper's MNIST protocol: MLP, latent 10, 90 + 10 epochs, lr 1e-3, all data, S = 10,000, tau 1.5, 3 runs. */
        public static Protocol paper(long seed) {
            return new Protocol(Architecture.mlp(10), 90, 10, 100, 1e-3, 0, 0, 5, 5, Preconditioner.Kind.DIAGONAL, 0.01,
                    0, 10_000, 1, 1.5, 100, 3, MODELS, seed);
        }

        /** A few minutes on a CPU: 2 + 1 epochs on 2,000 images, 50 test images x 500 samples x 2 repeats, one run. */
        public static Protocol quick(long seed) {
            return new Protocol(Architecture.mlp(10), 2, 1, 100, 1e-3, 2000, 500, 2, 3, Preconditioner.Kind.DIAGONAL, 0.01,
                    50, 500, 2, 1.5, 50, 1, MODELS, seed);
        }

        TrainSettings pretrain(long runSeed) {
            return new TrainSettings(pretrainEpochs, batch, lr, pretrainEpochs + 1, trainSubset, validationSubset,
                    runSeed, 500);
        }

        TrainSettings mcmc(long runSeed) {
            return new TrainSettings(mcmcEpochs, batch, lr, mcmcEpochs + 1, trainSubset, validationSubset,
                    runSeed ^ PHASE_KEY, 500);
        }

        RefinementSettings refinement(String model) {
            RefinementSettings r = switch (model) {
                case "gradMALA" -> RefinementSettings.gradMala(mhSteps, kind);
                case "dsMALA" -> RefinementSettings.dsMala(mhSteps);
                case "gradHMC" -> RefinementSettings.gradHmc(mhSteps, leapfrogSteps, kind);
                case "dsHMC" -> RefinementSettings.dsHmc(mhSteps, leapfrogSteps);
                default -> null;
            };
            return r == null ? null : r.withLearningRate(phi1Rate);
        }
    }

    private final Engine engine;
    private final Mnist data;
    private final Protocol p;
    private final VaeExperiment.Progress progress;
    private final boolean resume;

    public McmcVaeExperiment(Engine engine, Mnist data, Protocol protocol, VaeExperiment.Progress progress, boolean resume) {
        this.engine = engine;
        this.data = data;
        this.p = protocol;
        this.progress = progress;
        this.resume = resume;
    }

    /** Everything into {@code out}; returns the report files. */
    public List<Path> run(Path out) throws IOException {
        Files.createDirectories(out);
        int n = p.models().size();
        double[][] ll = new double[n][];
        double[][] runMeans = new double[n][p.runs()];
        double[][] repeatMeans = new double[n][];
        double[] seconds = new double[n];
        double[] mcmcSeconds = new double[n];
        double[] acc = new double[n];
        double[] accProb = new double[n];
        double[] step = new double[n];
        double[] beta = new double[n];
        Images test = p.testImages() == 0 ? data.test() : data.test().head(p.testImages());
        for (int r = 0; r < p.runs(); r++) {
            long seed = p.seed() + r;
            Path runDir = out.resolve("run-" + r);
            pretrain(runDir, seed);
            Path preParams = runDir.resolve("pretrain").resolve("model.params.json");
            for (int k = 0; k < n; k++) {
                String model = p.models().get(k);
                Branch b = branch(runDir.resolve(model), model, preParams, seed, test, r == 0);
                ll[k] = ll[k] == null ? new double[test.count()] : ll[k];
                for (int i = 0; i < test.count(); i++) {
                    ll[k][i] += b.perImage[i] / p.runs();
                }
                runMeans[k][r] = mean(b.perImage);
                repeatMeans[k] = b.repeatMeans;
                seconds[k] += (b.pretrainSeconds + b.mcmcSeconds) / p.runs();
                mcmcSeconds[k] += b.mcmcSeconds / p.runs();
                acc[k] += b.acceptance / p.runs();
                accProb[k] += b.acceptanceProbability / p.runs();
                step[k] += b.stepSize / p.runs();
                beta[k] += b.beta / p.runs();
            }
        }
        List<McmcVaeRow> rows = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            String model = p.models().get(k);
            RefinementSettings rs = p.refinement(model);
            boolean overRuns = p.runs() > 1;
            double sd = overRuns ? sd(runMeans[k]) : sd(repeatMeans[k]);
            rows.add(new McmcVaeRow(model, "mnist", p.pretrainEpochs() + p.mcmcEpochs(), p.pretrainEpochs(),
                    p.mcmcEpochs(), seconds[k], mcmcSeconds[k], mean(ll[k]), sd,
                    overRuns ? "runs" : "importance-sampling repeats", sd(ll[k]) / Math.sqrt(ll[k].length), acc[k],
                    accProb[k], rs == null ? "none" : rs.adaptation() == RefinementSettings.Adaptation.DUAL_AVERAGING
                    ? "identity" : rs.kind() == Preconditioner.Kind.DIAGONAL ? "D" : "LT",
                    rs == null ? 0 : rs.mhSteps(), rs == null ? 0 : rs.leapfrogSteps(), rs == null ? Double.NaN : step[k],
                    rs == null || rs.adaptation() != RefinementSettings.Adaptation.GRADIENT ? Double.NaN : beta[k],
                    p.runs(), test.count(), p.isSamples(), p.tau(), ll[k]));
        }
        ObjectNode protocol = new ObjectMapper().valueToTree(p);
        protocol.put("architecture", p.architecture().toString());
        protocol.put("device", engine.toString());
        return McmcVaeReport.write(out, protocol, rows);
    }

    /** Pretrains (or resumes) the shared VAE of one run; writes its best parameters. */
    private Vae pretrain(Path runDir, long seed) throws IOException {
        Path dir = runDir.resolve("pretrain");
        Vae vae = p.architecture().build(engine, data.train().meanIntensity(), seed);
        VaeTrainer t = new VaeTrainer(engine, vae, new VaeElbo(true), data, p.pretrain(seed));
        Path ckpt = dir.resolve("checkpoint");
        if (resume && VaeTrainer.hasCheckpoint(ckpt)) {
            t.resume(ckpt);
            progress.phase("pretraining: resumed after epoch " + t.epochsDone());
        }
        progress.phase("pretraining the VAE (" + p.architecture().label() + ", latent " + p.architecture().latent()
                + ") for " + p.pretrainEpochs() + " epochs");
        t.train(ckpt, progress);
        t.restoreBest();
        vae.save(dir.resolve("model.params.json"));
        Files.writeString(dir.resolve("train_seconds.txt"), Double.toString(t.trainSeconds()));
        return vae;
    }

    private record Branch(double[] perImage, double[] repeatMeans, double pretrainSeconds, double mcmcSeconds,
                          double acceptance, double acceptanceProbability, double stepSize, double beta) {
    }

    /** The MCMC phase of one model from the pretrained parameters, then its evaluation. */
    private Branch branch(Path dir, String model, Path preParams, long seed, Images test, boolean pictures)
            throws IOException {
        double preSeconds = Double.parseDouble(Files.readString(preParams.getParent().resolve("train_seconds.txt")));
        Path done = dir.resolve("branch.json");
        ObjectMapper m = new ObjectMapper();
        if (resume && Files.exists(done)) {
            progress.phase(model + ": already done");
            var j = m.readTree(done.toFile());
            return new Branch(m.treeToValue(j.get("per_image"), double[].class),
                    m.treeToValue(j.get("repeat_means"), double[].class), preSeconds,
                    j.get("mcmc_seconds").asDouble(), j.get("acceptance").asDouble(),
                    j.get("acceptance_probability").asDouble(), j.get("step_size").asDouble(), j.get("beta").asDouble());
        }
        Vae vae = p.architecture().build(engine, null, seed);
        vae.load(preParams);
        VaeTrainer t = new VaeTrainer(engine, vae, new VaeElbo(true), data, p.mcmc(seed));
        RefinementSettings rs = p.refinement(model);
        MarkovRefinement refinement = rs == null ? null : new MarkovRefinement(engine, vae.latent(), rs);
        McmcVaeStep rule = refinement == null ? null : new McmcVaeStep(refinement);
        if (rule != null) {
            t.withStepRule(rule);
        }
        Path ckpt = dir.resolve("checkpoint");
        if (resume && VaeTrainer.hasCheckpoint(ckpt)) {
            t.resume(ckpt);
            progress.phase(model + ": resumed after epoch " + t.epochsDone());
        }
        progress.phase(model + ": MCMC phase, " + p.mcmcEpochs() + " epochs" + (rs == null ? " (ELBO)" : " (" + rs.label()
                + ", K " + rs.mhSteps() + ", L " + rs.leapfrogSteps() + ")"));
        t.train(ckpt, progress);
        vae.save(dir.resolve("model.params.json"));
        GaussianProposal proposal = refinement == null ? new GaussianProposal(p.tau())
                : new GaussianProposal(p.tau(), refinement, p.evalChains());
        progress.phase(model + ": test log-likelihood, " + test.count() + " images x " + p.isSamples() + " samples x "
                + p.isRepeats() + " repeats (tau " + p.tau() + ")");
        double[] perImage = new double[test.count()];
        double[] repeatMeans = new double[p.isRepeats()];
        for (int rep = 0; rep < p.isRepeats(); rep++) {
            double[] ll = ImportanceSampling.logLikelihoods(engine, vae, proposal, test, p.isSamples(),
                    seed + (rep + 1) * REPEAT_KEY, Math.min(p.isSamples(), 1000));
            for (int i = 0; i < ll.length; i++) {
                perImage[i] += ll[i] / p.isRepeats();
            }
            repeatMeans[rep] = mean(ll);
            progress.nllImages((rep + 1) * test.count(), p.isRepeats() * test.count());
        }
        if (pictures) {
            Pictures.reconstructions(engine, vae, data.test(), 10, dir.resolve("reconstructions.png"));
            Pictures.priorSamples(engine, vae, 10, seed, dir.resolve("samples.png"));
            Pictures.curves(t.history(), model + " (MCMC phase)", dir.resolve("curves.png"));
        }
        double stepSize = refinement == null ? Double.NaN : refinement.stepSize();
        double beta = refinement == null ? Double.NaN : refinement.beta();
        double accepted = rule == null ? Double.NaN : rule.meanAccepted();
        double prob = rule == null ? Double.NaN : rule.meanAcceptanceProbability();
        ObjectNode j = m.createObjectNode();
        j.put("model", model);
        j.set("per_image", m.valueToTree(perImage));
        j.set("repeat_means", m.valueToTree(repeatMeans));
        j.put("mcmc_seconds", t.trainSeconds());
        j.put("acceptance", accepted);
        j.put("acceptance_probability", prob);
        j.put("step_size", stepSize);
        j.put("beta", beta);
        if (refinement != null) {
            j.set("preconditioner_row_major", m.valueToTree(refinement.matrixRowMajor()));
        }
        m.writerWithDefaultPrettyPrinter().writeValue(done.toFile(), j);
        progress.phase(String.format(Locale.ROOT, "%s: test log-likelihood %.3f, acceptance %.3f", model, mean(perImage),
                accepted));
        return new Branch(perImage, repeatMeans, preSeconds, t.trainSeconds(), accepted, prob, stepSize, beta);
    }

    static double mean(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }

    static double sd(double[] a) {
        if (a == null || a.length < 2) {
            return Double.NaN;
        }
        double m = mean(a);
        double ss = 0;
        for (double v : a) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (a.length - 1));
    }
}
