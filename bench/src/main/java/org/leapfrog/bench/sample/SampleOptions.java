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
                            Numerics numerics) {

    public SampleOptions {
        if (precision == null) {
            precision = Precision.FLOAT64;
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
        if (learned && precision != Precision.FLOAT64) {
            throw new IllegalArgumentException("--precision: " + precision.label() + " with --sampler " + sampler
                    + "; allowed: float64");
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

    /** Whether warmup tunes the step size and metric (Stan's window adaptation). */
    public boolean adapts() {
        return adapt && warmup > 0 && !sampler.equals("his") && !sampler.equals("l2hmc");
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
        m.put("jitter", Double.toString(jitter));
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

    /** The options without a learned sampler's model file (the form before --model existed). */
    public SampleOptions(String target, Path targetFile, Integer dimension, String sampler, String backend,
                         Integer device, int chains, int warmup, int draws, int thin, int steps,
                         Double stepSize, long seed, Path out, int keepChains, boolean resume,
                         int checkpointEvery, double beta0, boolean adapt, String metric, double jitter,
                         Path dataFile, String targetClass, String classpath, Precision precision) {
        this(target, targetFile, dimension, sampler, backend, device, chains, warmup, draws, thin, steps, stepSize,
                seed, out, keepChains, resume, checkpointEvery, beta0, adapt, metric, jitter, dataFile, targetClass,
                classpath, precision, null, Numerics.REPRODUCIBLE);
    }

    /** The options with reproducible numerics (the form before --numerics existed). */
    public SampleOptions(String target, Path targetFile, Integer dimension, String sampler, String backend,
                         Integer device, int chains, int warmup, int draws, int thin, int steps,
                         Double stepSize, long seed, Path out, int keepChains, boolean resume,
                         int checkpointEvery, double beta0, boolean adapt, String metric, double jitter,
                         Path dataFile, String targetClass, String classpath, Precision precision, Path model) {
        this(target, targetFile, dimension, sampler, backend, device, chains, warmup, draws, thin, steps, stepSize,
                seed, out, keepChains, resume, checkpointEvery, beta0, adapt, metric, jitter, dataFile, targetClass,
                classpath, precision, model, Numerics.REPRODUCIBLE);
    }
}
