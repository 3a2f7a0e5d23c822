// Neal's funnel, coordinate 0 is y, coordinates 1..DIM-1 are x:
//   U = y^2 / (2 s^2) + e^y |x|^2 / 2 - (DIM - 1) y / 2, log density = -U  (x | y ~ N(0, e^-y I), y ~ N(0, s^2)).
// td = [1 / s^2].
// Java twin: org.leapfrog.samplers.target.NealsFunnel.

RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td) {
    const REAL a = td[0];
    const REAL half_n = (REAL)(0.5) * (REAL)(DIM - 1);
    RV y = x[0];
    RV ey = exp(y);
    RV sq = (RV)(0.0);
    for (int i = 1; i < DIM; i++) {
        sq += x[i] * x[i];
        g[i] = -ey * x[i];
    }
    RV half_ey_sq = (REAL)(0.5) * ey * sq;
    g[0] = half_n - a * y - half_ey_sq;
    return half_n * y - (REAL)(0.5) * a * y * y - half_ey_sq;
}

void lf_hvp(const RV *x, const RV *v, RV *hv, __global const REAL *td) {
    const REAL a = td[0];
    RV ey = exp(x[0]);
    RV v0 = v[0];
    RV sq = (RV)(0.0), xv = (RV)(0.0);
    for (int i = 1; i < DIM; i++) {
        sq += x[i] * x[i];
        xv += x[i] * v[i];
        hv[i] = -ey * (x[i] * v0 + v[i]);
    }
    hv[0] = -(a + (REAL)(0.5) * ey * sq) * v0 - ey * xv;
}
