package org.leapfrog.bench.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.leapfrog.samplers.target.OpenClTarget;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/** The target a {@code sample} run asked for: a built-in by name, or OpenCL C source from a file. */
final class TargetResolver {
    private TargetResolver() {
    }

    static Target resolve(SampleOptions o) {
        if (o.target() != null) {
            return Targets.byName(o.target(), o.dimension());
        }
        if (o.dimension() == null) {
            throw new IllegalArgumentException("--dim: required with --target-file (the file's target dimension)");
        }
        if (!Files.isRegularFile(o.targetFile())) {
            throw new IllegalArgumentException("--target-file: " + o.targetFile() + " is not a readable file");
        }
        try {
            String name = o.targetFile().getFileName().toString().replaceFirst("\\.cl$", "");
            return OpenClTarget.fromSource(name, o.dimension(), Files.readString(o.targetFile()), null);
        } catch (IOException e) {
            throw new UncheckedIOException("--target-file: cannot read " + o.targetFile(), e);
        }
    }
}
