// Diagonal Gaussian: log density -sum_i p_i (x_i - m_i)^2 / 2 with precisions p_i = 1 / variance_i.
// td = [p_0 .. p_{DIM-1}, m_0 .. m_{DIM-1}]; precisions are stored so the gradient has no division.
// LF_DIAG_ZERO_MEAN (defined by the Java side when every m_i is 0) skips the mean loads.
// Java twin: org.leapfrog.samplers.target.DiagonalGaussian.

RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td) {
    RV s = (RV)(0.0);
    for (int i = 0; i < DIM; i++) {
#ifdef LF_DIAG_ZERO_MEAN
        RV r = x[i];
#else
        RV r = x[i] - td[DIM + i];
#endif
        RV gi = -td[i] * r;
        g[i] = gi;
        s += gi * r;
    }
    return (REAL)(0.5) * s;
}

// The gradient alone (the steps before a trajectory's last need no log density): the same operations per
// coordinate as lf_logp_grad, so the same bits.
void lf_grad(const RV *x, RV *g, __global const REAL *td) {
    for (int i = 0; i < DIM; i++) {
#ifdef LF_DIAG_ZERO_MEAN
        g[i] = -td[i] * x[i];
#else
        g[i] = -td[i] * (x[i] - td[DIM + i]);
#endif
    }
}

// Coordinate i's gradient from coordinate i alone (the target is separable): lets the leapfrog keep each
// coordinate's whole trajectory in registers (LF_SEPARABLE in leapfrog.cl). Same operations as lf_grad's.
RV lf_grad_coord(int i, RV xi, __global const REAL *td) {
#ifdef LF_DIAG_ZERO_MEAN
    return -td[i] * xi;
#else
    return -td[i] * (xi - td[DIM + i]);
#endif
}

void lf_hvp(const RV *x, const RV *v, RV *hv, __global const REAL *td) {
    for (int i = 0; i < DIM; i++) {
        hv[i] = -td[i] * v[i];
    }
}
