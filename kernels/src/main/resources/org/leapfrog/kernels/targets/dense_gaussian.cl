// Dense Gaussian N(m, S): log density -(x - m)' P (x - m) / 2 with the precision P = inverse(S).
// td = [m_0 .. m_{DIM-1}, P row-major (DIM x DIM)].
// Java twin: org.leapfrog.samplers.target.DenseGaussian.

RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td) {
    __global const REAL *prec = td + DIM;
    RV r[DIM];
    for (int i = 0; i < DIM; i++) {
        r[i] = x[i] - td[i];
    }
    RV s = (RV)(0.0);
    for (int i = 0; i < DIM; i++) {
        RV pr = (RV)(0.0);
        for (int j = 0; j < DIM; j++) {
            pr += prec[i * DIM + j] * r[j];
        }
        g[i] = -pr;
        s += r[i] * pr;
    }
    return (REAL)(-0.5) * s;
}

void lf_hvp(const RV *x, const RV *v, RV *hv, __global const REAL *td) {
    __global const REAL *prec = td + DIM;
    for (int i = 0; i < DIM; i++) {
        RV pv = (RV)(0.0);
        for (int j = 0; j < DIM; j++) {
            pv += prec[i * DIM + j] * v[j];
        }
        hv[i] = -pv;
    }
}
