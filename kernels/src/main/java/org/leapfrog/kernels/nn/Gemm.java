package org.leapfrog.kernels.nn;

import org.leapfrog.kernels.Simd;

/**
 * Java twins of {@code nn/gemm.cl}: the engine's matrix products in float64 ({@code double[]}) and float32
 * ({@code float[]}), feature-major (element (r, c) of an n-row matrix at {@code [c * n + r]}).
 *
 * <ul>
 *   <li>{@code gemm}: {@code y (n x C) = act(a (n x P) @ B + bias)} with {@code B(p, c) = b[p * bp + c * bc]}:
 *       {@code x @ W} is {@code (bp, bc) = (1, P)}, {@code g @ W^T} is {@code (C, 1)}. Each element is
 *       {@code acc = 0; acc = fma(a(r, p), B(p, c), acc)} for p in order, then {@code act(acc + bias[c])}.</li>
 *   <li>{@code gemmTransA}: {@code y (k x m) = x^T @ g}, a sum over the batch in {@link #LANES_DOUBLE} (float:
 *       {@link #LANES_FLOAT}) interleaved partial sums, each a chain of fused multiply-adds in batch order, padded
 *       with zeros and folded in halves (see {@link #fold}).</li>
 * </ul>
 * Those orders are the OpenCL kernels' on every device, so the forms agree to the bit up to the activation
 * function. With {@link Simd#ENABLED} the register-blocked loops of {@code GemmSimd} run (same bits). Row and
 * column ranges let the caller split the work over threads without changing any element's arithmetic.
 */
public final class Gemm {
    /** Activation codes (the same numbers as {@link Elementwise}'s unary ops; identity has none there). */
    public static final int IDENTITY = -1;
    public static final int TANH = Elementwise.TANH;
    public static final int SIGMOID = Elementwise.SIGMOID;
    public static final int RELU = Elementwise.RELU;

    /** Partial sums of the transposed product in float64 (one 512-bit register of doubles). */
    public static final int LANES_DOUBLE = 8;
    /** Partial sums of the transposed product in float32. */
    public static final int LANES_FLOAT = 16;

    private Gemm() {
    }

    /** Whether {@code act} is one of the fused activation codes. */
    public static boolean isActivation(int act) {
        return act == IDENTITY || act == TANH || act == SIGMOID || act == RELU;
    }

    // ---- float64 ----

    /** Rows {@code [r0, r1)} of {@code y = act(a @ B + bias)}; {@code bias} may be null (no bias). */
    public static void gemm(double[] a, double[] b, double[] bias, double[] y, int n, int p, int c, int bp, int bc,
                            int act, int r0, int r1) {
        if (Simd.ENABLED) {
            GemmSimd.gemm(a, b, y, n, p, c, bp, bc, r0, r1);
        } else {
            gemmScalar(a, b, y, n, p, c, bp, bc, r0, r1);
        }
        activate(bias, y, n, c, act, r0, r1);
    }

    /** The products of {@link #gemm} without bias or activation, by the scalar rule. */
    static void gemmScalar(double[] a, double[] b, double[] y, int n, int p, int c, int bp, int bc, int r0, int r1) {
        for (int j = 0; j < c; j++) {
            int yo = j * n;
            java.util.Arrays.fill(y, yo + r0, yo + r1, 0.0);
            for (int q = 0; q < p; q++) {
                double bv = b[q * bp + j * bc];
                int ao = q * n;
                for (int r = r0; r < r1; r++) {
                    y[yo + r] = Math.fma(a[ao + r], bv, y[yo + r]);
                }
            }
        }
    }

    static void activate(double[] bias, double[] y, int n, int c, int act, int r0, int r1) {
        if (bias == null && act == IDENTITY) {
            return;
        }
        for (int j = 0; j < c; j++) {
            double bj = bias == null ? 0.0 : bias[j];
            int yo = j * n;
            for (int r = r0; r < r1; r++) {
                y[yo + r] = act(y[yo + r] + bj, act);
            }
        }
    }

    /** One activation value. */
    public static double act(double v, int act) {
        switch (act) {
            case TANH:
                return Math.tanh(v);
            case SIGMOID:
                return Elementwise.sigmoid(v);
            case RELU:
                return v > 0.0 ? v : 0.0;
            default:
                return v;
        }
    }

