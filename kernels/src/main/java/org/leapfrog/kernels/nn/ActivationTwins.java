package org.leapfrog.kernels.nn;

/**
 * Java twins of {@code nn/activation.cl}: work-item g covers elements {@code [g * lanes, min(n, g * lanes + lanes))}.
 * float64 with {@code Math.exp}/{@code Math.log1p} (within a few ulps of OpenCL's built-ins); float32 computed
 * in double and rounded once at the store.
 */
public final class ActivationTwins {
    private ActivationTwins() {
    }

    static double softplus(double v) {
        return Math.max(v, 0.0) + Math.log1p(Math.exp(-Math.abs(v)));
    }

    static double sigmoid(double v) {
        double e = Math.exp(-Math.abs(v));
        return v >= 0 ? 1 / (1 + e) : e / (1 + e);
    }

    public static void softplus(double[] x, double[] y, int n, int lanes, int from, int to) {
        int end = (int) Math.min(n, (long) to * lanes);
        for (int k = from * lanes; k < end; k++) {
            y[k] = softplus(x[k]);
        }
    }

    public static void softplus(float[] x, float[] y, int n, int lanes, int from, int to) {
        int end = (int) Math.min(n, (long) to * lanes);
        for (int k = from * lanes; k < end; k++) {
            y[k] = (float) softplus(x[k]);
        }
    }

    public static void sigmoid(double[] x, double[] y, int n, int lanes, int from, int to) {
        int end = (int) Math.min(n, (long) to * lanes);
        for (int k = from * lanes; k < end; k++) {
            y[k] = sigmoid(x[k]);
        }
    }

    public static void sigmoid(float[] x, float[] y, int n, int lanes, int from, int to) {
        int end = (int) Math.min(n, (long) to * lanes);
        for (int k = from * lanes; k < end; k++) {
            y[k] = (float) sigmoid(x[k]);
        }
    }
}
