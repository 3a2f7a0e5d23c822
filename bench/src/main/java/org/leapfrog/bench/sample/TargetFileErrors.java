package org.leapfrog.bench.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.leapfrog.runtime.opencl.KernelBuildException;
import org.leapfrog.runtime.opencl.KernelBuildException.Diagnostic;

/**
 * A {@code --target-file} that does not compile, told in the user's terms: the file, the line in it (the
 * program the compiler saw embeds the file after the library's kernels) and the compiler's text, as
 * {@code FILE:LINE:COLUMN: error: ...} lines with the offending source line under each.
 */
final class TargetFileErrors {
    private TargetFileErrors() {
    }

    /**
     * @param targetFile the run's --target-file, or null (then the failure is in the library's own kernels: a bug,
     *                   so it is rethrown as it is)
     */
    static RuntimeException describe(Path targetFile, KernelBuildException e) {
        if (targetFile == null) {
            return e;
        }
        String text;
        try {
            text = Files.readString(targetFile);
        } catch (IOException io) {
            return e;
        }
        String[] lines = text.split("\\R", -1);
        List<Diagnostic> inFile = e.diagnosticsIn(text);
        StringBuilder sb = new StringBuilder("--target-file: ").append(targetFile).append(" does not compile as OpenCL C:");
        for (Diagnostic d : inFile) {
            sb.append('\n').append(targetFile).append(':').append(d.line()).append(':').append(d.column()).append(": ")
                    .append(d.text());
            if (d.line() <= lines.length) {
                sb.append(String.format("%n%6d | %s", d.line(), lines[d.line() - 1]));
            }
        }
        if (inFile.isEmpty()) {
            // Nothing points into the file (for example a missing definition the library's code needs).
            sb.append('\n').append(e.log().strip());
        }
        return new IllegalArgumentException(sb.toString(), e);
    }
}
