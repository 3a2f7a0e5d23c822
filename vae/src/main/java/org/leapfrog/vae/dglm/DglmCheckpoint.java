package org.leapfrog.vae.dglm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * A DGLM training checkpoint: {@code dglm-checkpoint.json} (counters, history, settings and the tensor list)
 * and {@code dglm-checkpoint.bin} (each tensor's values as big-endian doubles, exact for float64 and float32).
 * Each file is written to a temporary name and moved into place, the binary first, so an interrupted write
 * leaves the previous checkpoint whole.
 */
final class DglmCheckpoint {
    static final String META = "dglm-checkpoint.json";
    static final String DATA = "dglm-checkpoint.bin";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DglmCheckpoint() {
    }

    static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(META)) && Files.isRegularFile(dir.resolve(DATA));
    }

    static void save(Path dir, ObjectNode meta, List<Tensor> tensors) throws IOException {
        Files.createDirectories(dir);
        ArrayNode list = meta.putArray("tensors");
        Path tmp = dir.resolve(DATA + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            for (Tensor t : tensors) {
                list.addObject().put("name", String.valueOf(t.name())).put("rows", t.rows()).put("cols", t.cols());
                for (double v : t.toArray()) {
                    out.writeDouble(v);
                }
            }
        }
        Files.move(tmp, dir.resolve(DATA), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Path metaTmp = dir.resolve(META + ".tmp");
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(metaTmp.toFile(), meta);
        Files.move(metaTmp, dir.resolve(META), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static JsonNode meta(Path dir) throws IOException {
        return MAPPER.readTree(dir.resolve(META).toFile());
    }

    /** Restores {@code tensors} (same names and shapes as saved, checked) from {@code dir}. */
    static void load(Path dir, JsonNode meta, List<Tensor> tensors) throws IOException {
        JsonNode list = meta.path("tensors");
        if (list.size() != tensors.size()) {
            throw new IOException(dir.resolve(META) + ": " + list.size() + " tensors; allowed: " + tensors.size()
                    + " (a checkpoint of the same model)");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(DATA)), 1 << 16))) {
            for (int k = 0; k < tensors.size(); k++) {
                Tensor t = tensors.get(k);
                JsonNode d = list.get(k);
                if (d.path("rows").asInt() != t.rows() || d.path("cols").asInt() != t.cols()
                        || !d.path("name").asText().equals(String.valueOf(t.name()))) {
                    throw new IOException(dir.resolve(META) + ": tensor " + k + " is '" + d.path("name").asText() + "' "
                            + d.path("rows").asInt() + " x " + d.path("cols").asInt() + "; allowed: '" + t.name() + "' "
                            + t.rows() + " x " + t.cols() + " (a checkpoint of the same model)");
                }
                double[] v = new double[t.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = in.readDouble();
                }
                t.assign(v);
            }
        }
    }
}
