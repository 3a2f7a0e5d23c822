package org.leapfrog.samplers.target;

/** Argument checks shared by the targets' constructors; messages name the parameter, value and allowed range. */
final class Checks {
    private Checks() {
    }

    static int dimension(int d) {
        if (d < 1) {
            throw new IllegalArgumentException("dimension: " + d + "; allowed: 1 or more");
        }
        return d;
    }

    static double positive(String parameter, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(parameter + ": " + value + "; allowed: a finite number > 0");
        }
        return value;
    }

    static double[] finite(String parameter, double[] values, int expectedLength) {
        if (values == null) {
            throw new IllegalArgumentException(parameter + ": null; allowed: an array of " + expectedLength + " finite numbers");
        }
        if (values.length != expectedLength) {
            throw new IllegalArgumentException(parameter + ": length " + values.length + "; allowed: " + expectedLength);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(parameter + "[" + i + "]: " + values[i] + "; allowed: a finite number");
            }
        }
        return values.clone();
    }

    static String name(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: '" + name + "'; allowed: a non-blank string");
        }
        return name;
    }
}
