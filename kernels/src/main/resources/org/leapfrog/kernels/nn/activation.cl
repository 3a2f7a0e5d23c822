// Softplus and sigmoid over n elements with vector built-ins: each work-item takes VW consecutive elements
// (lanes.cl: RV = REAL or a REAL vector), so PoCL evaluates exp and log1p as vector functions, which the
// scalar element-wise kernel (nn_unary, with its switch over op codes) does not get; the last partial group is
// done element by element. Same formulas as nn_unary's: softplus max(v, 0) + log1p(exp(-|v|)); sigmoid
// 1 / (1 + e) for v >= 0 and e / (1 + e) otherwise, e = exp(-|v|). Java twins: org.leapfrog.kernels.nn.ActivationTwins.

inline REAL nn_softplus1(REAL v) {
    return fmax(v, (REAL) 0) + log1p(exp(-fabs(v)));
}

inline REAL nn_sigmoid1(REAL v) {
    REAL e = exp(-fabs(v));
    return v >= 0 ? 1 / (1 + e) : e / (1 + e);
}

__kernel void nn_softplus_lanes(__global const REAL *x, __global REAL *y, int n) {
    const int i = get_global_id(0) * VW;
    if (i + VW <= n) {
        RV v = LF_LOAD(x, i);
        LF_STORE(fmax(v, (RV) 0) + log1p(exp(-fabs(v))), y, i);
    } else {
        for (int k = i; k < n; k++) {
            y[k] = nn_softplus1(x[k]);
        }
    }
}

__kernel void nn_sigmoid_lanes(__global const REAL *x, __global REAL *y, int n) {
    const int i = get_global_id(0) * VW;
    if (i + VW <= n) {
        RV v = LF_LOAD(x, i);
        RV e = exp(-fabs(v));
#if VW == 1
        RV r = v >= 0 ? 1 / (1 + e) : e / (1 + e);
#else
        RV r = select(e / (1 + e), 1 / (1 + e), v >= (RV) 0);
#endif
        LF_STORE(r, y, i);
    } else {
        for (int k = i; k < n; k++) {
            y[k] = nn_sigmoid1(x[k]);
        }
    }
}
