// Fallback lf_hvp for user targets that define only lf_logp_grad: a central difference of the gradient,
//   H v ~ (grad(x + h v) - grad(x - h v)) / (2 h),  h = cbrt(DBL_EPSILON) (1 + |x|) / |v|  per lane (Euclidean norms;
// FLT_EPSILON in float32 builds, LF_F32).
// This h balances the O(h^2) truncation error against the O(eps / h) rounding error, so expect about 1e-10
// relative accuracy (worse where the third derivative is large); v = 0 gives 0. Costs two gradient calls.

void lf_hvp(const RV *x, const RV *v, RV *hv, __global const REAL *td) {
    RV xn = (RV)(0.0), vn = (RV)(0.0);
    for (int i = 0; i < DIM; i++) {
        xn += x[i] * x[i];
        vn += v[i] * v[i];
    }
    IV zero = (IV)(vn == (RV)(0.0));
#ifdef LF_F32
    const REAL cbrt_eps = (REAL)(4.921566601151848e-03); // cbrt(FLT_EPSILON): float32 builds
#else
    const REAL cbrt_eps = (REAL)(6.0554544523933395e-06);
#endif
    RV h = cbrt_eps * ((REAL)(1.0) + sqrt(xn)) / sqrt(select(vn, (RV)(1.0), zero));
    RV xs[DIM], gp[DIM];
    for (int i = 0; i < DIM; i++) {
        xs[i] = x[i] + h * v[i];
    }
    lf_logp_grad(xs, gp, td);
    for (int i = 0; i < DIM; i++) {
        xs[i] = x[i] - h * v[i];
    }
    lf_logp_grad(xs, hv, td);
    RV inv2h = (REAL)(0.5) / h;
    for (int i = 0; i < DIM; i++) {
        hv[i] = select((gp[i] - hv[i]) * inv2h, (RV)(0.0), zero);
    }
}
