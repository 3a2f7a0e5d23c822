package org.leapfrog.runtime.tensor.optim;

/** Argument checks with messages that name the parameter, the value and what is allowed. */
final class Checks {
    private Checks() {
    }

    static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + ": " + v + "; allowed: finite and > 0");
        }
    }

    static void unitInterval(String name, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(name + ": " + v + "; allowed: 0 <= " + name + " < 1");
        }
    }
}
