package org.leapfrog.bench.sample;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.leapfrog.samplers.Numerics;
import org.leapfrog.samplers.Precision;

/**
 * Everything {@code leapfrog sample} was asked for. {@link #identity()} is what a checkpoint must match for
 * {@code --resume} to continue it (everything that changes the draws).
 */
public record SampleOptions(String target, Path targetFile, Integer dimension, String sampler, String backend,
                            Integer device, int chains, int warmup, int draws, int thin, int steps,
                            Double stepSize, long seed, Path out, int keepChains, boolean resume,
                            int checkpointEvery, double beta0, boolean adapt, String metric, double jitter,
                            Path dataFile, String targetClass, String classpath, Precision precision, Path model,
                            String adaptation, String trajectoryJitter, Numerics numerics) {

    /** The warmup adaptations {@code --adapt} offers. */
    public static final String WINDOW = "window";
    public static final String CHEES = "chees";
    /** ChEES for HMC with at least {@link #AUTO_MIN_CHAINS} chains and a unit or diagonal metric, else window. */
    public static final String AUTO = "auto";
    /** Fewest chains for which {@code auto} picks ChEES (its metric is the chains' cross-sectional variance). */
    public static final int AUTO_MIN_CHAINS = 64;

    public SampleOptions {
        if (precision == null) {
            precision = Precision.FLOAT64;
        }
        if (adaptation == null) {
            adaptation = WINDOW;
        }
        if (trajectoryJitter == null) {
            trajectoryJitter = "halton";
        }
        if (adaptation.equals(AUTO)) {
            adaptation = sampler.equals("hmc") && !metric.equals("dense") && chains >= AUTO_MIN_CHAINS ? CHEES : WINDOW;
        }
        if (!adaptation.equals(WINDOW) && !adaptation.equals(CHEES)) {
            throw new IllegalArgumentException("--adapt: '" + adaptation + "'; allowed: auto, window, chees");
        }
        if (!trajectoryJitter.equals("halton") && !trajectoryJitter.equals("uniform")) {
            throw new IllegalArgumentException("--trajectory-jitter: '" + trajectoryJitter + "'; allowed: halton, uniform");
        }
        if (adaptation.equals(CHEES) && adapt && warmup > 0 && !sampler.equals("his")) {
            if (metric.equals("dense")) {
                throw new IllegalArgumentException("--metric: 'dense' with --adapt chees; allowed: unit, diag (ChEES "
                        + "estimates a diagonal metric from the chains' cross-sectional variance)");
            }
            if (sampler.equals("mala")) {
                throw new IllegalArgumentException("--adapt: 'chees' with --sampler mala; allowed: --adapt window (ChEES "
                        + "adapts the number of leapfrog steps, which MALA fixes at 1)");
            }
            if (chains < 2) {
                throw new IllegalArgumentException("--chains: " + chains + " with --adapt chees; allowed: 2 or more "
                        + "(ChEES adapts from statistics across chains)");
            }
        }
        if (numerics == null) {
            numerics = Numerics.REPRODUCIBLE;
        }
        if ((target != null ? 1 : 0) + (targetFile != null ? 1 : 0) + (targetClass != null ? 1 : 0) != 1) {
            throw new IllegalArgumentException("--target / --target-file / --target-class: give exactly one of them");
        }
        if (dataFile != null && target != null) {
            throw new IllegalArgumentException("--data: given with the built-in --target " + target
                    + ", which takes no data; allowed: --data with --target-file or --target-class");
        }
        if (classpath != null && targetClass == null) {
            throw new IllegalArgumentException("--classpath: given without --target-class; allowed: only with --target-class");
        }
        if (!sampler.equals("hmc") && !sampler.equals("mala") && !sampler.equals("his") && !sampler.equals("l2hmc")
                && !sampler.equals("neural")) {
            throw new IllegalArgumentException("--sampler: '" + sampler + "'; allowed: hmc, mala, his, l2hmc, neural");
        }
        boolean learned = sampler.equals("l2hmc") || sampler.equals("neural");
        if (learned != (model != null)) {
            throw new IllegalArgumentException(model == null
                    ? "--model: missing; allowed: --sampler " + sampler + " takes the model file written by 'leapfrog train "
                    + sampler + "'"
                    : "--model: given with --sampler " + sampler + "; allowed: only with --sampler l2hmc or neural");
        }
        if (dimension != null && dimension < 1) {
            throw new IllegalArgumentException("--dim: " + dimension + "; allowed: 1 or more");
        }
        if (sampler.equals("mala") && steps != 1) {
            throw new IllegalArgumentException("--steps: " + steps + "; allowed with --sampler mala: 1 (MALA takes one "
                    + "leapfrog step per iteration), or leave --steps out");
        }
        positive("--chains", chains);
        positive("--draws", draws);
        positive("--thin", thin);
        positive("--steps", steps);
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup: " + warmup + "; allowed: 0 or more");
        }
        if (stepSize != null && (!(stepSize > 0) || !Double.isFinite(stepSize))) {
            throw new IllegalArgumentException("--step-size: " + stepSize + "; allowed: a finite number > 0");
        }
        if (keepChains < 0 || keepChains > chains) {
            throw new IllegalArgumentException("--keep-chains: " + keepChains + "; allowed: 0 to --chains (" + chains + ")");
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("--checkpoint-every: " + checkpointEvery + "; allowed: 0 (never) or more");
        }
        if (!metric.equals("unit") && !metric.equals("diag") && !metric.equals("dense")) {
            throw new IllegalArgumentException("--metric: '" + metric + "'; allowed: unit, diag, dense");
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("--jitter: " + jitter + "; allowed: 0 <= jitter < 1");
        }
        if (!(beta0 > 0 && beta0 <= 1)) {
            throw new IllegalArgumentException("--beta0: " + beta0 + "; allowed: 0 < beta0 <= 1");
        }
    }

    /** Whether warmup tunes the step size and metric (Stan's window adaptation or ChEES). */
    public boolean adapts() {
        return adapt && warmup > 0 && !sampler.equals("his") && !sampler.equals("l2hmc");
    }

    /** Whether warmup runs ChEES adaptation (trajectory length, step size, diagonal metric). */
    public boolean chees() {
        return adapts() && adaptation.equals(CHEES);
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + ": " + v + "; allowed: 1 or more");
        }
    }

    /**
     * The files the draws depend on, by settings key (the path is recorded under the key, the SHA-256 of the
     * contents under key + "_sha256"). A new input file (such as a data file) joins here.
     */
    public Map<String, Path> inputFiles() {
        Map<String, Path> files = new LinkedHashMap<>();
        if (targetFile != null) {
            files.put("target_file", targetFile);
        }
        if (dataFile != null) {
            files.put("data_file", dataFile);
        }
        if (model != null) {
            files.put("model", model);
        }
        return files;
    }

    /** The settings that determine the draws, as written to the CSV header, summary and checkpoint. */
    public Map<String, String> identity(String targetName, double effectiveStepSize) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("target", targetName);
        if (targetClass != null) {
            m.put("target_class", targetClass);
        }
        // Each input file by path and content hash, so that --resume notices an edited file.
        inputFiles().forEach((key, file) -> {
            m.put(key, file.toString());
            m.put(key + "_sha256", InputFiles.sha256(key, file));
        });
        if (dimension != null) {
            m.put("dimension", dimension.toString());
        }
        m.put("sampler", sampler);
        m.put("chains", Integer.toString(chains));
        m.put("warmup", Integer.toString(warmup));
        m.put("draws", Integer.toString(draws));
        m.put("thin", Integer.toString(thin));
        m.put("steps", Integer.toString(steps));
        m.put("step_size", Double.toString(effectiveStepSize));
        m.put("jitter", Double.toString(chees() ? 0.0 : jitter)); // ChEES jitters the trajectory length instead
        m.put("seed", Long.toString(seed));
        m.put("keep_chains", Integer.toString(keepChains));
        m.put("precision", precision.label());
        if (numerics != Numerics.REPRODUCIBLE) {
            m.put("numerics", numerics.label()); // absent for the default, so default runs keep their settings
        }
        if (!sampler.equals("his")) {
            m.put("adapt", Boolean.toString(adapts()));
            m.put("metric", adapts() ? metric : "unit");
        }
        // Only ChEES runs carry these keys, so window-adapted runs record exactly what they did before.
        if (chees()) {
            m.put("adaptation", CHEES);
            m.put("trajectory_jitter", trajectoryJitter);
        }
        if (sampler.equals("his")) {
            m.put("beta0", Double.toString(beta0));
        }
        return m;
    }

    /** The options without a data file or target class (the form before user data existed). */
    public SampleOptions(String target, Path targetFile, Integer dimension, String sampler, String backend,
                         Integer device, int chains, int warmup, int draws, int thin, int steps,
                         Double stepSize, long seed, Path out, int keepChains, boolean resume,
                         int checkpointEvery, double beta0, boolean adapt, String metric, double jitter) {
        this(target, targetFile, dimension, sampler, backend, device, chains, warmup, draws, thin, steps, stepSize,
                seed, out, keepChains, resume, checkpointEvery, beta0, adapt, metric, jitter, null, null, null);
    }

    /** The options in float64 (the form before --precision existed). */
    public SampleOptions(String target, Path targetFile, Integer dimension, String sampler, String backend,
                         Integer device, int chains, int warmup, int draws, int thin, int steps,
                         Double stepSize, long seed, Path out, int keepChains, boolean resume,
                         int checkpointEvery, double beta0, boolean adapt, String metric, double jitter,
                         Path dataFile, String targetClass, String classpath) {
        this(target, targetFile, dimension, sampler, backend, device, chains, warmup, draws, thin, steps, stepSize,
                seed, out, keepChains, resume, checkpointEvery, beta0, adapt, metric, jitter, dataFile, targetClass,
                classpath, Precision.FLOAT64);
    }

    /** The options without a learned sampler's model file, with window adaptation (the form before --model and --adapt existed). */
    public SampleOptions(String target, Path targetFile, Integer dimension, String sampler, String backend,
                         Integer device, int chains, int warmup, int draws, int thin, int steps,
                         Double stepSize, long seed, Path out, int keepChains, boolean resume,
                         int checkpointEvery, double beta0, boolean adapt, String metric, double jitter,
                         Path dataFile, String targetClass, String classpath, Precision precision) {
        this(target, targetFile, dimension, sampler, backend, device, chains, warmup, draws, thin, steps, stepSize,
                seed, out, keepChains, resume, checkpointEvery, beta0, adapt, metric, jitter, dataFile, targetClass,
                classpath, precision, null, WINDOW, "halton", Numerics.REPRODUCIBLE);
    }

    /** The options with window adaptation and reproducible numerics (the form before --adapt and --numerics). */
    public SampleOptions(String target, Path targetFile, Integer dimension, String sampler, String backend,
                         Integer device, int chains, int warmup, int draws, int thin, int steps,
                         Double stepSize, long seed, Path out, int keepChains, boolean resume,
                         int checkpointEvery, double beta0, boolean adapt, String metric, double jitter,
                         Path dataFile, String targetClass, String classpath, Precision precision, Path model) {
        this(target, targetFile, dimension, sampler, backend, device, chains, warmup, draws, thin, steps, stepSize,
                seed, out, keepChains, resume, checkpointEvery, beta0, adapt, metric, jitter, dataFile, targetClass,
                classpath, precision, model, WINDOW, "halton", Numerics.REPRODUCIBLE);
    }

    /** The options with reproducible numerics (the form before --numerics existed). */
    public SampleOptions(String target, Path targetFile, Integer dimension, String sampler, String backend,
                         Integer device, int chains, int warmup, int draws, int thin, int steps,
                         Double stepSize, long seed, Path out, int keepChains, boolean resume,
                         int checkpointEvery, double beta0, boolean adapt, String metric, double jitter,
                         Path dataFile, String targetClass, String classpath, Precision precision, Path model,
                         String adaptation, String trajectoryJitter) {
        this(target, targetFile, dimension, sampler, backend, device, chains, warmup, draws, thin, steps, stepSize,
                seed, out, keepChains, resume, checkpointEvery, beta0, adapt, metric, jitter, dataFile, targetClass,
                classpath, precision, model, adaptation, trajectoryJitter, Numerics.REPRODUCIBLE);
    }
}
