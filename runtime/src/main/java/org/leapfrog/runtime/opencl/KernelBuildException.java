package org.leapfrog.runtime.opencl;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OpenCL program failed to build. The message carries the compiler's log and the source lines it points
 * at, numbered as the compiler numbered them.
 */
public final class KernelBuildException extends RuntimeException {
    private static final Pattern LINE_REF = Pattern.compile(":(\\d+):(\\d+):");

    private final String log;
    private final String source;

    public KernelBuildException(String kernel, String options, String source, String log) {
        super(message(kernel, options, source, log));
        this.log = log;
        this.source = source;
    }

    /** The compiler's build log, as the driver returned it. */
    public String log() {
        return log;
    }

    /** The full program text that was compiled. */
    public String source() {
        return source;
    }

    private static String message(String kernel, String options, String source, String log) {
        StringBuilder sb = new StringBuilder("OpenCL build of kernel '").append(kernel).append("' failed (options: ")
                .append(options).append(")\ncompiler log:\n").append(log.strip()).append('\n');
        String[] lines = source.split("\n", -1);
        Set<Integer> refs = new LinkedHashSet<>();
        Matcher m = LINE_REF.matcher(log);
        while (m.find() && refs.size() < 10) {
            refs.add(Integer.parseInt(m.group(1)));
        }
        if (!refs.isEmpty()) {
            sb.append("source lines named in the log:\n");
            for (int line : refs) {
                if (line >= 1 && line <= lines.length) {
                    sb.append(String.format("%5d | %s%n", line, lines[line - 1]));
                }
            }
        }
        return sb.toString();
    }
}