    /** Columns {@code [j0, j1)} of {@code y (k x m) = x^T @ g}. */
    public static void gemmTransA(double[] x, double[] g, double[] y, int n, int k, int m, int j0, int j1) {
        if (Simd.ENABLED && GemmSimd.DOUBLE_LANES_MATCH) {
            GemmSimd.gemmTransA(x, g, y, n, k, m, j0, j1);
        } else {
            gemmTransAScalar(x, g, y, n, k, m, j0, j1);
        }
    }

    /**
     * Columns {@code [j0, j1)} of {@code y = prev + x^T @ g} ({@code prev} null: the product alone): each element
     * {@code prev + product}, the same bits as the product followed by an element-wise add.
     */
    public static void gemmTransA(double[] x, double[] g, double[] prev, double[] y, int n, int k, int m, int j0,
                                  int j1) {
        gemmTransA(x, g, y, n, k, m, j0, j1);
        if (prev != null) {
            for (int e = j0 * k; e < j1 * k; e++) {
                y[e] = prev[e] + y[e];
            }
        }
    }

    static void gemmTransAScalar(double[] x, double[] g, double[] y, int n, int k, int m, int j0, int j1) {
        double[] s = new double[LANES_DOUBLE];
        for (int j = j0; j < j1; j++) {
            for (int i = 0; i < k; i++) {
                java.util.Arrays.fill(s, 0.0);
                int xo = i * n;
                int go = j * n;
                for (int r = 0; r < n; r++) {
                    int l = r & (LANES_DOUBLE - 1);
                    s[l] = Math.fma(x[xo + r], g[go + r], s[l]);
                }
                y[j * k + i] = fold(s);
            }
        }
    }

    /** Folds partial sums in halves, {@code s[l] + s[l + half]}, until one is left (overwrites {@code s}). */
    public static double fold(double[] s) {
        for (int half = s.length / 2; half >= 1; half /= 2) {
            for (int l = 0; l < half; l++) {
                s[l] = s[l] + s[l + half];
            }
        }
        return s[0];
    }

    /** {@code dz = g * act'(y)} from the activation's output y, elements {@code [from, to)}. */
    public static void actGrad(double[] g, double[] y, double[] dz, int act, int from, int to) {
        switch (act) {
            case TANH -> { for (int e = from; e < to; e++) dz[e] = g[e] * (1.0 - y[e] * y[e]); }
            case SIGMOID -> { for (int e = from; e < to; e++) dz[e] = g[e] * (y[e] * (1.0 - y[e])); }
            case RELU -> { for (int e = from; e < to; e++) dz[e] = g[e] * (y[e] > 0.0 ? 1.0 : 0.0); }
            default -> { for (int e = from; e < to; e++) dz[e] = g[e] * 1.0; }
        }
    }

    /**
     * Columns {@code [c0, c1)} of a dense layer's backward start: {@code dz = g * act'(y)} ({@link #actGrad}, n x C)
     * and {@code db[c] = prev[c] + sum_r dz(r, c)} in row order ({@code prev} null: the sum alone), the bits of
     * {@link Sums#sumRows} then an add.
     */
    public static void actGradSum(double[] g, double[] y, double[] dz, double[] db, double[] prev, int n, int act,
                                  int c0, int c1) {
        actGrad(g, y, dz, act, c0 * n, c1 * n);
        Sums.sumRows(dz, db, n, c1, c0, c1);
        if (prev != null) {
            for (int c = c0; c < c1; c++) {
                db[c] = prev[c] + db[c];
            }
        }
    }

    // ---- float32: the same rules in float arithmetic ----

    /** Rows {@code [r0, r1)} of {@code y = act(a @ B + bias)} in float32. */
    public static void gemm(float[] a, float[] b, float[] bias, float[] y, int n, int p, int c, int bp, int bc,
                            int act, int r0, int r1) {
        if (Simd.ENABLED) {
            GemmSimd.gemm(a, b, y, n, p, c, bp, bc, r0, r1);
        } else {
            gemmScalar(a, b, y, n, p, c, bp, bc, r0, r1);
        }
        activate(bias, y, n, c, act, r0, r1);
    }

