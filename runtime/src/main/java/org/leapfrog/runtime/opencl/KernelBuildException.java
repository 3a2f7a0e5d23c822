package org.leapfrog.runtime.opencl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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

    /**
     * One message of the compiler's log that names a source line.
     *
     * @param line   the line, 1-based (in the whole program, or in a fragment: see {@link #diagnosticsIn})
     * @param column the column the compiler gave, 1-based
     * @param text   the compiler's text, with its severity ("error: expected ';'...")
     */
    public record Diagnostic(int line, int column, String text) {
    }

    // "error: /tmp/x.cl:365:11: expected ';'" (PoCL) or "<kernel>:365:11: error: expected ';'" (clang style).
    private static final Pattern LOG_LINE = Pattern.compile(
            "^\\s*(?:((?:fatal )?error|warning|note):\\s*)?\\S*?:(\\d+):(\\d+):\\s*(.*)$");

    /** The log's messages that name a line, numbered as in {@link #source()}, in the log's order. */
    public List<Diagnostic> diagnostics() {
        List<Diagnostic> list = new ArrayList<>();
        for (String logLine : log.split("\\R")) {
            Matcher m = LOG_LINE.matcher(logLine);
            if (m.matches()) {
                String text = m.group(1) == null ? m.group(4) : m.group(1) + ": " + m.group(4);
                list.add(new Diagnostic(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), text));
            }
        }
        return list;
    }

    /**
     * The program line (1-based) on which {@code fragment} starts, where the program embeds it verbatim (as it
     * embeds a user target's source after the library's kernels); -1 when the program does not contain it.
     */
    public int firstLineOf(String fragment) {
        int at = fragment == null || fragment.isEmpty() ? -1 : source.indexOf(fragment);
        if (at < 0) {
            return -1;
        }
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * The log's messages that fall inside {@code fragment} (for example the text of a user's target file),
     * renumbered so that line 1 is the fragment's first line; empty when the program does not contain it.
     */
    public List<Diagnostic> diagnosticsIn(String fragment) {
        int first = firstLineOf(fragment);
        List<Diagnostic> list = new ArrayList<>();
        if (first < 0) {
            return list;
        }
        int lines = fragment.split("\n", -1).length;
        for (Diagnostic d : diagnostics()) {
            int line = d.line() - first + 1;
            if (line >= 1 && line <= lines) {
                list.add(new Diagnostic(line, d.column(), d.text()));
            }
        }
        return list;
    }
}
