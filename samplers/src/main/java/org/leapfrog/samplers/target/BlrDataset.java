package org.leapfrog.samplers.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The logistic-regression data sets vendored in {@code org/leapfrog/data/blr/} (UCI Statlog German credit,
 * Australian credit, Heart; see the README there for provenance): raw features and 0/1 labels, and the
 * published reference posterior moments of the standard model (features standardised with the population sd,
 * intercept, prior N(0, 1)), in the order weights then intercept.
 */
public enum BlrDataset {
    GERMAN("german", 1000, 24),
    AUSTRALIAN("australian", 690, 14),
    HEART("heart", 270, 13);

    private static final String DIR = "org/leapfrog/data/blr/";

    private final String id;
    private final int rows;
    private final int features;
    private volatile Loaded loaded;

    BlrDataset(String id, int rows, int features) {
        this.id = id;
        this.rows = rows;
        this.features = features;
    }

    private record Loaded(double[] x, double[] y, double[] refMean, double[] refSd) {
    }

    /** The lower-case name, e.g. {@code german}. */
    public String id() {
        return id;
    }

    public int rows() {
        return rows;
    }

    /** Number of features, without the intercept. */
    public int features() {
        return features;
    }

    /** The raw features, row-major rows x features (a copy). */
    public double[] featureMatrix() {
        return load().x.clone();
    }

    /** The labels, 0 or 1 (a copy). */
    public double[] labels() {
        return load().y.clone();
    }

    /** Reference posterior means of the standard model: weights 1..features, then the intercept (a copy). */
    public double[] referencePosteriorMean() {
        return load().refMean.clone();
    }

    /** Reference posterior standard deviations, same order as {@link #referencePosteriorMean()} (a copy). */
    public double[] referencePosteriorSd() {
        return load().refSd.clone();
    }

    private Loaded load() {
        Loaded l = loaded;
        if (l == null) {
            synchronized (this) {
                l = loaded;
                if (l == null) {
                    l = read();
                    loaded = l;
                }
            }
        }
        return l;
    }

    private Loaded read() {
        String csv = DIR + id + ".csv";
        double[] x = new double[rows * features];
        double[] y = new double[rows];
        try (BufferedReader in = new BufferedReader(new InputStreamReader(open(csv), StandardCharsets.UTF_8))) {
            String header = in.readLine();
            StringBuilder expected = new StringBuilder();
            for (int j = 1; j <= features; j++) {
                expected.append('x').append(j).append(',');
            }
            expected.append('y');
            if (header == null || !header.strip().equals(expected.toString())) {
                throw new IllegalStateException(csv + ": header '" + header + "', expected '" + expected + "'");
            }
            int r = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                if (r == rows) {
                    throw new IllegalStateException(csv + ": more than " + rows + " data rows");
                }
                String[] f = line.split(",", -1);
                if (f.length != features + 1) {
                    throw new IllegalStateException(csv + ": row " + (r + 1) + " has " + f.length + " fields, expected " + (features + 1));
                }
                for (int j = 0; j < features; j++) {
                    x[r * features + j] = Double.parseDouble(f[j].strip());
                }
                y[r] = Double.parseDouble(f[features].strip());
                if (y[r] != 0 && y[r] != 1) {
                    throw new IllegalStateException(csv + ": row " + (r + 1) + " label " + y[r] + ", expected 0 or 1");
                }
                r++;
            }
            if (r != rows) {
                throw new IllegalStateException(csv + ": " + r + " data rows, expected " + rows);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
        String json = DIR + "reference_moments.json";
        try (InputStream in = open(json)) {
            JsonNode node = new ObjectMapper().readTree(in).get(id);
            return new Loaded(x, y, vector(node, "posterior_mean", json), vector(node, "posterior_std", json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + json, e);
        }
    }

    private double[] vector(JsonNode node, String field, String json) {
        JsonNode a = node == null ? null : node.get(field);
        if (a == null || !a.isArray() || a.size() != features + 1) {
            throw new IllegalStateException(json + ": " + id + "." + field + " missing or not of length " + (features + 1));
        }
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asDouble();
        }
        return v;
    }

    private static InputStream open(String resource) {
        InputStream in = BlrDataset.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("data resource not found on the classpath: " + resource);
        }
        return in;
    }
}
