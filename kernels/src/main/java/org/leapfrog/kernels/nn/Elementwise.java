package org.leapfrog.kernels.nn;

/**
 * Java twins of {@code nn/elementwise.cl}: element-wise kernels on feature-major tensors (element (r, c) of a
 * rows x cols tensor at {@code [c * rows + r]}). Each method runs output elements {@code [from, to)}, the
 * work-items of the OpenCL kernel; the op switch sits outside the loops so each loop is a plain pass.
 */
public final class Elementwise {
    // Unary op codes (nn_unary): y = f(x; p, q).
    public static final int ADD_SCALAR = 0;
    public static final int MUL_SCALAR = 1;
    public static final int RECIPROCAL = 2;
    public static final int EXP = 3;
    public static final int LOG = 4;
    public static final int LOG1P = 5;
    public static final int SQRT = 6;
    public static final int SQUARE = 7;
    public static final int TANH = 8;
    public static final int SIGMOID = 9;
    public static final int SOFTPLUS = 10;
    public static final int RELU = 11;
    /** {@code x > 0 ? x : p (e^x - 1)}. */
    public static final int ELU = 12;
    /** {@code min(max(x, p), q)}. */
    public static final int CLAMP = 13;
    /** 1 where {@code p < x < q}, else 0 (the derivative mask of ReLU and clamp). */
    public static final int INSIDE = 14;
    /** 1 where {@code x != 0}, else 0. */
    public static final int NONZERO = 15;
    /** One past the largest unary op code. */
    public static final int UNARY_OPS = 16;

    // Binary op codes (nn_binary).
    public static final int ADD = 0;
    public static final int SUB = 1;
    public static final int MUL = 2;
    public static final int DIV = 3;
    public static final int BINARY_OPS = 4;

    private Elementwise() {
    }

    /** {@code y[i] = f(x[i]; p, q)}; {@code y} may be {@code x}. */
    public static void unary(int op, double p, double q, double[] x, double[] y, int from, int to) {
        switch (op) {
            case ADD_SCALAR -> { for (int i = from; i < to; i++) y[i] = x[i] + p; }
            case MUL_SCALAR -> { for (int i = from; i < to; i++) y[i] = x[i] * p; }
            case RECIPROCAL -> { for (int i = from; i < to; i++) y[i] = 1.0 / x[i]; }
            case EXP -> { for (int i = from; i < to; i++) y[i] = Math.exp(x[i]); }
            case LOG -> { for (int i = from; i < to; i++) y[i] = Math.log(x[i]); }
            case LOG1P -> { for (int i = from; i < to; i++) y[i] = Math.log1p(x[i]); }
            case SQRT -> { for (int i = from; i < to; i++) y[i] = Math.sqrt(x[i]); }
            case SQUARE -> { for (int i = from; i < to; i++) y[i] = x[i] * x[i]; }
            case TANH -> { for (int i = from; i < to; i++) y[i] = Math.tanh(x[i]); }
            case SIGMOID -> { for (int i = from; i < to; i++) y[i] = sigmoid(x[i]); }
            case SOFTPLUS -> {
                for (int i = from; i < to; i++) {
                    double v = x[i];
                    y[i] = Math.max(v, 0.0) + Math.log1p(Math.exp(-Math.abs(v)));
                }
            }
            case RELU -> { for (int i = from; i < to; i++) y[i] = x[i] > 0.0 ? x[i] : 0.0; }
            case ELU -> { for (int i = from; i < to; i++) y[i] = x[i] > 0.0 ? x[i] : p * Math.expm1(x[i]); }
            case CLAMP -> { for (int i = from; i < to; i++) y[i] = Math.min(Math.max(x[i], p), q); }
            case INSIDE -> { for (int i = from; i < to; i++) y[i] = x[i] > p && x[i] < q ? 1.0 : 0.0; }
            case NONZERO -> { for (int i = from; i < to; i++) y[i] = x[i] != 0.0 ? 1.0 : 0.0; }
            default -> throw new IllegalArgumentException("op: " + op + "; allowed: 0 to " + (UNARY_OPS - 1));
        }
    }

    /** The logistic function, without overflow for large |x|. */
    public static double sigmoid(double v) {
        if (v >= 0) {
            return 1.0 / (1.0 + Math.exp(-v));
        }
        double e = Math.exp(v);
        return e / (1.0 + e);
    }

