// Rough Well: U(x) = |x|^2 / 2 + eta * sum_i cos(x_i / eta); log density = -U.
// td = [eta, 1 / eta, 1 / (2 pi eta)] (reciprocals are stored so no lane divides).
// cos and sin of x / eta = 2 pi t come from lfmath.cl on the fractional part of t: basic operations only, so
// the OpenCL and Java twins agree bit for bit. That matters here: the ripple's gradient amplifies any
// difference by 1 / eta per evaluation, so library cos/sin differing in the last ulp would make the two
// backends' trajectories part after a few iterations.
// Java twin: org.leapfrog.samplers.target.RoughWell.

inline void lf_roughwell_cos_sin(RV xi, REAL k, RV *c, RV *s) {
    RV t = xi * k;
    lf_cos_sin_2pi(t - floor(t), c, s);
}

RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td) {
    const REAL eta = td[0], k = td[2];
    RV lp = (RV)(0.0);
    for (int i = 0; i < DIM; i++) {
        RV c, s;
        lf_roughwell_cos_sin(x[i], k, &c, &s);
        lp -= (REAL)(0.5) * x[i] * x[i] + eta * c;
        g[i] = s - x[i];
    }
    return lp;
}

void lf_hvp(const RV *x, const RV *v, RV *hv, __global const REAL *td) {
    const REAL inv = td[1], k = td[2];
    for (int i = 0; i < DIM; i++) {
        RV c, s;
        lf_roughwell_cos_sin(x[i], k, &c, &s);
        hv[i] = (c * inv - (REAL)(1.0)) * v[i];
    }
}
