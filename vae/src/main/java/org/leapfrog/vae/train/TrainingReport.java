package org.leapfrog.vae.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a training run, written as {@code report.json} and {@code report.md}: model and settings,
 * epochs, best validation ELBO, training time and speed, the test NLL (when evaluated) and the per-epoch history.
 */
public record TrainingReport(String model, String architecture, String device, TrainSettings settings, int epochs,
                             int bestEpoch, double bestValidationElbo, double trainSeconds, double examplesPerSecond,
                             ImportanceSampling.Nll testNll, List<EpochRecord> history) {

    public ObjectNode toJson() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode o = m.createObjectNode();
        o.put("model", model);
        o.put("architecture", architecture);
        o.put("device", device);
        o.set("settings", m.valueToTree(settings));
        o.put("epochs", epochs);
        o.put("best_epoch", bestEpoch);
        o.put("best_validation_elbo", bestValidationElbo);
        o.put("train_seconds", trainSeconds);
        o.put("examples_per_second", examplesPerSecond);
        if (testNll != null) {
            o.put("test_nll", testNll.mean());
            o.put("test_nll_sd", testNll.sd());
            o.put("test_nll_images", testNll.images());
            o.put("test_nll_samples", testNll.samples());
            ArrayNode r = o.putArray("test_nll_repeats");
            for (double v : testNll.repeats()) {
                r.add(v);
            }
        } else {
            o.putNull("test_nll");
            o.putNull("test_nll_sd");
        }
        ArrayNode h = o.putArray("history");
        for (EpochRecord e : history) {
            h.add(m.valueToTree(e));
        }
        return o;
    }

    /** Writes report.json and report.md into {@code dir}; returns their paths. */
    public List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve("report.json");
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), toJson());
        StringBuilder md = new StringBuilder();
        md.append("# ").append(model).append(" on MNIST (").append(architecture).append(")\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "device", device);
        row(md, "settings", settings.toString());
        row(md, "epochs", Integer.toString(epochs));
        row(md, "best epoch", Integer.toString(bestEpoch));
        row(md, "best validation ELBO", f(bestValidationElbo));
        row(md, "training seconds", f(trainSeconds));
        row(md, "training examples/s", f(examplesPerSecond));
        if (testNll != null) {
            row(md, "test NLL (nats)", f(testNll.mean()) + " (sd " + f(testNll.sd()) + " over " + testNll.repeats().length
                    + " repeats; " + testNll.images() + " images, " + testNll.samples() + " importance samples)");
        }
        md.append("\n| epoch | train ELBO | validation ELBO | seconds | examples/s |\n|---|---|---|---|---|\n");
        for (EpochRecord e : history) {
            md.append("| ").append(e.epoch()).append(e.improved() ? " *" : "").append(" | ").append(f(e.trainElbo()))
                    .append(" | ").append(f(e.validationElbo())).append(" | ").append(f(e.seconds())).append(" | ")
                    .append(f(e.examplesPerSecond())).append(" |\n");
        }
        Path mdFile = dir.resolve("report.md");
        Files.writeString(mdFile, md.toString());
        return List.of(json, mdFile);
    }

    private static void row(StringBuilder md, String k, String v) {
        md.append("| ").append(k).append(" | ").append(v).append(" |\n");
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
