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

void lf_hvp(const RV *x, const RV *v, RV *hv, __global const REAL *td) {
    for (int i = 0; i < DIM; i++) {
        hv[i] = -td[i] * v[i];
    }
}
