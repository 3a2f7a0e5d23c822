package org.leapfrog.bench.sample;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.leapfrog.samplers.hmc.TrajectoryJitter;
import org.leapfrog.samplers.hmc.TrajectoryLength;

/**
 * {@code DIR/chees.json}: the trajectory length ChEES adaptation chose (with the step size and jitter it goes
 * with), written when warmup ends, so {@code --resume} continues with the same L_t; the checkpoint holds the
 * step size and metric as for every run. Doubles are written with all their digits (Jackson round-trips them).
 */
final class CheesRecord {
    static final String FILE = "chees.json";

    private CheesRecord() {
    }

    static void write(Path dir, TrajectoryLength t) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("trajectory_length", t.length());
        o.put("step_size", t.stepSize());
        o.put("trajectory_jitter", t.jitter().label());
        o.put("max_leapfrog_steps", t.maxSteps());
        try {
            Files.writeString(dir.resolve(FILE), new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(o));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
        }
    }

    static TrajectoryLength read(Path dir, long seed) {
        Path file = dir.resolve(FILE);
        try {
            JsonNode o = new ObjectMapper().readTree(Files.readString(file));
            return new TrajectoryLength(o.get("trajectory_length").asDouble(), o.get("step_size").asDouble(),
                    TrajectoryJitter.parse(o.get("trajectory_jitter").asText()), o.get("max_leapfrog_steps").asInt(),
                    seed);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("--resume: " + file + " (the ChEES trajectory length of this run) is "
                    + "missing or unreadable; allowed: resume a run that finished its ChEES warmup, or leave out --resume", e);
        }
    }
}
