package org.leapfrog.vae.hierarchical;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * Hirt et al. section 6.4, Tables 4 and 5: linear hierarchical VAEs trained on 1000 observations simulated from
 * a {@link LinearHierarchicalModel#truth ground truth} (data dimension n2, noise sd 0.5), as the plain hVAE and
 * the MCMC-coupled variants. Per latent size, one hVAE is pre-trained with the ELBO; every model then starts from
 * it (fresh Adam state) for the second phase: ELBO epochs for the hVAE, Algorithm 1 epochs for the others. After
 * training, from the closed forms under the learned theta: kappa(Sigma_z|x^-1), kappa(C' Sigma_z|x^-1 C) with the
 * chain's learned C, and Delta log p(x) = log p_true(x) - log p_theta(x) summed over the 1000 training
 * observations (also per observation and on 1000 held-out ones).
 */
public final class LinearHvaeExperiment {
    /** The data dimension for latent sizes (n1, n2): n2, as the adaptation benchmark's posterior. */
    public static int dataDim(int n1, int n2) {
        return n2;
    }

    /**
     * One latent size and its budget.
     *
     * @param mcmcSteps      K, Metropolis-Hastings steps per training step (the paper: 2 for (10,20), 10 for (50,100))
     * @param pretrainEpochs ELBO epochs before the MCMC phase
     * @param mcmcEpochs     epochs of the second phase (ELBO for the hVAE, Algorithm 1 for the others)
     */
    public record Size(int n1, int n2, int mcmcSteps, int pretrainEpochs, int mcmcEpochs) {
        public Size {
            if (n1 < 1 || n2 < 1) {
                throw new IllegalArgumentException("layer sizes: (" + n1 + ", " + n2 + "); allowed: both >= 1");
            }
            if (mcmcSteps < 1) {
                throw new IllegalArgumentException("mcmcSteps: " + mcmcSteps + "; allowed: >= 1");
            }
            if (pretrainEpochs < 0 || mcmcEpochs < 0) {
                throw new IllegalArgumentException("epochs: " + pretrainEpochs + " + " + mcmcEpochs
                        + "; allowed: both >= 0");
            }
        }

        public String label() {
            return "(" + n1 + "," + n2 + ")";
        }
    }

    /**
     * What to run.
     *
     * @param plan         a name for the reports (full, quick, custom)
     * @param sizes        latent sizes and budgets
     * @param models       the models of the tables
     * @param observations simulated observations (the paper: 1000)
     * @param noiseSd      observation noise sd of the ground truth (the paper: 0.5)
     * @param batch        minibatch size
     * @param rate         Adam learning rate (the paper: 1e-3)
     * @param isSamples    importance samples per observation for the encoder's log p(x) estimate (0: skip)
     * @param seed         base seed of the data, initialisation and draws
     */
    public record Settings(String plan, List<Size> sizes, List<LinearHvaeMethod> models, int observations,
                           double noiseSd, int batch, double rate, int isSamples, long seed) {
        public Settings {
            sizes = List.copyOf(sizes);
            models = List.copyOf(models);
            if (sizes.isEmpty() || models.isEmpty()) {
                throw new IllegalArgumentException("sizes, models: " + sizes.size() + ", " + models.size()
                        + "; allowed: at least one of each");
            }
            if (observations < 1) {
                throw new IllegalArgumentException("observations: " + observations + "; allowed: >= 1");
            }
            if (!(noiseSd > 0)) {
                throw new IllegalArgumentException("noiseSd: " + noiseSd + "; allowed: > 0");
            }
            if (batch < 1) {
                throw new IllegalArgumentException("batch: " + batch + "; allowed: >= 1");
            }
            if (!(rate > 0)) {
                throw new IllegalArgumentException("rate: " + rate + "; allowed: > 0");
            }
            if (isSamples < 0) {
                throw new IllegalArgumentException("isSamples: " + isSamples + "; allowed: >= 0");
            }
        }

        /** The paper's protocol: (10,20) with K = 2, 1000 + 1000 epochs; (50,100) with K = 10, 5000 + 5000. */
        public static Settings full() {
            return new Settings("full", List.of(new Size(10, 20, 2, 1000, 1000), new Size(50, 100, 10, 5000, 5000)),
                    LinearHvaeMethod.paper(), 1000, 0.5, 100, 1e-3, 1000, 2023L);
        }

        /**
         * A budget for a 2-core machine (about 10 minutes): the same sizes and K, 200 + 10 epochs for (10,20) and
         * 30 + 1 for (50,100) (one gradHMC epoch there is about a minute on the Java engine), 100 importance samples.
         */
        public static Settings quick() {
            return new Settings("quick", List.of(new Size(10, 20, 2, 200, 10), new Size(50, 100, 10, 30, 1)),
                    LinearHvaeMethod.paper(), 1000, 0.5, 100, 1e-3, 100, 2023L);
        }

        public Settings withModels(List<LinearHvaeMethod> m) {
            return new Settings(plan, sizes, m, observations, noiseSd, batch, rate, isSamples, seed);
        }

        public Settings withImportanceSamples(int samples) {
            return new Settings(plan, sizes, models, observations, noiseSd, batch, rate, samples, seed);
        }

        public Settings withSizes(List<Size> s) {
            return new Settings("custom", s, models, observations, noiseSd, batch, rate, isSamples, seed);
        }
    }

    /** What a run reports as it goes: one line per phase, and every finished epoch. */
    public interface Progress {
        void message(String line);

        /** {@code done} of the run's {@code total} epochs (pre-training and every model's second phase) are done. */
        default void epoch(long done, long total) {
        }
    }

    /** Makes the chain of an MCMC-coupled model for latent dimension {@code d} with {@code steps} steps. */
    @FunctionalInterface
    public interface ChainFactory {
        LatentChain create(Engine engine, LinearHvaeMethod method, int d, int steps, long seed);
    }

    /**
     * One model at one size. {@code kappaPreconditioned}, {@code acceptance} and {@code stepSize} are NaN for the
     * hVAE (no chain); log-likelihoods are sums over the observations.
     */
    public record Row(String model, int n1, int n2, int dx, int mcmcSteps, int pretrainEpochs, int mcmcEpochs,
                      double kappaPosteriorPrecision, double kappaPreconditioned, double kappaTrue,
                      double logPxExact, double logPxTrue, double deltaLogPx, double deltaLogPxPerObservation,
                      double deltaLogPxTest, double logPxImportance, double logPxImportanceSe, double elbo, double acceptance, double stepSize,
                      double trainSeconds, double[] elboHistory) {
        /** The JSON row (snake_case keys; NaN as null). */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", model);
            m.put("n1", n1);
            m.put("n2", n2);
            m.put("dx", dx);
            m.put("mcmc_steps", mcmcSteps);
            m.put("epochs", pretrainEpochs + mcmcEpochs);
            m.put("epochs_pretrain", pretrainEpochs);
            m.put("epochs_second_phase", mcmcEpochs);
            m.put("kappa_posterior_precision", finite(kappaPosteriorPrecision));
            m.put("kappa_preconditioned", finite(kappaPreconditioned));
            m.put("kappa_posterior_precision_true_parameters", finite(kappaTrue));
            m.put("log_px_exact", logPxExact);
            m.put("log_px_true_parameters", logPxTrue);
            m.put("delta_log_px", deltaLogPx);
            m.put("delta_log_px_per_observation", deltaLogPxPerObservation);
            m.put("delta_log_px_test", deltaLogPxTest);
            m.put("log_px_importance_sampled", finite(logPxImportance));
            m.put("log_px_importance_sampled_se", finite(logPxImportanceSe));
            m.put("elbo_per_observation", finite(elbo));
            m.put("acceptance", finite(acceptance));
            m.put("step_size", finite(stepSize));
            m.put("train_seconds", trainSeconds);
            return m;
        }

        private static Object finite(double v) {
            return Double.isFinite(v) ? v : null;
        }

        /** The row of a checkpoint line ({@link #toMap()} plus {@code elbo_history}). */
        static Row fromMap(Map<String, Object> m) {
            List<?> h = (List<?>) m.get("elbo_history");
            double[] history = new double[h.size()];
            for (int i = 0; i < history.length; i++) {
                history[i] = num(h.get(i));
            }
            return new Row((String) m.get("model"), (int) num(m.get("n1")), (int) num(m.get("n2")),
                    (int) num(m.get("dx")), (int) num(m.get("mcmc_steps")), (int) num(m.get("epochs_pretrain")),
                    (int) num(m.get("epochs_second_phase")), num(m.get("kappa_posterior_precision")),
                    num(m.get("kappa_preconditioned")), num(m.get("kappa_posterior_precision_true_parameters")),
                    num(m.get("log_px_exact")), num(m.get("log_px_true_parameters")), num(m.get("delta_log_px")),
                    num(m.get("delta_log_px_per_observation")), num(m.get("delta_log_px_test")),
                    num(m.get("log_px_importance_sampled")), num(m.get("log_px_importance_sampled_se")),
                    num(m.get("elbo_per_observation")), num(m.get("acceptance")), num(m.get("step_size")),
                    num(m.get("train_seconds")), history);
        }

        private static double num(Object o) {
            return o == null ? Double.NaN : ((Number) o).doubleValue();
        }
    }

    /** What identifies a finished row in the checkpoint: the model, its size and budget, and the shared settings. */
    static String checkpointKey(Settings s, Size size, String model) {
        return model + "|" + size + "|" + s.observations() + "|" + s.noiseSd() + "|" + s.batch() + "|" + s.rate()
                + "|" + s.isSamples() + "|" + s.seed();
    }

    /** The checkpoint: one JSON line per finished row. */
    public static final String CHECKPOINT = "linear-hvae-runs.jsonl";

    private LinearHvaeExperiment() {
    }

    /** Runs {@code settings} on a Java engine with the default chains and writes the reports into {@code out}. */
    public static List<Row> run(Settings settings, Path out) throws IOException {
        return run(settings, out, Engine.java(), defaultChains(), line -> { }, false);
    }

    /** The MCMC chains of the tables: {@link RefinementChain} (the vae.mcmc Markov refinement). */
    public static ChainFactory defaultChains() {
        return RefinementChain.factory();
    }

    /**
     * Runs every size and model, writing DIR/linear-hvae.json, linear-hvae.md and one ELBO-curve PNG per size.
     * Every finished row is appended to DIR/{@value #CHECKPOINT}; with {@code resume} the rows found there (same
     * model, size, budget and settings) are kept instead of trained again (runs are deterministic on the Java
     * engine, so the tables equal an uninterrupted run's; the shared pre-training is repeated when a size still
     * has models to train). Without it the checkpoint starts empty.
     */
    public static List<Row> run(Settings settings, Path out, Engine engine, ChainFactory chains, Progress progress,
                                boolean resume) throws IOException {
        Files.createDirectories(out);
        Path checkpoint = out.resolve(CHECKPOINT);
        ObjectMapper json = new ObjectMapper();
        Map<String, Row> done = new HashMap<>();
        if (resume && Files.exists(checkpoint)) {
            for (String line : Files.readAllLines(checkpoint)) {
                if (!line.isBlank()) {
                    Map<String, Object> m = json.readValue(line, new TypeReference<Map<String, Object>>() { });
                    done.put((String) m.get("checkpoint_key"), Row.fromMap(m));
                }
            }
        } else {
            Files.deleteIfExists(checkpoint);
        }
        long total = 0;
        for (Size z : settings.sizes()) {
            total += z.pretrainEpochs() + (long) settings.models().size() * z.mcmcEpochs();
        }
        long[] epochs = {0};
        long allEpochs = total;
        Progress counted = new Progress() {
            @Override
            public void message(String line) {
                progress.message(line);
            }

            @Override
            public void epoch(long d, long t) {
                progress.epoch(++epochs[0], allEpochs);
            }
        };
        long t0 = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        for (Size size : settings.sizes()) {
            List<Row> sizeRows = runSize(settings, size, engine, chains, counted, done, row -> {
                Map<String, Object> m = new LinkedHashMap<>(row.toMap());
                m.put("checkpoint_key", checkpointKey(settings, size, row.model()));
                m.put("elbo_history", row.elboHistory());
                try {
                    Files.writeString(checkpoint, json.writeValueAsString(m) + "\n", StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot append to " + checkpoint, e);
                }
            });
            rows.addAll(sizeRows);
            LinearHvaeReport.curves(sizeRows, size, out.resolve("linear-hvae-elbo-" + size.n1() + "-" + size.n2()
                    + ".png"));
        }
        LinearHvaeReport.write(settings, rows, (System.nanoTime() - t0) * 1e-9, out);
        return rows;
    }

    /** {@link #run(Settings, Path, Engine, ChainFactory, Progress, boolean)} with a line consumer, no resume. */
    public static List<Row> run(Settings settings, Path out, Engine engine, ChainFactory chains,
                                Consumer<String> progress) throws IOException {
        return run(settings, out, engine, chains, progress::accept, false);
    }

    /** Pre-training once, then every model's second phase and its measures. */
    static List<Row> runSize(Settings s, Size size, Engine engine, ChainFactory chains, Progress progress,
                             Map<String, Row> done, Consumer<Row> finished) {
        List<Row> rows = new ArrayList<>();
        boolean allDone = true;
        for (LinearHvaeMethod method : s.models()) {
            allDone &= done.containsKey(checkpointKey(s, size, method.label()));
        }
        if (allDone) {
            for (LinearHvaeMethod method : s.models()) {
                rows.add(done.get(checkpointKey(s, size, method.label())));
                for (int e = 0; e < size.mcmcEpochs(); e++) {
                    progress.epoch(0, 0);
                }
            }
            for (int e = 0; e < size.pretrainEpochs(); e++) {
                progress.epoch(0, 0);
            }
            progress.message(size.label() + ": every model from the checkpoint");
            return rows;
        }
        int n1 = size.n1(), n2 = size.n2(), dx = dataDim(n1, n2), d = n1 + n2;
        long seed = s.seed() + 1000L * n1 + n2;
        SplittableRandom rng = new SplittableRandom(seed);
        LinearHierarchicalModel truth = LinearHierarchicalModel.truth(n1, n2, dx, s.noiseSd(), rng);
        double[] train = truth.simulate(s.observations(), rng);
        double[] test = truth.simulate(s.observations(), rng);
        double logPxTrue = LinearGaussianForms.logLikelihood(truth, train);
        double logPxTrueTest = LinearGaussianForms.logLikelihood(truth, test);
        double kappaTrue = Conditioning.conditionNumber(LinearGaussianForms.posteriorPrecision(truth).data, d);

        LinearHvae model = new LinearHvae(engine, n1, n2, dx, seed + 1);
        LinearHvaeTrainer pre = new LinearHvaeTrainer(model, train, s.batch(), s.rate(), seed + 2);
        double[] preHistory = new double[size.pretrainEpochs()];
        long p0 = System.nanoTime();
        for (int e = 0; e < size.pretrainEpochs(); e++) {
            preHistory[e] = pre.elboEpoch(e);
            progress.epoch(0, 0);
        }
        double preSeconds = (System.nanoTime() - p0) * 1e-9;
        pre.close();
        progress.message(String.format("%s pre-training: %d ELBO epochs, %.1f s, ELBO %.3f per observation",
                size.label(), size.pretrainEpochs(), preSeconds,
                preHistory.length > 0 ? preHistory[preHistory.length - 1] : Double.NaN));
        List<double[]> snapshot = new ArrayList<>();
        for (Tensor p : model.parameters()) {
            snapshot.add(p.toArray());
        }

        for (LinearHvaeMethod method : s.models()) {
            Row kept = done.get(checkpointKey(s, size, method.label()));
            if (kept != null) {
                rows.add(kept);
                for (int e = 0; e < size.mcmcEpochs(); e++) {
                    progress.epoch(0, 0);
                }
                progress.message(size.label() + " " + method.label() + ": from the checkpoint");
                continue;
            }
            for (int k = 0; k < snapshot.size(); k++) {
                model.parameters().get(k).assign(snapshot.get(k).clone());
            }
            LinearHvaeTrainer trainer = new LinearHvaeTrainer(model, train, s.batch(), s.rate(), seed + 3);
            LatentChain chain = method.usesMcmc()
                    ? chains.create(engine, method, d, size.mcmcSteps(), seed + 4) : null;
            double[] history = new double[size.pretrainEpochs() + size.mcmcEpochs()];
            System.arraycopy(preHistory, 0, history, 0, preHistory.length);
            long t0 = System.nanoTime();
            for (int e = 0; e < size.mcmcEpochs(); e++) {
                int epoch = size.pretrainEpochs() + e;
                history[epoch] = chain == null ? trainer.elboEpoch(epoch) : trainer.mcmcEpoch(epoch, chain);
                progress.epoch(0, 0);
            }
            trainer.close();
            double seconds = preSeconds + (System.nanoTime() - t0) * 1e-9;
            LinearHierarchicalModel learned = model.model();
            double[] precision = LinearGaussianForms.posteriorPrecision(learned).data;
            double kappa = Conditioning.conditionNumber(precision, d);
            double kappaC = chain == null ? Double.NaN
                    : Conditioning.conditionNumber(Conditioning.transformed(precision, chain.preconditioner(), d), d);
            double logPx = LinearGaussianForms.logLikelihood(learned, train);
            double logPxTest = LinearGaussianForms.logLikelihood(learned, test);
            double logPxIs = Double.NaN, logPxIsSe = Double.NaN;
            if (s.isSamples() > 0) {
                LinearHvae.ImportanceEstimate is = model.importanceEstimate(train, s.isSamples(), seed + 5);
                logPxIs = is.sum();
                logPxIsSe = is.sumSe();
            }
            Row row = new Row(method.label(), n1, n2, dx, method.usesMcmc() ? size.mcmcSteps() : 0,
                    size.pretrainEpochs(), size.mcmcEpochs(), kappa, kappaC, kappaTrue, logPx, logPxTrue,
                    logPxTrue - logPx, (logPxTrue - logPx) / s.observations(), logPxTrueTest - logPxTest, logPxIs, logPxIsSe,
                    history.length > 0 ? history[history.length - 1] : Double.NaN,
                    chain == null ? Double.NaN : chain.acceptance(), chain == null ? Double.NaN : chain.stepSize(),
                    seconds, history);
            rows.add(row);
            finished.accept(row);
            progress.message(String.format("%s %s: kappa(Sigma^-1) %.4g, kappa(C'Sigma^-1C) %.4g, Delta log p(x) %.3f"
                    + " (test %.3f), %.1f s", size.label(), method.label(), kappa, kappaC, row.deltaLogPx(),
                    row.deltaLogPxTest(), seconds));
        }
        return rows;
    }
}
