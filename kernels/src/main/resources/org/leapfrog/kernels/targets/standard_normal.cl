// Standard normal N(0, I_DIM): log density -|x|^2 / 2 (constant dropped). td is unused.
// Java twin: org.leapfrog.samplers.target.StandardNormal.

RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td) {
    RV s = (RV)(0.0);
    for (int i = 0; i < DIM; i++) {
        g[i] = -x[i];
        s += x[i] * x[i];
    }
    return (REAL)(-0.5) * s;
}

void lf_hvp(const RV *x, const RV *v, RV *hv, __global const REAL *td) {
    for (int i = 0; i < DIM; i++) {
        hv[i] = -v[i];
    }
}