    /**
     * {@code y (rows x cols) = a op b}, where {@code a} is {@code ar x ac} and {@code b} is {@code br x bc}, each
     * axis equal to the output's or 1 (broadcast). Elements {@code [from, to)} in column runs with the strides
     * resolved per run, so the inner loops are unit-stride or constant. {@code y} may be {@code a} or {@code b}
     * when that input is not broadcast.
     */
    public static void binary(int op, double[] a, int ar, int ac, double[] b, int br, int bc, double[] y,
                              int rows, int cols, int from, int to) {
        if (op < 0 || op >= BINARY_OPS) {
            throw new IllegalArgumentException("op: " + op + "; allowed: 0 to " + (BINARY_OPS - 1));
        }
        int as = ar == 1 ? 0 : 1;
        int bs = br == 1 ? 0 : 1;
        int i = from;
        while (i < to) {
            int c = i / rows;
            int r = i - c * rows;
            int n = Math.min(rows - r, to - i);
            int ao = (ac == 1 ? 0 : c * ar) + r * as;
            int bo = (bc == 1 ? 0 : c * br) + r * bs;
            run(op, a, ao, as, b, bo, bs, y, i, n);
            i += n;
        }
    }

    /** One column run: {@code y[yo + i] = a[ao + i * as] op b[bo + i * bs]}, strides 0 or 1. */
    private static void run(int op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] y, int yo, int n) {
        if (as == 1 && bs == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] + b[bo + i]; }
                case SUB -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] - b[bo + i]; }
                case MUL -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] * b[bo + i]; }
                default -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] / b[bo + i]; }
            }
        } else if (as == 1) {
            double v = b[bo];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] + v; }
                case SUB -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] - v; }
                case MUL -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] * v; }
                default -> { for (int i = 0; i < n; i++) y[yo + i] = a[ao + i] / v; }
            }
        } else if (bs == 1) {
            double v = a[ao];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) y[yo + i] = v + b[bo + i]; }
                case SUB -> { for (int i = 0; i < n; i++) y[yo + i] = v - b[bo + i]; }
                case MUL -> { for (int i = 0; i < n; i++) y[yo + i] = v * b[bo + i]; }
                default -> { for (int i = 0; i < n; i++) y[yo + i] = v / b[bo + i]; }
            }
        } else {
            double u = a[ao];
            double v = b[bo];
            double r = switch (op) {
                case ADD -> u + v;
                case SUB -> u - v;
                case MUL -> u * v;
                default -> u / v;
            };
            for (int i = 0; i < n; i++) {
                y[yo + i] = r;
            }
        }
    }

    /** {@code y (rows x cols)} = {@code a (ar x ac)} repeated along its size-1 axes. */
    public static void expand(double[] a, int ar, int ac, double[] y, int rows, int cols, int from, int to) {
        int i = from;
        while (i < to) {
            int c = i / rows;
            int r = i - c * rows;
            int n = Math.min(rows - r, to - i);
            int ao = ac == 1 ? 0 : c * ar;
            if (ar == 1) {
                java.util.Arrays.fill(y, i, i + n, a[ao]);
            } else {
                System.arraycopy(a, ao + r, y, i, n);
            }
            i += n;
        }
    }

    /** {@code y = mask != 0 ? a : b}; the mask has the branches' shape ({@code mc == cols}) or one column. */
    public static void select(double[] mask, int mc, double[] a, double[] b, double[] y, int rows, int cols,
                              int from, int to) {
        if (mc == 1) {
            for (int i = from; i < to; i++) {
                y[i] = mask[i % rows] != 0.0 ? a[i] : b[i];
            }
        } else {
            for (int i = from; i < to; i++) {
                y[i] = mask[i] != 0.0 ? a[i] : b[i];
            }
        }
    }

    /** {@code y[off + i] = v} for {@code i} in {@code [from, to)}. */
    public static void fill(double[] y, int off, double v, int from, int to) {
        java.util.Arrays.fill(y, off + from, off + to, v);
    }

    /** {@code dst[dstOff + i] = src[srcOff + i]} for {@code i} in {@code [from, to)}. */
    public static void copy(double[] src, int srcOff, double[] dst, int dstOff, int from, int to) {
        System.arraycopy(src, srcOff + from, dst, dstOff + from, to - from);
    }

    // ---- float32 twins (REAL=float). Scalars arrive as doubles and are rounded to float once, as the kernels
    // do at entry; + - * / and comparisons are float operations (correctly rounded, like OpenCL's); the
    // transcendental functions are computed in double and rounded at the store (OpenCL's float versions are
    // within a few ulps of that, which the conformance test allows).

    /** {@code y[i] = f(x[i]; p, q)} in float32; {@code y} may be {@code x}. */
    public static void unary(int op, double p, double q, float[] x, float[] y, int from, int to) {
        float pf = (float) p;
        float qf = (float) q;
        switch (op) {
            case ADD_SCALAR -> { for (int i = from; i < to; i++) y[i] = x[i] + pf; }
            case MUL_SCALAR -> { for (int i = from; i < to; i++) y[i] = x[i] * pf; }
            case RECIPROCAL -> { for (int i = from; i < to; i++) y[i] = 1f / x[i]; }
            case EXP -> { for (int i = from; i < to; i++) y[i] = (float) Math.exp(x[i]); }
            case LOG -> { for (int i = from; i < to; i++) y[i] = (float) Math.log(x[i]); }
            case LOG1P -> { for (int i = from; i < to; i++) y[i] = (float) Math.log1p(x[i]); }
            case SQRT -> { for (int i = from; i < to; i++) y[i] = (float) Math.sqrt(x[i]); }
            case SQUARE -> { for (int i = from; i < to; i++) y[i] = x[i] * x[i]; }
            case TANH -> { for (int i = from; i < to; i++) y[i] = (float) Math.tanh(x[i]); }
            case SIGMOID -> { for (int i = from; i < to; i++) y[i] = (float) sigmoid(x[i]); }
            case SOFTPLUS -> {
                for (int i = from; i < to; i++) {
                    float v = x[i];
                    y[i] = Math.max(v, 0f) + (float) Math.log1p(Math.exp(-Math.abs(v)));
                }
            }
            case RELU -> { for (int i = from; i < to; i++) y[i] = x[i] > 0f ? x[i] : 0f; }
            case ELU -> { for (int i = from; i < to; i++) y[i] = x[i] > 0f ? x[i] : pf * (float) Math.expm1(x[i]); }
            case CLAMP -> { for (int i = from; i < to; i++) y[i] = Math.min(Math.max(x[i], pf), qf); }
            case INSIDE -> { for (int i = from; i < to; i++) y[i] = x[i] > pf && x[i] < qf ? 1f : 0f; }
            case NONZERO -> { for (int i = from; i < to; i++) y[i] = x[i] != 0f ? 1f : 0f; }
            default -> throw new IllegalArgumentException("op: " + op + "; allowed: 0 to " + (UNARY_OPS - 1));
        }
    }

    /** {@link #binary(int, double[], int, int, double[], int, int, double[], int, int, int, int)} in float32. */
    public static void binary(int op, float[] a, int ar, int ac, float[] b, int br, int bc, float[] y,
                              int rows, int cols, int from, int to) {
        if (op < 0 || op >= BINARY_OPS) {
            throw new IllegalArgumentException("op: " + op + "; allowed: 0 to " + (BINARY_OPS - 1));
        }
        int as = ar == 1 ? 0 : 1;
        int bs = br == 1 ? 0 : 1;
        int i = from;
        while (i < to) {
            int c = i / rows;
            int r = i - c * rows;
            int n = Math.min(rows - r, to - i);
            int ao = (ac == 1 ? 0 : c * ar) + r * as;
            int bo = (bc == 1 ? 0 : c * br) + r * bs;
            for (int j = 0; j < n; j++) {
                float u = a[ao + j * as];
                float v = b[bo + j * bs];
                y[i + j] = switch (op) {
                    case ADD -> u + v;
                    case SUB -> u - v;
                    case MUL -> u * v;
                    default -> u / v;
                };
            }
            i += n;
        }
    }

    /** {@link #expand(double[], int, int, double[], int, int, int, int)} in float32. */
    public static void expand(float[] a, int ar, int ac, float[] y, int rows, int cols, int from, int to) {
        int i = from;
        while (i < to) {
            int c = i / rows;
            int r = i - c * rows;
            int n = Math.min(rows - r, to - i);
            int ao = ac == 1 ? 0 : c * ar;
            if (ar == 1) {
                java.util.Arrays.fill(y, i, i + n, a[ao]);
            } else {
                System.arraycopy(a, ao + r, y, i, n);
            }
            i += n;
        }
    }

    /** {@link #select(double[], int, double[], double[], double[], int, int, int, int)} in float32. */
    public static void select(float[] mask, int mc, float[] a, float[] b, float[] y, int rows, int cols,
                              int from, int to) {
        for (int i = from; i < to; i++) {
            y[i] = mask[mc == 1 ? i % rows : i] != 0f ? a[i] : b[i];
        }
    }

    /** {@code y[off + i] = (float) v} for {@code i} in {@code [from, to)}. */
    public static void fill(float[] y, int off, double v, int from, int to) {
        java.util.Arrays.fill(y, off + from, off + to, (float) v);
    }

    /** {@code dst[dstOff + i] = src[srcOff + i]} for {@code i} in {@code [from, to)}. */
    public static void copy(float[] src, int srcOff, float[] dst, int dstOff, int from, int to) {
        System.arraycopy(src, srcOff + from, dst, dstOff + from, to - from);
    }
}
