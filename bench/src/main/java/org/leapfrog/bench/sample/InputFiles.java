package org.leapfrog.bench.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content hashes of a run's input files, recorded with its settings so that a resume notices an edited file. */
final class InputFiles {
    private InputFiles() {
    }

    /**
     * The SHA-256 of the file's bytes, in lower-case hex.
     *
     * @param setting the settings key the file was given under (for the error message)
     * @throws IllegalArgumentException when the file cannot be read
     */
    static String sha256(String setting, Path file) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must provide", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("--" + setting.replace('_', '-') + ": cannot read " + file + " ("
                    + e.getMessage() + "); allowed: a readable file");
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
