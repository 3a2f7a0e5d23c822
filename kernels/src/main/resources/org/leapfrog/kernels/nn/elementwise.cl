// Element-wise kernels of the autodiff engine on feature-major (chain-minor) tensors: element (row r,
// column c) of a rows x cols tensor lives at [c * rows + r]. One work-item per output element; the global
// size may be rounded up, so every kernel checks its element count. Java twins: org.leapfrog.kernels.nn.Elementwise.
#ifndef REAL
#define REAL double
#endif
#if defined(cl_khr_fp64)
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

// Op codes (NN_*) come from the generated lf_constants.h: Elementwise's constants (KernelConstants).

inline REAL nn_sigmoid(REAL v) {
    if (v >= 0) {
        return 1.0 / (1.0 + exp(-v));
    }
    REAL e = exp(v);
    return e / (1.0 + e);
}

// y = f(x; p, q) for n elements. The op code is uniform over the launch, so the switch does not diverge.
// The scalars are doubles in both precisions (one host scalar type); they are rounded to REAL once here.
__kernel void nn_unary(int op, double p, double q, __global const REAL *x, __global REAL *y, int n) {
    const REAL pr = (REAL) p;
    const REAL qr = (REAL) q;
    int i = get_global_id(0);
    if (i >= n) {
        return;
    }
    REAL v = x[i];
    REAL r;
    switch (op) {
        case NN_ADD_SCALAR: r = v + pr; break;
        case NN_MUL_SCALAR: r = v * pr; break;
        case NN_RECIPROCAL: r = 1.0 / v; break;
        case NN_EXP: r = exp(v); break;
        case NN_LOG: r = log(v); break;
        case NN_LOG1P: r = log1p(v); break;
        case NN_SQRT: r = sqrt(v); break;
        case NN_SQUARE: r = v * v; break;
        case NN_TANH: r = tanh(v); break;
        case NN_SIGMOID: r = nn_sigmoid(v); break;
        case NN_SOFTPLUS: r = fmax(v, (REAL) 0) + log1p(exp(-fabs(v))); break;
        case NN_RELU: r = v > 0 ? v : (REAL) 0; break;
        case NN_ELU: r = v > 0 ? v : pr * expm1(v); break;
        case NN_CLAMP: r = fmin(fmax(v, pr), qr); break;
        case NN_INSIDE: r = (v > pr && v < qr) ? (REAL) 1 : (REAL) 0; break;
        default: r = v != 0 ? (REAL) 1 : (REAL) 0; break;
    }
    y[i] = r;
}

// Index of output element (r, c) in an input of shape ar x ac that broadcasts (a size-1 axis repeats).
inline int nn_bcast(int r, int c, int ar, int ac) {
    return (ac == 1 ? 0 : c * ar) + (ar == 1 ? 0 : r);
}

// y (rows x cols) = a op b with broadcasting.
__kernel void nn_binary(int op, __global const REAL *a, int ar, int ac, __global const REAL *b, int br, int bc,
                        __global REAL *y, int rows, int cols) {
    int i = get_global_id(0);
    if (i >= rows * cols) {
        return;
    }
    int r = i % rows;
    int c = i / rows;
    REAL u = a[nn_bcast(r, c, ar, ac)];
    REAL v = b[nn_bcast(r, c, br, bc)];
    REAL z;
    switch (op) {
        case NN_ADD: z = u + v; break;
        case NN_SUB: z = u - v; break;
        case NN_MUL: z = u * v; break;
        default: z = u / v; break;
    }
    y[i] = z;
}

// y (rows x cols) = a (ar x ac) repeated along its size-1 axes.
__kernel void nn_expand(__global const REAL *a, int ar, int ac, __global REAL *y, int rows, int cols) {
    int i = get_global_id(0);
    if (i >= rows * cols) {
        return;
    }
    y[i] = a[nn_bcast(i % rows, i / rows, ar, ac)];
}

// y = mask != 0 ? a : b; the mask has the branches' shape (mc == cols) or is one column (mc == 1).
__kernel void nn_select(__global const REAL *mask, int mc, __global const REAL *a, __global const REAL *b,
                        __global REAL *y, int rows, int cols) {
    int i = get_global_id(0);
    if (i >= rows * cols) {
        return;
    }
    REAL m = mask[mc == 1 ? i % rows : i];
    y[i] = m != 0 ? a[i] : b[i];
}

// y[off + i] = v for i < n (v a double in both precisions, rounded to REAL).
__kernel void nn_fill(__global REAL *y, int off, double v, int n) {
    const REAL vr = (REAL) v;
    int i = get_global_id(0);
    if (i < n) {
        y[off + i] = vr;
    }
}

// dst[dstOff + i] = src[srcOff + i] for i < n: concatenation and slicing of features are such block copies.
__kernel void nn_copy(__global const REAL *src, int srcOff, __global REAL *dst, int dstOff, int n) {
    int i = get_global_id(0);
    if (i < n) {
        dst[dstOff + i] = src[srcOff + i];
    }
}
