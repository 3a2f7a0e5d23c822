package org.leapfrog.vae.data;

/**
 * A set of 28 x 28 grey images with labels: a view of {@code count} consecutive images of one file's arrays
 * (row-major pixels, 784 bytes per image, intensity 0..255). Immutable.
 */
public final class Images {
    private final String name;
    private final byte[] pixels;
    private final byte[] labels;
    private final int first;
    private final int count;

    Images(String name, byte[] pixels, byte[] labels, int first, int count) {
        this.name = name;
        this.pixels = pixels;
        this.labels = labels;
        this.first = first;
        this.count = count;
    }

    /** Images {@code [from, from + n)} of this set. */
    public Images slice(String sliceName, int from, int n) {
        if (from < 0 || n < 1 || from + n > count) {
            throw new IllegalArgumentException("slice: images " + from + " to " + (from + n) + " of " + name
                    + "; allowed: within 0 to " + count);
        }
        return new Images(sliceName, pixels, labels, first + from, n);
    }

    /** The first {@code n} images (a subset flag); the whole set when {@code n} is at least its size. */
    public Images head(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("subset: " + n + "; allowed: 1 or more");
        }
        return n >= count ? this : slice(name + "[0:" + n + "]", 0, n);
    }

    public String name() {
        return name;
    }

    public int count() {
        return count;
    }

    /** Index of image 0 of this set in its file: with the set's index, a key for per-image random streams. */
    public int first() {
        return first;
    }

    /** Intensity of pixel {@code p} (row-major) of image {@code i}, in [0, 1]. */
    public double intensity(int i, int p) {
        return (pixels[(first + i) * Mnist.PIXELS + p] & 0xFF) / 255.0;
    }

    /** Raw byte intensity 0..255 of pixel {@code p} of image {@code i}. */
    public int raw(int i, int p) {
        return pixels[(first + i) * Mnist.PIXELS + p] & 0xFF;
    }

    public int label(int i) {
        return labels[first + i];
    }

    /** Mean intensity of every pixel over the set (for the decoder's initial output bias). */
    public double[] meanIntensity() {
        double[] m = new double[Mnist.PIXELS];
        for (int i = 0; i < count; i++) {
            int base = (first + i) * Mnist.PIXELS;
            for (int p = 0; p < Mnist.PIXELS; p++) {
                m[p] += pixels[base + p] & 0xFF;
            }
        }
        for (int p = 0; p < m.length; p++) {
            m[p] /= 255.0 * count;
        }
        return m;
    }
}
