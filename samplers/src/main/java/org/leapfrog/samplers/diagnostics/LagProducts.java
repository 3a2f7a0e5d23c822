package org.leapfrog.samplers.diagnostics;

import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * Sums of lagged products S_k = sum_{t=0}^{n-1-k} y_t y_{t+k} for k = 0..n-1, by FFT (zero padding to a power
 * of two >= 2n, so there is no wrap-around). Input is read with a stride so a series can be taken straight out
 * of a step-major, chain-minor sample array. Keeps its buffers: no allocation per call once sized.
 */
final class LagProducts {
    private double[][] buffer = new double[2][0];

    /**
     * Adds S_k of the series y_t = (x[from + t * stride] - center) * scale, t = 0..n-1, into {@code sums[k]}.
     */
    void accumulate(double[] x, int from, int stride, int n, double center, double scale, double[] sums) {
        int size = Integer.highestOneBit(Math.max(1, 2 * n - 1));
        if (size < 2 * n) {
            size <<= 1;
        }
        if (buffer[0].length != size) {
            buffer = new double[2][size];
        }
        double[] re = buffer[0];
        double[] im = buffer[1];
        for (int t = 0; t < n; t++) {
            re[t] = (x[from + t * stride] - center) * scale;
        }
        java.util.Arrays.fill(re, n, size, 0.0);
        java.util.Arrays.fill(im, 0.0);
        FastFourierTransformer.transformInPlace(buffer, DftNormalization.STANDARD, TransformType.FORWARD);
        for (int i = 0; i < size; i++) {
            re[i] = re[i] * re[i] + im[i] * im[i];
            im[i] = 0;
        }
        // STANDARD inverse divides by size, so re[k] is the plain lagged sum.
        FastFourierTransformer.transformInPlace(buffer, DftNormalization.STANDARD, TransformType.INVERSE);
        for (int k = 0; k < n; k++) {
            sums[k] += re[k];
        }
    }
}
