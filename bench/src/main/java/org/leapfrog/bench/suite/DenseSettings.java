package org.leapfrog.bench.suite;

import java.util.List;

/**
 * Settings of {@code leapfrog bench dense}.
 *
 * @param quick         whether this is the --quick configuration
 * @param shapes        matrix-product shapes {@code n x k x m} (batch, inputs, outputs); each is timed as the three
 *                      products of a dense layer: {@code x W}, {@code g W^T} and {@code x^T g}
 * @param batch         MLP batch size
 * @param width         MLP width (input, hidden and output)
 * @param layers        MLP dense layers (tanh between them)
 * @param minSeconds    timed seconds per measurement (best of five batches of a fifth of it)
 * @param backends      backend selection ({@link BenchBackend#select})
 * @param peers         whether to build and run OpenBLAS and PyTorch
 */
public record DenseSettings(boolean quick, List<Shape> shapes, int batch, int width, int layers, double minSeconds,
                            String backends, boolean peers) {

    /** A product shape: the batch n, the layer's inputs k and outputs m. */
    public record Shape(int n, int k, int m) {
        public Shape {
            if (n < 1 || k < 1 || m < 1) {
                throw new IllegalArgumentException("shape: " + n + "x" + k + "x" + m + "; allowed: positive sizes");
            }
        }

        /** Parses {@code NxKxM}. */
        public static Shape parse(String s) {
            String[] p = s.trim().toLowerCase(java.util.Locale.ROOT).split("x");
            try {
                if (p.length == 3) {
                    return new Shape(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--shapes: '" + s + "'; allowed: NxKxM with positive integers, e.g. 4096x100x100");
        }

        @Override
        public String toString() {
            return n + "x" + k + "x" + m;
        }
    }

    public DenseSettings {
        shapes = List.copyOf(shapes);
        if (shapes.isEmpty()) {
            throw new IllegalArgumentException("--shapes: empty; allowed: one or more NxKxM");
        }
        if (batch < 1 || width < 1 || layers < 1) {
            throw new IllegalArgumentException("MLP: batch " + batch + ", width " + width + ", layers " + layers
                    + "; allowed: positive");
        }
        if (!(minSeconds > 0)) {
            throw new IllegalArgumentException("--min-seconds: " + minSeconds + "; allowed: > 0");
        }
    }

    /** The MLP's shapes (4096 x 100 x 100) plus larger layers. */
    public static DenseSettings full() {
        return new DenseSettings(false, List.of(new Shape(4096, 100, 100), new Shape(4096, 256, 256),
                new Shape(8192, 512, 512), new Shape(4096, 1024, 1024)), 4096, 100, 3, 2.0, "all", true);
    }

    /** The MLP's shapes only, shorter timings. */
    public static DenseSettings quickSettings() {
        return new DenseSettings(true, List.of(new Shape(4096, 100, 100), new Shape(4096, 256, 256)), 4096, 100, 3,
                0.5, "all", true);
    }
}
