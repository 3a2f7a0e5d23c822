// Convolution layout kernels of the autodiff engine (im2col and its adjoint col2im). A batch of images with
// C channels of H x W pixels is the feature-major tensor n x (C*H*W): pixel (c, y, x) of image i lives at
// [((c * H + y) * W + x) * n + i], so every image index is the fastest-moving one. The column matrix of a
// convolution with a KH x KW kernel, stride s and zero padding p over an OH x OW output grid is the
// (OH*OW*n) x (C*KH*KW) feature-major matrix whose row (q * n + i) holds the receptive field of output
// position q of image i: element (row q * n + i, column j) at [(j * OH*OW + q) * n + i]. A product with a
// (C*KH*KW) x C' weight then gives the n x (C'*OH*OW) output directly. One work-item per element; global sizes
// may be rounded up, so both kernels check their count. Java twins: org.leapfrog.kernels.nn.ConvTwins.
#ifndef REAL
#define REAL double
#endif
#if defined(cl_khr_fp64)
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

// dst = cols: dst[(j * OH*OW + q) * n + i] = src (the image) at the input pixel under kernel tap j of output position q, or 0 in padding.
__kernel void nn_im2col(__global const REAL *src, __global REAL *dst, int n, int c, int h, int w, int kh, int kw,
                        int stride, int pad, int oh, int ow) {
    const int e = get_global_id(0);
    const int positions = oh * ow;
    if (e >= c * kh * kw * positions * n) {
        return;
    }
    const int i = e % n;
    const int g = e / n;          // j * positions + q
    const int j = g / positions;
    const int q = g - j * positions;
    const int ci = j / (kh * kw);
    const int tap = j - ci * kh * kw;
    const int ki = tap / kw;
    const int kj = tap - ki * kw;
    const int oy = q / ow;
    const int ox = q - oy * ow;
    const int iy = oy * stride - pad + ki;
    const int ix = ox * stride - pad + kj;
    REAL v = 0;
    if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
        v = src[((ci * h + iy) * w + ix) * n + i];
    }
    dst[e] = v;
}

// The adjoint of nn_im2col, from src = cols to dst = image: dst[((c * H + y) * W + x) * n + i] = sum over the taps (ki, kj) ascending whose
// output position lies on the grid of cols at that tap and position. Starts from 0 and adds in a fixed order.
__kernel void nn_col2im(__global const REAL *src, __global REAL *dst, int n, int c, int h, int w, int kh, int kw,
                        int stride, int pad, int oh, int ow) {
    const int e = get_global_id(0);
    if (e >= c * h * w * n) {
        return;
    }
    const int i = e % n;
    const int g = e / n;          // (ci * h + iy) * w + ix
    const int ci = g / (h * w);
    const int rem = g - ci * h * w;
    const int iy = rem / w;
    const int ix = rem - iy * w;
    const int positions = oh * ow;
    REAL s = 0;
    for (int ki = 0; ki < kh; ki++) {
        const int ty = iy + pad - ki;
        if (ty < 0 || ty % stride != 0 || ty / stride >= oh) {
            continue;
        }
        const int oy = ty / stride;
        for (int kj = 0; kj < kw; kj++) {
            const int tx = ix + pad - kj;
            if (tx < 0 || tx % stride != 0 || tx / stride >= ow) {
                continue;
            }
            const int ox = tx / stride;
            s += src[(((ci * kh + ki) * kw + kj) * positions + oy * ow + ox) * n + i];
        }
    }
    dst[e] = s;
}
