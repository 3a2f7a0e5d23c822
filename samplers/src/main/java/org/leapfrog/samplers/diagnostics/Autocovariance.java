package org.leapfrog.samplers.diagnostics;

import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * Autocovariance of one chain by FFT, normalised as R {@code posterior} does: lag 0 is the biased variance
 * (divided by n), lag k is the biased estimate sum_t (x_t - mean)(x_{t+k} - mean) / n (Geyer 1992).
 * A constant chain has all-zero autocovariances. Zero padding to a power of two at least 2n avoids wrap-around.
 *
 * <p>Holds its FFT buffers so repeated calls on chains of one length allocate nothing.
 */
final class Autocovariance {
    private double[][] buffer = new double[2][0];

    /** Writes lags 0..n-1 of {@code x[from .. from+n)} into {@code out[0 .. n)}. */
    void compute(double[] x, int from, int n, double[] out) {
        double var = RStats.var(x, from, n);
        if (var == 0) {
            java.util.Arrays.fill(out, 0, n, 0.0);
            return;
        }
        int size = Integer.highestOneBit(Math.max(1, 2 * n - 1));
        if (size < 2 * n) {
            size <<= 1;
        }
        if (buffer[0].length != size) {
            buffer = new double[2][size];
        }
        double[] re = buffer[0];
        double[] im = buffer[1];
        double mean = RStats.mean(x, from, n);
        for (int i = 0; i < n; i++) {
            re[i] = x[from + i] - mean;
        }
        java.util.Arrays.fill(re, n, size, 0.0);
        java.util.Arrays.fill(im, 0.0);
        FastFourierTransformer.transformInPlace(buffer, DftNormalization.STANDARD, TransformType.FORWARD);
        for (int i = 0; i < size; i++) {
            re[i] = re[i] * re[i] + im[i] * im[i];
            im[i] = 0;
        }
        FastFourierTransformer.transformInPlace(buffer, DftNormalization.STANDARD, TransformType.INVERSE);
        // Scale so lag 0 equals var * (n - 1) / n, as posterior does (it makes the FFT scaling irrelevant).
        double lag0 = re[0];
        for (int k = 0; k < n; k++) {
            out[k] = re[k] / lag0 * var * (n - 1) / n;
        }
    }
}
