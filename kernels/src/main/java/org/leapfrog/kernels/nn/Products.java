package org.leapfrog.kernels.nn;

/**
 * Java twins of {@code nn/matmul.cl}: the three matrix products the autodiff engine needs (each one's
 * backward rule is made of the other two). Feature-major layout; each method computes output elements
 * {@code [from, to)}, in column runs so that the inner loops run over the batch with unit stride. Every
 * element is summed in the OpenCL kernel's order: the common index in blocks of four, then the remainder.
 */
public final class Products {
    private Products() {
    }

    /** {@code y (n x m) = x (n x k) @ w (k x m)}. */
    public static void matmul(double[] x, double[] w, double[] y, int n, int k, int m, int from, int to) {
        java.util.Arrays.fill(y, from, to, 0.0);
        int e = from;
        while (e < to) {
            int j = e / n;
            int r0 = e - j * n;
            int r1 = Math.min(n, r0 + to - e);
            int yo = j * n;
            int wo = j * k;
            int i = 0;
            for (; i + 3 < k; i += 4) {
                double w0 = w[wo + i];
                double w1 = w[wo + i + 1];
                double w2 = w[wo + i + 2];
                double w3 = w[wo + i + 3];
                int x0 = i * n;
                int x1 = x0 + n;
                int x2 = x1 + n;
                int x3 = x2 + n;
                for (int r = r0; r < r1; r++) {
                    y[yo + r] += w0 * x[x0 + r] + w1 * x[x1 + r] + w2 * x[x2 + r] + w3 * x[x3 + r];
                }
            }
            for (; i < k; i++) {
                double wv = w[wo + i];
                int xo = i * n;
                for (int r = r0; r < r1; r++) {
                    y[yo + r] += wv * x[xo + r];
                }
            }
            e += r1 - r0;
        }
    }

    /** {@code y (n x k) = g (n x m) @ w^T}, {@code w (k x m)}. */
    public static void matmulTransB(double[] g, double[] w, double[] y, int n, int k, int m, int from, int to) {
        java.util.Arrays.fill(y, from, to, 0.0);
        int e = from;
        while (e < to) {
            int i = e / n;
            int r0 = e - i * n;
            int r1 = Math.min(n, r0 + to - e);
            int yo = i * n;
            int j = 0;
            for (; j + 3 < m; j += 4) {
                double w0 = w[j * k + i];
                double w1 = w[(j + 1) * k + i];
                double w2 = w[(j + 2) * k + i];
                double w3 = w[(j + 3) * k + i];
                int g0 = j * n;
                int g1 = g0 + n;
                int g2 = g1 + n;
                int g3 = g2 + n;
                for (int r = r0; r < r1; r++) {
                    y[yo + r] += w0 * g[g0 + r] + w1 * g[g1 + r] + w2 * g[g2 + r] + w3 * g[g3 + r];
                }
            }
            for (; j < m; j++) {
                double wv = w[j * k + i];
                int go = j * n;
                for (int r = r0; r < r1; r++) {
                    y[yo + r] += wv * g[go + r];
                }
            }
            e += r1 - r0;
        }
    }

    /** {@code y (k x m) = x^T @ g}, {@code x (n x k)}, {@code g (n x m)}: dot products over the batch. */
    public static void matmulTransA(double[] x, double[] g, double[] y, int n, int k, int m, int from, int to) {
        for (int e = from; e < to; e++) {
            int j = e / k;
            int xo = (e - j * k) * n;
            int go = j * n;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int r = 0;
            for (; r + 3 < n; r += 4) {
                s0 += x[xo + r] * g[go + r];
                s1 += x[xo + r + 1] * g[go + r + 1];
                s2 += x[xo + r + 2] * g[go + r + 2];
                s3 += x[xo + r + 3] * g[go + r + 3];
            }
            for (; r < n; r++) {
                s0 += x[xo + r] * g[go + r];
            }
            y[e] = (s0 + s1) + (s2 + s3);
        }
    }

    // ---- float32 twins: float accumulators in the kernels' order (the OpenCL compiler may still contract
    // products into fused multiply-adds, which the conformance tolerance covers).

    /** {@code y (n x m) = x (n x k) @ w (k x m)} in float32. */
    public static void matmul(float[] x, float[] w, float[] y, int n, int k, int m, int from, int to) {
        for (int e = from; e < to; e++) {
            int j = e / n;
            int r = e - j * n;
            int wo = j * k;
            float acc = 0;
            int i = 0;
            for (; i + 3 < k; i += 4) {
                acc += w[wo + i] * x[i * n + r] + w[wo + i + 1] * x[(i + 1) * n + r]
                        + w[wo + i + 2] * x[(i + 2) * n + r] + w[wo + i + 3] * x[(i + 3) * n + r];
            }
            for (; i < k; i++) {
                acc += w[wo + i] * x[i * n + r];
            }
            y[e] = acc;
        }
    }

    /** {@code y (n x k) = g (n x m) @ w^T}, {@code w (k x m)}, in float32. */
    public static void matmulTransB(float[] g, float[] w, float[] y, int n, int k, int m, int from, int to) {
        for (int e = from; e < to; e++) {
            int i = e / n;
            int r = e - i * n;
            float acc = 0;
            int j = 0;
            for (; j + 3 < m; j += 4) {
                acc += w[j * k + i] * g[j * n + r] + w[(j + 1) * k + i] * g[(j + 1) * n + r]
                        + w[(j + 2) * k + i] * g[(j + 2) * n + r] + w[(j + 3) * k + i] * g[(j + 3) * n + r];
            }
            for (; j < m; j++) {
                acc += w[j * k + i] * g[j * n + r];
            }
            y[e] = acc;
        }
    }

    /** {@code y (k x m) = x^T @ g} in float32: four partial sums over the batch, as the kernel. */
    public static void matmulTransA(float[] x, float[] g, float[] y, int n, int k, int m, int from, int to) {
        for (int e = from; e < to; e++) {
            int j = e / k;
            int xo = (e - j * k) * n;
            int go = j * n;
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            int r = 0;
            for (; r + 3 < n; r += 4) {
                s0 += x[xo + r] * g[go + r];
                s1 += x[xo + r + 1] * g[go + r + 1];
                s2 += x[xo + r + 2] * g[go + r + 2];
                s3 += x[xo + r + 3] * g[go + r + 3];
            }
            for (; r < n; r++) {
                s0 += x[xo + r] * g[go + r];
            }
            y[e] = (s0 + s1) + (s2 + s3);
        }
    }
}
