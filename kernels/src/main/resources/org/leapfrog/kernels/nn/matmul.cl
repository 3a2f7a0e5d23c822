// Matrix products of the autodiff engine in the feature-major layout (element (r, c) at [c * rows + r]).
// One work-item per output element. The summation order is that of the Java twins
// (org.leapfrog.kernels.nn.Products): the common index in blocks of four, then the remainder.
#ifndef REAL
#define REAL double
#endif
#if defined(cl_khr_fp64)
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

// y (n x m) = x (n x k) @ w (k x m).
__kernel void nn_matmul(__global const REAL *x, __global const REAL *w, __global REAL *y, int n, int k, int m) {
    int e = get_global_id(0);
    if (e >= n * m) {
        return;
    }
    int r = e % n;
    int j = e / n;
    __global const REAL *wj = w + j * k;
    REAL acc = 0;
    int i = 0;
    for (; i + 3 < k; i += 4) {
        acc += wj[i] * x[i * n + r] + wj[i + 1] * x[(i + 1) * n + r] + wj[i + 2] * x[(i + 2) * n + r]
                + wj[i + 3] * x[(i + 3) * n + r];
    }
    for (; i < k; i++) {
        acc += wj[i] * x[i * n + r];
    }
    y[e] = acc;
}

// y (n x k) = g (n x m) @ w^T, w (k x m).
__kernel void nn_matmul_tb(__global const REAL *g, __global const REAL *w, __global REAL *y, int n, int k, int m) {
    int e = get_global_id(0);
    if (e >= n * k) {
        return;
    }
    int r = e % n;
    int i = e / n;
    REAL acc = 0;
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

// y (k x m) = x^T @ g, x (n x k), g (n x m): a dot product over the batch with four partial sums.
__kernel void nn_matmul_ta(__global const REAL *x, __global const REAL *g, __global REAL *y, int n, int k, int m) {
    int e = get_global_id(0);
    if (e >= k * m) {
        return;
    }
    int i = e % k;
    int j = e / k;
    __global const REAL *xi = x + i * n;
    __global const REAL *gj = g + j * n;
    REAL s0 = 0;
    REAL s1 = 0;
    REAL s2 = 0;
    REAL s3 = 0;
    int r = 0;
    for (; r + 3 < n; r += 4) {
        s0 += xi[r] * gj[r];
        s1 += xi[r + 1] * gj[r + 1];
        s2 += xi[r + 2] * gj[r + 2];
        s3 += xi[r + 3] * gj[r + 3];
    }
    for (; r < n; r++) {
        s0 += xi[r] * gj[r];
    }
    y[e] = (s0 + s1) + (s2 + s3);
}
