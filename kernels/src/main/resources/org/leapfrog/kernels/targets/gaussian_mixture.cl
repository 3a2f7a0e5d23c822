// Mixture of LF_MIX_K isotropic Gaussians with a shared variance 1 / q:
//   log density = logsumexp_k (log w_k - q |x - mu_k|^2 / 2), computed with the running maximum subtracted.
// Gradient: sum_k r_k g_k with responsibilities r_k and g_k = -q (x - mu_k).
// Hessian:  sum_k r_k g_k g_k' - q I - g g'  (so H v needs g_k . v and g . v, no matrix).
// td = [q, log w_0 .. log w_{K-1}, mu_0 (DIM values) .. mu_{K-1}].
// Java twin: org.leapfrog.samplers.target.GaussianMixture.

// Unnormalised responsibilities l[k] = exp(log w_k - q |x - mu_k|^2 / 2 - m), their sum s and the maximum m.
inline void lf_mix_weights(const RV *x, __global const REAL *td, RV *l, RV *m_out, RV *s_out) {
    const REAL q = td[0];
    __global const REAL *mu = td + 1 + LF_MIX_K;
    RV m = (RV)(-INFINITY);
    for (int k = 0; k < LF_MIX_K; k++) {
        RV ss = (RV)(0.0);
        for (int i = 0; i < DIM; i++) {
            RV r = x[i] - mu[k * DIM + i];
            ss += r * r;
        }
        l[k] = td[1 + k] - (REAL)(0.5) * q * ss;
        m = fmax(m, l[k]);
    }
    RV s = (RV)(0.0);
    for (int k = 0; k < LF_MIX_K; k++) {
        l[k] = exp(l[k] - m);
        s += l[k];
    }
    *m_out = m;
    *s_out = s;
}

RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td) {
    const REAL q = td[0];
    __global const REAL *mu = td + 1 + LF_MIX_K;
    RV l[LF_MIX_K], m, s;
    lf_mix_weights(x, td, l, &m, &s);
    RV inv = (REAL)(1.0) / s;
    for (int i = 0; i < DIM; i++) {
        g[i] = (RV)(0.0);
    }
    for (int k = 0; k < LF_MIX_K; k++) {
        RV rq = l[k] * inv * q;
        for (int i = 0; i < DIM; i++) {
            g[i] -= rq * (x[i] - mu[k * DIM + i]);
        }
    }
    return m + log(s);
}

void lf_hvp(const RV *x, const RV *v, RV *hv, __global const REAL *td) {
    const REAL q = td[0];
    __global const REAL *mu = td + 1 + LF_MIX_K;
    RV l[LF_MIX_K], m, s;
    lf_mix_weights(x, td, l, &m, &s);
    RV inv = (REAL)(1.0) / s;
    RV gsum[DIM];
    for (int i = 0; i < DIM; i++) {
        hv[i] = -q * v[i];
        gsum[i] = (RV)(0.0);
    }
    RV gv = (RV)(0.0);
    for (int k = 0; k < LF_MIX_K; k++) {
        RV rk = l[k] * inv;
        RV dk = (RV)(0.0);
        for (int i = 0; i < DIM; i++) {
            dk -= q * (x[i] - mu[k * DIM + i]) * v[i];
        }
        for (int i = 0; i < DIM; i++) {
            RV gki = -q * (x[i] - mu[k * DIM + i]);
            hv[i] += rk * dk * gki;
            gsum[i] += rk * gki;
        }
        gv += rk * dk;
    }
    for (int i = 0; i < DIM; i++) {
        hv[i] -= gsum[i] * gv;
    }
}
