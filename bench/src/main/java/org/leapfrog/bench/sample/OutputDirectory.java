package org.leapfrog.bench.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code --out} directory: created when missing, refused with one clear line when it cannot be. */
final class OutputDirectory {
    private static final String ALLOWED = "allowed: a directory, or a path to create one at (not a file or below one)";

    private OutputDirectory() {
    }

    /** Creates {@code dir} (and its parents) unless it is a directory already. */
    static void prepare(Path dir) {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                String what = p.equals(dir.toAbsolutePath()) ? "is a file" : "is below the file " + p;
                throw new IllegalArgumentException("--out: " + dir + " " + what + "; " + ALLOWED);
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("--out: cannot create " + dir + " (" + e + "); allowed: a writable directory");
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException("--out: " + dir + " is not writable; allowed: a writable directory");
        }
    }
}