    static void gemmScalar(float[] a, float[] b, float[] y, int n, int p, int c, int bp, int bc, int r0, int r1) {
        for (int j = 0; j < c; j++) {
            int yo = j * n;
            java.util.Arrays.fill(y, yo + r0, yo + r1, 0f);
            for (int q = 0; q < p; q++) {
                float bv = b[q * bp + j * bc];
                int ao = q * n;
                for (int r = r0; r < r1; r++) {
                    y[yo + r] = Math.fma(a[ao + r], bv, y[yo + r]);
                }
            }
        }
    }

    static void activate(float[] bias, float[] y, int n, int c, int act, int r0, int r1) {
        if (bias == null && act == IDENTITY) {
            return;
        }
        for (int j = 0; j < c; j++) {
            float bj = bias == null ? 0f : bias[j];
            int yo = j * n;
            for (int r = r0; r < r1; r++) {
                y[yo + r] = act(y[yo + r] + bj, act);
            }
        }
    }

    /** One activation value in float32 (tanh and exp in double, rounded once). */
    public static float act(float v, int act) {
        switch (act) {
            case TANH:
                return (float) Math.tanh(v);
            case SIGMOID:
                return (float) Elementwise.sigmoid(v);
            case RELU:
                return v > 0f ? v : 0f;
            default:
                return v;
        }
    }

    /** Columns {@code [j0, j1)} of {@code y (k x m) = x^T @ g} in float32. */
    public static void gemmTransA(float[] x, float[] g, float[] y, int n, int k, int m, int j0, int j1) {
        if (Simd.ENABLED && GemmSimd.FLOAT_LANES_MATCH) {
            GemmSimd.gemmTransA(x, g, y, n, k, m, j0, j1);
        } else {
            gemmTransAScalar(x, g, y, n, k, m, j0, j1);
        }
    }

    /** {@link #gemmTransA(double[], double[], double[], double[], int, int, int, int, int)} in float32. */
    public static void gemmTransA(float[] x, float[] g, float[] prev, float[] y, int n, int k, int m, int j0,
                                  int j1) {
        gemmTransA(x, g, y, n, k, m, j0, j1);
        if (prev != null) {
            for (int e = j0 * k; e < j1 * k; e++) {
                y[e] = prev[e] + y[e];
            }
        }
    }

    static void gemmTransAScalar(float[] x, float[] g, float[] y, int n, int k, int m, int j0, int j1) {
        float[] s = new float[LANES_FLOAT];
        for (int j = j0; j < j1; j++) {
            for (int i = 0; i < k; i++) {
                java.util.Arrays.fill(s, 0f);
                int xo = i * n;
                int go = j * n;
                for (int r = 0; r < n; r++) {
                    int l = r & (LANES_FLOAT - 1);
                    s[l] = Math.fma(x[xo + r], g[go + r], s[l]);
                }
                y[j * k + i] = fold(s);
            }
        }
    }

    public static float fold(float[] s) {
        for (int half = s.length / 2; half >= 1; half /= 2) {
            for (int l = 0; l < half; l++) {
                s[l] = s[l] + s[l + half];
            }
        }
        return s[0];
    }

    /** {@link #actGradSum(double[], double[], double[], double[], double[], int, int, int, int)} in float32. */
    public static void actGradSum(float[] g, float[] y, float[] dz, float[] db, float[] prev, int n, int act, int c0,
                                  int c1) {
        actGrad(g, y, dz, act, c0 * n, c1 * n);
        Sums.sumRows(dz, db, n, c1, c0, c1);
        if (prev != null) {
            for (int c = c0; c < c1; c++) {
                db[c] = prev[c] + db[c];
            }
        }
    }

    /** {@code dz = g * act'(y)} in float32. */
    public static void actGrad(float[] g, float[] y, float[] dz, int act, int from, int to) {
        switch (act) {
            case TANH -> { for (int e = from; e < to; e++) dz[e] = g[e] * (1f - y[e] * y[e]); }
            case SIGMOID -> { for (int e = from; e < to; e++) dz[e] = g[e] * (y[e] * (1f - y[e])); }
            case RELU -> { for (int e = from; e < to; e++) dz[e] = g[e] * (y[e] > 0f ? 1f : 0f); }
            default -> { for (int e = from; e < to; e++) dz[e] = g[e] * 1f; }
        }
    }
}
