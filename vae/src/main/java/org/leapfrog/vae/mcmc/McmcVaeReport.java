package org.leapfrog.vae.mcmc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code mcmc-vae.json} and {@code mcmc-vae.md}: the protocol, one row per model ({@link McmcVaeRow}) and paired
 * comparisons (per-image log-likelihood differences on the same test images, mean and standard error).
 */
public final class McmcVaeReport {
    public static final String JSON = "mcmc-vae.json";
    public static final String MARKDOWN = "mcmc-vae.md";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private McmcVaeReport() {
    }

    /** A paired comparison: mean of per-image (a - b) and its standard error. */
    public record Comparison(String a, String b, double meanDifference, double standardError) {
    }

    /** Paired comparisons of every model against the first row's model, and gradX against dsX. */
    public static List<Comparison> comparisons(List<McmcVaeRow> rows) {
        java.util.ArrayList<Comparison> out = new java.util.ArrayList<>();
        if (rows.isEmpty()) {
            return out;
        }
        McmcVaeRow base = rows.get(0);
        for (McmcVaeRow r : rows.subList(1, rows.size())) {
            add(out, r, base);
        }
        for (McmcVaeRow r : rows) {
            if (r.model().startsWith("grad")) {
                String ds = "ds" + r.model().substring(4).replaceAll("-.*", "");
                for (McmcVaeRow o : rows) {
                    if (o.model().equals(ds)) {
                        add(out, r, o);
                    }
                }
            }
        }
        return out;
    }

    private static void add(List<Comparison> out, McmcVaeRow a, McmcVaeRow b) {
        if (a.perImage() == null || b.perImage() == null || a.perImage().length != b.perImage().length
                || a.perImage().length < 2) {
            return;
        }
        int n = a.perImage().length;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += (a.perImage()[i] - b.perImage()[i]) / n;
        }
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double d = a.perImage()[i] - b.perImage()[i] - mean;
            ss += d * d;
        }
        out.add(new Comparison(a.model(), b.model(), mean, Math.sqrt(ss / (n - 1) / n)));
    }

    /** Writes both files into {@code dir}; {@code protocol} is any JSON object describing the run. */
    public static List<Path> write(Path dir, ObjectNode protocol, List<McmcVaeRow> rows) throws IOException {
        Files.createDirectories(dir);
        ObjectNode root = MAPPER.createObjectNode();
        root.put("benchmark", "mcmc-vae");
        root.set("protocol", protocol);
        ArrayNode arr = root.putArray("rows");
        for (McmcVaeRow r : rows) {
            arr.add(MAPPER.valueToTree(r));
        }
        ArrayNode cmp = root.putArray("comparisons");
        List<Comparison> cs = comparisons(rows);
        for (Comparison c : cs) {
            cmp.add(MAPPER.valueToTree(c));
        }
        Path json = dir.resolve(JSON);
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), root);
        Path md = dir.resolve(MARKDOWN);
        Files.writeString(md, markdown(protocol, rows, cs));
        return List.of(json, md);
    }

    /**
     * Adds {@code row} to an existing {@code DIR/mcmc-vae.json} (replacing a row of the same model), keeping its
     * protocol and other rows: how another experiment contributes its model to the table.
     */
    public static void upsert(Path dir, McmcVaeRow row) throws IOException {
        Path json = dir.resolve(JSON);
        ObjectNode root = Files.exists(json) ? (ObjectNode) MAPPER.readTree(json.toFile()) : MAPPER.createObjectNode();
        if (!root.has("benchmark")) {
            root.put("benchmark", "mcmc-vae");
        }
        ArrayNode rows = root.has("rows") ? (ArrayNode) root.get("rows") : root.putArray("rows");
        for (int i = rows.size() - 1; i >= 0; i--) {
            if (rows.get(i).path("model").asText().equals(row.model())) {
                rows.remove(i);
            }
        }
        rows.add(MAPPER.valueToTree(row));
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), root);
    }

    private static String markdown(ObjectNode protocol, List<McmcVaeRow> rows, List<Comparison> cs) {
        StringBuilder b = new StringBuilder("# mcmc-vae: VAEs trained with short MCMC runs (Hirt et al., Table 1)\n\n");
        b.append("Protocol: `").append(protocol.toString()).append("`\n\n");
        b.append("| model | preconditioner | K | L | epochs (pre + MCMC) | train s | test log-lik | sd | sd over | se (images)"
                + " | acceptance | h | beta |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (McmcVaeRow r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %d + %d | %.1f | %.3f | %.3f | %s | %.3f | %.3f | %.4f | %.3g |%n",
                    r.model(), r.preconditioner(), r.mhSteps(), r.leapfrogSteps(), r.pretrainEpochs(), r.mcmcEpochs(),
                    r.trainSeconds(), r.testLoglik(), r.testLoglikSd(), r.sdOver(), r.testLoglikSe(), r.acceptance(),
                    r.stepSize(), r.beta()));
        }
        if (!cs.isEmpty()) {
            b.append("\nPaired differences of per-image test log-likelihoods (same images, same importance-sampling"
                    + " protocol):\n\n| a | b | mean (a - b) | standard error |\n|---|---|---|---|\n");
            for (Comparison c : cs) {
                b.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f |%n", c.a(), c.b(), c.meanDifference(),
                        c.standardError()));
            }
        }
        return b.toString();
    }

    /** Reads the rows of a written {@code mcmc-vae.json} (without per-image values). */
    public static List<JsonNode> rows(Path dir) throws IOException {
        java.util.ArrayList<JsonNode> out = new java.util.ArrayList<>();
        for (JsonNode n : MAPPER.readTree(dir.resolve(JSON).toFile()).path("rows")) {
            out.add(n);
        }
        return out;
    }
}
