package org.leapfrog.samplers.output;

import java.util.List;

/** Argument checks shared by the sinks: exceptions name the parameter, the value and what is allowed. */
final class SinkChecks {
    private SinkChecks() {}

    /** Copies and validates a subset of indices: distinct, each in [0, bound). */
    static int[] indexSubset(String parameter, int[] indices, int bound, String boundName) {
        if (indices == null || indices.length == 0) {
            throw new IllegalArgumentException(parameter + " must list at least one index, got "
                    + (indices == null ? "null" : "an empty array"));
        }
        boolean[] seen = new boolean[bound];
        for (int index : indices) {
            if (index < 0 || index >= bound) {
                throw new IllegalArgumentException(parameter + " contains " + index + "; allowed: 0 <= index < "
                        + boundName + " = " + bound);
            }
            if (seen[index]) {
                throw new IllegalArgumentException(parameter + " contains " + index + " twice; indices must be distinct");
            }
            seen[index] = true;
        }
        return indices.clone();
    }

    static int positive(String parameter, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(parameter + " = " + value + "; must be >= 1");
        }
        return value;
    }

    /** Checks that a batch has the shape a sink was built for. */
    static void batchShape(DrawBatch batch, int chains, int dimension) {
        if (batch.chains() != chains || batch.dimension() != dimension) {
            throw new IllegalArgumentException("batch has chains = " + batch.chains() + ", dimension = "
                    + batch.dimension() + "; this sink was built for chains = " + chains + ", dimension = " + dimension);
        }
    }

    /** Column and setting names must survive a round trip through a comma-separated, '#'-commented file. */
    static void csvSafe(String parameter, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(parameter + " is " + (value == null ? "null" : "empty")
                    + "; must be a non-empty string");
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == ',' || ch == '"' || ch == '\n' || ch == '\r' || ch == '#' || ch < 0x20 || ch > 0x7e) {
                throw new IllegalArgumentException(parameter + " = \"" + value + "\" contains '" + printable(ch)
                        + "'; allowed: printable ASCII without comma, double quote or '#'");
            }
        }
    }

    static void names(String parameter, List<String> names, int expected) {
        if (names == null || names.size() != expected) {
            throw new IllegalArgumentException(parameter + " has " + (names == null ? "null" : names.size() + " names")
                    + "; must have exactly " + expected + " (one per parameter)");
        }
        for (int i = 0; i < names.size(); i++) {
            csvSafe(parameter + "[" + i + "]", names.get(i));
        }
    }

    private static String printable(char ch) {
        return ch < 0x20 || ch > 0x7e ? String.format("\\u%04x", (int) ch) : String.valueOf(ch);
    }
}
