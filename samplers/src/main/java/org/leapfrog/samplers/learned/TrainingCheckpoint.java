package org.leapfrog.samplers.learned;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a learned sampler's training loop needs to resume exactly, for any learned sampler: the iteration
 * reached, named arrays (parameters, optimizer moments, the training chains' positions, ...), the optimizer's
 * step count, the curves so far and the settings the run was started with (a resume with other settings is
 * refused). Written atomically, so a crash leaves the previous checkpoint.
 *
 * @param kind           the trainer, e.g. "l2hmc"
 * @param iteration      iterations completed
 * @param optimizerSteps updates the optimizer took (its schedule's position)
 * @param settings       the run's settings; {@link #checkSettings} refuses a resume with different ones
 * @param arrays         named state arrays, restored by name
 * @param curve          the training curve so far
 */
public record TrainingCheckpoint(String kind, long iteration, long optimizerSteps, Map<String, Object> settings,
                                 Map<String, double[]> arrays, TrainingCurve curve) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public TrainingCheckpoint {
        Objects.requireNonNull(kind, "kind");
        settings = new LinkedHashMap<>(settings == null ? Map.of() : settings);
        arrays = new LinkedHashMap<>(arrays == null ? Map.of() : arrays);
        curve = curve == null ? new TrainingCurve(List.of()) : curve;
    }

    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static TrainingCheckpoint read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("checkpoint: '" + file + "' does not exist; allowed: a checkpoint "
                    + "written by an interrupted 'leapfrog train' run");
        }
        try {
            return JSON.readValue(file.toFile(), TrainingCheckpoint.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("checkpoint: '" + file + "' is not a valid checkpoint (" + e.getMessage()
                    + ")", e);
        }
    }

    /** A named array; the error names the missing array and those present. */
    public double[] array(String name) {
        double[] a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("checkpoint: array '" + name + "' is missing; present: "
                    + arrays.keySet());
        }
        return a;
    }

    /** Refuses a resume whose settings differ (compared as JSON values, so 5 and 5.0 differ only if typed so). */
    public void checkSettings(String kindWanted, Map<String, Object> wanted) {
        if (!kind.equals(kindWanted)) {
            throw new IllegalArgumentException("checkpoint: made by '" + kind + "' training; allowed: '" + kindWanted + "'");
        }
        Map<String, Object> want = JSON.convertValue(wanted, Map.class);
        Map<String, Object> have = JSON.convertValue(settings, Map.class);
        for (Map.Entry<String, Object> e : want.entrySet()) {
            Object h = have.get(e.getKey());
            if (!Objects.equals(String.valueOf(h), String.valueOf(e.getValue()))) {
                throw new IllegalArgumentException("resume: setting '" + e.getKey() + "' is " + e.getValue()
                        + " but the checkpoint was made with " + h + "; allowed: the checkpoint's settings");
            }
        }
    }
}
