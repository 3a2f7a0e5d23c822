package org.leapfrog.kernels.nn;

/** Java twins of {@code nn/reduce.cl}: sums over the batch or over features, in the OpenCL kernels' order. */
public final class Sums {
    private Sums() {
    }

    /** {@code y[c] = sum_r x[c * rows + r]} for columns {@code c} in {@code [from, to)}. */
    public static void sumRows(double[] x, double[] y, int rows, int cols, int from, int to) {
        for (int c = from; c < to; c++) {
            double s = 0;
            int o = c * rows;
            for (int r = 0; r < rows; r++) {
                s += x[o + r];
            }
            y[c] = s;
        }
    }

    /** {@code y[c] = prev[c] + sum_r x[c * rows + r]}: {@link #sumRows} then an add, in one pass. */
    public static void sumRowsAcc(double[] x, double[] prev, double[] y, int rows, int cols, int from, int to) {
        sumRows(x, y, rows, cols, from, to);
        for (int c = from; c < to; c++) {
            y[c] = prev[c] + y[c];
        }
    }

    /** {@link #sumRowsAcc(double[], double[], double[], int, int, int, int)} in float32. */
    public static void sumRowsAcc(float[] x, float[] prev, float[] y, int rows, int cols, int from, int to) {
        sumRows(x, y, rows, cols, from, to);
        for (int c = from; c < to; c++) {
            y[c] = prev[c] + y[c];
        }
    }

    /**
     * {@code y[r] = sum_c x[c * rows + r]} for rows {@code r} in {@code [from, to)}: each row summed over columns
     * in order, the loops arranged so the inner one runs over the batch.
     */
    public static void sumCols(double[] x, double[] y, int rows, int cols, int from, int to) {
        java.util.Arrays.fill(y, from, to, 0.0);
        for (int c = 0; c < cols; c++) {
            int o = c * rows;
            for (int r = from; r < to; r++) {
                y[r] += x[o + r];
            }
        }
    }

    /** {@link #sumRows(double[], double[], int, int, int, int)} in float32: float accumulator, same order. */
    public static void sumRows(float[] x, float[] y, int rows, int cols, int from, int to) {
        for (int c = from; c < to; c++) {
            float s = 0;
            int o = c * rows;
            for (int r = 0; r < rows; r++) {
                s += x[o + r];
            }
            y[c] = s;
        }
    }

    /** {@link #sumCols(double[], double[], int, int, int, int)} in float32: float accumulator, same order. */
    public static void sumCols(float[] x, float[] y, int rows, int cols, int from, int to) {
        java.util.Arrays.fill(y, from, to, 0f);
        for (int c = 0; c < cols; c++) {
            int o = c * rows;
            for (int r = from; r < to; r++) {
                y[r] += x[o + r];
            }
        }
    }
}
