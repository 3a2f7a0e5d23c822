package org.leapfrog.vae.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * MNIST, vendored in this module's resources ({@code org/leapfrog/vae/data/mnist/}, see its PROVENANCE.md) or
 * read from a directory holding the same files. Every load checks the SHA-256 of each gzip file and of its
 * contents against {@code SHA256SUMS}; a missing, truncated or altered file is an {@link IOException} naming
 * the file and what was expected. Splits: the first 50,000 training images ({@link #train()}), the last 10,000
 * ({@link #validation()}), the 10,000 test images ({@link #test()}).
 */
public final class Mnist {
    public static final int ROWS = 28;
    public static final int COLS = 28;
    public static final int PIXELS = ROWS * COLS;
    public static final int TRAIN = 50_000;
    public static final int VALIDATION = 10_000;
    public static final int TEST = 10_000;
    static final String RESOURCE_DIR = "org/leapfrog/vae/data/mnist/";
    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private final Images train;
    private final Images validation;
    private final Images test;

    private Mnist(Images train, Images validation, Images test) {
        this.train = train;
        this.validation = validation;
        this.test = test;
    }

    /** The vendored copy (class-path resources of this module). */
    public static Mnist load() throws IOException {
        return load(name -> {
            InputStream in = Mnist.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name);
            if (in == null) {
                throw new IOException("MNIST file " + RESOURCE_DIR + name + " is missing from the class path;"
                        + " allowed: the leapfrog-vae jar with its vendored data, or Mnist.load(dir)");
            }
            return in;
        });
    }

    /** The files in {@code dir}: the four {@code *-ubyte.gz} files and {@code SHA256SUMS}. */
    public static Mnist load(Path dir) throws IOException {
        return load(name -> {
            Path p = dir.resolve(name);
            if (!Files.isRegularFile(p)) {
                throw new IOException("MNIST file " + p + " is missing; allowed: a directory with SHA256SUMS and "
                        + TRAIN_IMAGES + ".gz, " + TRAIN_LABELS + ".gz, " + TEST_IMAGES + ".gz, " + TEST_LABELS + ".gz");
            }
            return Files.newInputStream(p);
        });
    }

    @FunctionalInterface
    interface Source {
        InputStream open(String name) throws IOException;
    }

    static Mnist load(Source source) throws IOException {
        Map<String, String> sums = parseSums(readAll(source, "SHA256SUMS"));
        byte[] trainImages = verified(source, sums, TRAIN_IMAGES);
        byte[] trainLabels = verified(source, sums, TRAIN_LABELS);
        byte[] testImages = verified(source, sums, TEST_IMAGES);
        byte[] testLabels = verified(source, sums, TEST_LABELS);
        byte[] trainPixels = images(trainImages, TRAIN + VALIDATION, TRAIN_IMAGES);
        byte[] trainY = labels(trainLabels, TRAIN + VALIDATION, TRAIN_LABELS);
        Images all = new Images("train+validation", trainPixels, trainY, 0, TRAIN + VALIDATION);
        return new Mnist(all.slice("train", 0, TRAIN), all.slice("validation", TRAIN, VALIDATION),
                new Images("test", images(testImages, TEST, TEST_IMAGES), labels(testLabels, TEST, TEST_LABELS), 0, TEST));
    }

    public Images train() {
        return train;
    }

    public Images validation() {
        return validation;
    }

    public Images test() {
        return test;
    }

    /** The gunzipped contents of {@code name.gz}, after checking both SHA-256 sums. */
    private static byte[] verified(Source source, Map<String, String> sums, String name) throws IOException {
        byte[] gz = readAll(source, name + ".gz");
        check(sums, name + ".gz", gz);
        byte[] raw;
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            raw = in.readAllBytes();
        } catch (IOException e) {
            throw new IOException("MNIST file " + name + ".gz is not valid gzip: " + e.getMessage(), e);
        }
        check(sums, name, raw);
        return raw;
    }

    private static void check(Map<String, String> sums, String name, byte[] data) throws IOException {
        String expected = sums.get(name);
        if (expected == null) {
            throw new IOException("SHA256SUMS has no line for " + name + "; allowed: one line per MNIST file");
        }
        String got = sha256(data);
        if (!got.equals(expected)) {
            throw new IOException("MNIST file " + name + " is corrupt: SHA-256 " + got + " (" + data.length
                    + " bytes); expected " + expected);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static Map<String, String> parseSums(byte[] text) throws IOException {
        Map<String, String> sums = new HashMap<>();
        for (String line : new String(text, StandardCharsets.US_ASCII).split("\n")) {
            String t = line.trim();
            if (t.isEmpty()) {
                continue;
            }
            String[] parts = t.split("\\s+");
            if (parts.length != 2 || parts[0].length() != 64) {
                throw new IOException("SHA256SUMS: line '" + t + "'; allowed: '<64 hex digits>  <file name>'");
            }
            sums.put(parts[1].startsWith("*") ? parts[1].substring(1) : parts[1], parts[0].toLowerCase());
        }
        return sums;
    }

    private static byte[] readAll(Source source, String name) throws IOException {
        try (InputStream in = source.open(name)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    private static int int32(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    private static byte[] images(byte[] raw, int count, String name) throws IOException {
        if (raw.length != 16 + (long) count * PIXELS || int32(raw, 0) != 2051 || int32(raw, 4) != count
                || int32(raw, 8) != ROWS || int32(raw, 12) != COLS) {
            throw new IOException("MNIST file " + name + ": not an IDX image file of " + count + " x 28 x 28");
        }
        return java.util.Arrays.copyOfRange(raw, 16, raw.length);
    }

    private static byte[] labels(byte[] raw, int count, String name) throws IOException {
        if (raw.length != 8 + count || int32(raw, 0) != 2049 || int32(raw, 4) != count) {
            throw new IOException("MNIST file " + name + ": not an IDX label file of " + count + " labels");
        }
        return java.util.Arrays.copyOfRange(raw, 8, raw.length);
    }

    /** Loads the vendored copy, turning an I/O failure into an unchecked exception (for CLI use). */
    public static Mnist loadUnchecked() {
        try {
            return load();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
