package org.leapfrog.samplers.diagnostics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loads the fixtures written by samplers/src/test/r/make_posterior_fixtures.R. */
final class PosteriorFixtures {
    private static final String DIR = "/org/leapfrog/samplers/diagnostics/posterior/";

    record Reference(String caseName, String measure, String value) {}

    private PosteriorFixtures() {}

    static List<Reference> references() {
        List<Reference> out = new ArrayList<>();
        for (String line : lines("reference.csv")) {
            if (line.startsWith("#") || line.startsWith("case,")) {
                continue;
            }
            String[] f = line.split(",", 3);
            out.add(new Reference(f[0], f[1], f[2]));
        }
        return out;
    }

    static Map<String, ChainDraws> cases() {
        Map<String, ChainDraws> out = new LinkedHashMap<>();
        for (Reference r : references()) {
            out.computeIfAbsent(r.caseName(), PosteriorFixtures::draws);
        }
        return out;
    }

    static ChainDraws draws(String caseName) {
        List<String> lines = lines(caseName + ".csv");
        int chains = lines.get(0).split(",").length;
        int n = lines.size() - 1;
        double[] values = new double[chains * n];
        for (int i = 0; i < n; i++) {
            String[] f = lines.get(i + 1).split(",");
            for (int c = 0; c < chains; c++) {
                values[c * n + i] = parse(f[c]);
            }
        }
        return new ChainDraws(chains, n, values);
    }

    static double parse(String s) {
        switch (s) {
            case "NA":
            case "NaN":
                return Double.NaN;
            case "Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                return Double.parseDouble(s);
        }
    }

    private static List<String> lines(String name) {
        try (InputStream in = PosteriorFixtures.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + DIR + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
