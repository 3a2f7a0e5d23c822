// Rough Well: U(x) = |x|^2 / 2 + eta * sum_i cos(x_i / eta); log density = -U.
// td = [eta, 1 / eta] (the reciprocal is stored so no lane divides).
// Java twin: org.leapfrog.samplers.target.RoughWell.

RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td) {
    const REAL eta = td[0], inv = td[1];
    RV lp = (RV)(0.0);
    for (int i = 0; i < DIM; i++) {
        RV a = x[i] * inv;
        lp -= (REAL)(0.5) * x[i] * x[i] + eta * cos(a);
        g[i] = sin(a) - x[i];
    }
    return lp;
}

void lf_hvp(const RV *x, const RV *v, RV *hv, __global const REAL *td) {
    const REAL inv = td[1];
    for (int i = 0; i < DIM; i++) {
        hv[i] = (cos(x[i] * inv) * inv - (REAL)(1.0)) * v[i];
    }
}
