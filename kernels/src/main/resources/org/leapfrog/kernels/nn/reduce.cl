// Row and column sums of the autodiff engine (feature-major: element (r, c) at [c * rows + r]), summed in
// the order of the Java twins (org.leapfrog.kernels.nn.Sums).
#ifndef REAL
#define REAL double
#endif
#if defined(cl_khr_fp64)
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

// Column c's sum over the batch, in row order (the twins' order).
inline REAL nn_column_sum(__global const REAL *x, int rows, int c) {
    __global const REAL *xc = x + c * rows;
    REAL s = 0;
    for (int r = 0; r < rows; r++) {
        s += xc[r];
    }
    return s;
}

// y (1 x cols) = sum over the batch; one work-item per column.
__kernel void nn_sum_rows(__global const REAL *x, __global REAL *y, int rows, int cols) {
    int c = get_global_id(0);
    if (c >= cols) {
        return;
    }
    y[c] = nn_column_sum(x, rows, c);
}

// y (1 x cols) = prev + the sum over the batch: a bias's gradient added to the one accumulated so far in the same
// pass (the same bits as nn_sum_rows followed by an add); one work-item per column.
__kernel void nn_sum_rows_acc(__global const REAL *x, __global const REAL *prev, __global REAL *y, int rows, int cols) {
    int c = get_global_id(0);
    if (c >= cols) {
        return;
    }
    y[c] = prev[c] + nn_column_sum(x, rows, c);
}

// y (rows x 1) = sum over features; one work-item per row, reading along the batch (coalesced on GPUs).
__kernel void nn_sum_cols(__global const REAL *x, __global REAL *y, int rows, int cols) {
    int r = get_global_id(0);
    if (r >= rows) {
        return;
    }
    REAL s = 0;
    for (int c = 0; c < cols; c++) {
        s += x[c * rows + r];
    }
    y[r] = s;
}
