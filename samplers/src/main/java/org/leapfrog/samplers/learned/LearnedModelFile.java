package org.leapfrog.samplers.learned;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The model file of a learned sampler (L2HMC, the proposal-entropy coupling sampler, ...): one JSON document
 * holding what sampling needs to rebuild the transition exactly, and how it was trained.
 *
 * @param format     file format version ({@link #FORMAT})
 * @param sampler    the sampler kind, e.g. "l2hmc" or "neural"
 * @param target     the target's name; loading for another target is refused
 * @param dimension  the target's dimension; loading for another dimension is refused
 * @param settings   the transition's settings (steps, widths, step size, ...): numbers, strings, booleans
 * @param masks      binary masks drawn once at construction (one row per step or half-step), 0/1 per coordinate
 * @param parameters named parameter arrays (network weights in the layout of their {@code NetworkSpec}s, log step
 *                   sizes, ...), in a fixed order
 * @param training   how it was trained: iterations, seed, seconds, final loss, ... (informational)
 */
public record LearnedModelFile(int format, String sampler, String target, int dimension, Map<String, Object> settings,
                               List<int[]> masks, Map<String, double[]> parameters, Map<String, Object> training) {
    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public LearnedModelFile {
        Objects.requireNonNull(sampler, "sampler");
        Objects.requireNonNull(target, "target");
        settings = Map.copyOf(settings == null ? Map.of() : settings);
        masks = List.copyOf(masks == null ? List.of() : masks);
        parameters = new LinkedHashMap<>(parameters == null ? Map.of() : parameters);
        training = Map.copyOf(training == null ? Map.of() : training);
    }

    /** Writes the file atomically (a temporary file, then a rename), so a crash never leaves half a model. */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a model file; a missing or malformed file gives an error naming the file and what is wrong. */
    public static LearnedModelFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model: '" + file + "' does not exist or is not a file; allowed: a model "
                    + "JSON written by 'leapfrog train'");
        }
        LearnedModelFile m;
        try {
            m = JSON.readValue(file.toFile(), LearnedModelFile.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("model: '" + file + "' is not a valid model file ("
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + ")", e);
        }
        if (m.format() != FORMAT) {
            throw new IllegalArgumentException("model: '" + file + "' has format " + m.format() + "; allowed: " + FORMAT);
        }
        return m;
    }

    /**
     * Refuses a model made for another sampler kind, target or dimension, with an error that names both.
     *
     * @param what where the model came from (a file name), for the message
     */
    public LearnedModelFile checkFor(String samplerKind, String targetName, int targetDimension, String what) {
        if (!sampler.equals(samplerKind)) {
            throw new IllegalArgumentException("model: " + what + " is a '" + sampler + "' model; allowed: a '"
                    + samplerKind + "' model");
        }
        if (!target.equals(targetName) || dimension != targetDimension) {
            throw new IllegalArgumentException("model: " + what + " was trained for target '" + target + "' (dimension "
                    + dimension + "); allowed: a model trained for '" + targetName + "' (dimension " + targetDimension
                    + ")");
        }
        return this;
    }

    /** A parameter array by name; an error names the missing parameter and those present. */
    public double[] parameter(String name) {
        double[] p = parameters.get(name);
        if (p == null) {
            throw new IllegalArgumentException("model: parameter '" + name + "' is missing; present: "
                    + parameters.keySet());
        }
        return p;
    }
}
