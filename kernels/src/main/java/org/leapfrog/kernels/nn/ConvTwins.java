package org.leapfrog.kernels.nn;

/**
 * Java twins of {@code nn/conv.cl} ({@code nn_im2col}, {@code nn_col2im}) over work-items {@code [from, to)}
 * (runs of n values: (column, output position) pairs for im2col, pixels for col2im), in float64 and float32:
 * the same additions in the same order, so they give the kernels' bits. See the OpenCL source for the layouts.
 */
public final class ConvTwins {
    private ConvTwins() {
    }

    public static void im2col(double[] x, double[] cols, int n, int c, int h, int w, int kh, int kw, int stride,
                              int pad, int oh, int ow, int from, int to) {
        int positions = oh * ow;
        for (int g = from; g < to; g++) {
            int src = im2colSource(g, h, w, kh, kw, stride, pad, ow, positions);
            if (src < 0) {
                java.util.Arrays.fill(cols, g * n, g * n + n, 0.0);
            } else {
                System.arraycopy(x, src * n, cols, g * n, n);
            }
        }
    }

    public static void im2col(float[] x, float[] cols, int n, int c, int h, int w, int kh, int kw, int stride,
                              int pad, int oh, int ow, int from, int to) {
        int positions = oh * ow;
        for (int g = from; g < to; g++) {
            int src = im2colSource(g, h, w, kh, kw, stride, pad, ow, positions);
            if (src < 0) {
                java.util.Arrays.fill(cols, g * n, g * n + n, 0.0f);
            } else {
                System.arraycopy(x, src * n, cols, g * n, n);
            }
        }
    }

    /** The pixel ((ci * h + iy) * w + ix) whose run item g (column j, position q) copies, or -1 in the padding. */
    private static int im2colSource(int g, int h, int w, int kh, int kw, int stride, int pad, int ow, int positions) {
        int j = g / positions;
        int q = g - j * positions;
        int ci = j / (kh * kw);
        int tap = j - ci * kh * kw;
        int ki = tap / kw;
        int kj = tap - ki * kw;
        int oy = q / ow;
        int ox = q - oy * ow;
        int iy = oy * stride - pad + ki;
        int ix = ox * stride - pad + kj;
        if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
            return -1;
        }
        return (ci * h + iy) * w + ix;
    }

    public static void col2im(double[] cols, double[] y, int n, int c, int h, int w, int kh, int kw, int stride,
                              int pad, int oh, int ow, int from, int to) {
        int positions = oh * ow;
        for (int g = from; g < to; g++) {
            int ci = g / (h * w);
            int rem = g - ci * h * w;
            int iy = rem / w;
            int ix = rem - iy * w;
            int out = g * n;
            java.util.Arrays.fill(y, out, out + n, 0.0);
            for (int ki = 0; ki < kh; ki++) {
                int ty = iy + pad - ki;
                if (ty < 0 || ty % stride != 0 || ty / stride >= oh) {
                    continue;
                }
                int oy = ty / stride;
                for (int kj = 0; kj < kw; kj++) {
                    int tx = ix + pad - kj;
                    if (tx < 0 || tx % stride != 0 || tx / stride >= ow) {
                        continue;
                    }
                    int in = (((ci * kh + ki) * kw + kj) * positions + oy * ow + tx / stride) * n;
                    for (int i = 0; i < n; i++) {
                        y[out + i] += cols[in + i];
                    }
                }
            }
        }
    }

    public static void col2im(float[] cols, float[] y, int n, int c, int h, int w, int kh, int kw, int stride,
                              int pad, int oh, int ow, int from, int to) {
        int positions = oh * ow;
        for (int g = from; g < to; g++) {
            int ci = g / (h * w);
            int rem = g - ci * h * w;
            int iy = rem / w;
            int ix = rem - iy * w;
            int out = g * n;
            java.util.Arrays.fill(y, out, out + n, 0.0f);
            for (int ki = 0; ki < kh; ki++) {
                int ty = iy + pad - ki;
                if (ty < 0 || ty % stride != 0 || ty / stride >= oh) {
                    continue;
                }
                int oy = ty / stride;
                for (int kj = 0; kj < kw; kj++) {
                    int tx = ix + pad - kj;
                    if (tx < 0 || tx % stride != 0 || tx / stride >= ow) {
                        continue;
                    }
                    int in = (((ci * kh + ki) * kw + kj) * positions + oy * ow + tx / stride) * n;
                    for (int i = 0; i < n; i++) {
                        y[out + i] += cols[in + i];
                    }
                }
            }
        }
    }
}
