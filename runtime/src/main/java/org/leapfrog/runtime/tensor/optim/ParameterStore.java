package org.leapfrog.runtime.tensor.optim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * Saves and loads named parameters as JSON. Format (version 1):
 * <pre>
 * {
 *   "format": "leapfrog-parameters",
 *   "version": 1,
 *   "parameters": [
 *     {"name": "layer0.w", "rows": 3, "cols": 4, "values": [ ...rows*cols numbers... ]}
 *   ]
 * }
 * </pre>
 * {@code values} are feature-major: element (row r, column c) is {@code values[c * rows + r]}. Numbers are
 * written in the shortest form that reads back to the same double, so a round trip is exact; NaN and
 * infinities are written as the strings "NaN", "Infinity", "-Infinity".
 */
public final class ParameterStore {
    public static final String FORMAT = "leapfrog-parameters";
    public static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ParameterStore() {
    }

    public static void save(Path file, List<Tensor> params) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        ArrayNode list = root.putArray("parameters");
        Set<String> names = new HashSet<>();
        for (Tensor p : params) {
            if (p.name() == null || !names.add(p.name())) {
                throw new IllegalArgumentException("params: name '" + p.name() + "'; allowed: unique non-null names");
            }
            ObjectNode o = list.addObject();
            o.put("name", p.name());
            o.put("rows", p.rows());
            o.put("cols", p.cols());
            ArrayNode values = o.putArray("values");
            for (double v : p.toArray()) { // a read: on OpenCL the device copy stays current
                if (Double.isFinite(v)) {
                    values.add(v);
                } else {
                    values.add(Double.toString(v));
                }
            }
        }
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    /**
     * Copies the values stored under each parameter's name into it. Every parameter must be present with its
     * shape; entries for other names are ignored.
     */
    public static void load(Path file, List<Tensor> params) throws IOException {
        JsonNode root = MAPPER.readTree(file.toFile());
        if (!FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
            throw new IOException(file + ": format '" + root.path("format").asText() + "' version "
                    + root.path("version").asText() + "; allowed: '" + FORMAT + "' version " + VERSION);
        }
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode o : root.path("parameters")) {
            byName.put(o.path("name").asText(), o);
        }
        for (Tensor p : params) {
            JsonNode o = byName.get(p.name());
            if (o == null) {
                throw new IOException(file + ": no parameter named '" + p.name() + "'");
            }
            int rows = o.path("rows").asInt();
            int cols = o.path("cols").asInt();
            JsonNode values = o.path("values");
            if (rows != p.rows() || cols != p.cols() || values.size() != p.size()) {
                throw new IOException(file + ": parameter '" + p.name() + "' has shape " + rows + " x " + cols
                        + " with " + values.size() + " values; allowed: " + p.rows() + " x " + p.cols());
            }
            double[] d = new double[p.size()];
            for (int i = 0; i < d.length; i++) {
                JsonNode v = values.get(i);
                d[i] = v.isTextual() ? Double.parseDouble(v.asText()) : v.doubleValue();
            }
            p.assign(d);
        }
    }
}
