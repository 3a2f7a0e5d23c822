// Convolution layout kernels of the autodiff engine (im2col and its adjoint col2im). A batch of images with
// C channels of H x W pixels is the feature-major tensor n x (C*H*W): pixel (c, y, x) of image i lives at
// [((c * H + y) * W + x) * n + i], so every image index is the fastest-moving one. The column matrix of a
// convolution with a KH x KW kernel, stride s and zero padding p over an OH x OW output grid is the
// (OH*OW*n) x (C*KH*KW) feature-major matrix whose row (q * n + i) holds the receptive field of output
// position q of image i: element (row q * n + i, column j) at [(j * OH*OW + q) * n + i]. A product with a
// (C*KH*KW) x C' weight then gives the n x (C'*OH*OW) output directly. Each work-item moves one contiguous
// run of n values (all images), so index arithmetic is paid once per run; global sizes may be rounded up, so
// both kernels check their count. Java twins: org.leapfrog.kernels.nn.ConvTwins.
#ifndef REAL
#define REAL double
#endif
#if defined(cl_khr_fp64)
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

// One work-item per (column j, output position q): dst = cols, the run of n values at [(j * OH*OW + q) * n]
// is the image pixel under kernel tap j of output position q for every image (a contiguous run of src), or
// zeros in the padding.
__kernel void nn_im2col(__global const REAL *src, __global REAL *dst, int n, int c, int h, int w, int kh, int kw,
                        int stride, int pad, int oh, int ow) {
    const int g = get_global_id(0);
    const int positions = oh * ow;
    if (g >= c * kh * kw * positions) {
        return;
    }
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
    // No branch around the loops (PoCL vectorises across work-items): padding reads pixel 0 and stores 0.
    const int inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
    __global REAL *out = dst + (size_t) g * n;
    __global const REAL *in = src + (size_t) (inside ? (ci * h + iy) * w + ix : 0) * n;
    for (int i = 0; i < n; i++) {
        out[i] = inside ? in[i] : (REAL) 0;
    }
}

// The adjoint of nn_im2col, from src = cols to dst = images. One work-item per pixel (c, y, x): its run of n
// values at [((c * H + y) * W + x) * n] is 0 plus, tap by tap (ki, kj ascending), the run of every tap whose
// output position lies on the grid: a fixed order of additions per element.
__kernel void nn_col2im(__global const REAL *src, __global REAL *dst, int n, int c, int h, int w, int kh, int kw,
                        int stride, int pad, int oh, int ow) {
    const int g = get_global_id(0);
    if (g >= c * h * w) {
        return;
    }
    const int ci = g / (h * w);
    const int rem = g - ci * h * w;
    const int iy = rem / w;
    const int ix = rem - iy * w;
    const int positions = oh * ow;
    __global REAL *out = dst + (size_t) g * n;
    for (int i = 0; i < n; i++) {
        out[i] = 0;
    }
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
            __global const REAL *in = src + (size_t) (((ci * kh + ki) * kw + kj) * positions + oy * ow + tx / stride) * n;
            for (int i = 0; i < n; i++) {
                out[i] += in[i];
            }
        }
    }
}
