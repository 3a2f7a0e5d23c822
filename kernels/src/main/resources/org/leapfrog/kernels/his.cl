// Tempered Hamiltonian flow (Hamiltonian importance sampling, Caterini et al. 2018, Algorithm 1): K steps of
// one leapfrog step (per-dimension step sizes, unit mass) followed by momentum scaling alpha_k. Deterministic
// given (z0, rho0); rho0 = gamma / sqrt(beta0) with gamma drawn from the chain's Philox stream unless given.
// Per chain: log w = [log p(z_K) - |rho_K|^2 / 2] - [log q0(z0) - beta0 |rho0|^2 / 2] (the 2 pi terms and the
// Jacobian beta0^(d/2) cancel as in the paper's equation (5)); E[exp(log w)] is the target's normaliser.
// Java twin: org.leapfrog.samplers.his.HisKernels. Needs lanes.cl, philox.cl, philox_lanes.cl, metric.cl
// (METRIC LF_METRIC_UNIT), leapfrog.cl, then the target's code.

__kernel void lf_his_flow(ulong seed, uint iteration, int n_chains, int draw_momentum,
                          __global REAL *pos, __global REAL *mom, __global const REAL *logq0,
                          __global REAL *logw, __global REAL *logp,
                          __global const REAL *eps, __global const REAL *alpha, int n_temper, double beta0,
                          __global const REAL *m, __global const REAL *td) {
    int c0 = get_global_id(0) * VW;
    if (c0 >= n_chains) return;
    UV chain = (UV)((uint)c0) + LF_LANE_IDS;
    RV x[DIM], p[DIM], g[DIM], v[DIM];
    for (int d = 0; d < DIM; d++) x[d] = LF_LOAD(pos, d * n_chains + c0);
    if (draw_momentum) {
        lf_draw_momentum(seed, chain, iteration, v, p, m);
        RV s = (RV)1 / sqrt((RV)(REAL)beta0);
        for (int d = 0; d < DIM; d++) p[d] = v[d] * s;
    } else {
        for (int d = 0; d < DIM; d++) p[d] = LF_LOAD(mom, d * n_chains + c0);
    }
    RV sq0 = (RV)0;
    for (int d = 0; d < DIM; d++) sq0 += p[d] * p[d];
    RV lp = lf_logp_grad(x, g, td);
    for (int k = 0; k < n_temper; k++) {
        lp = lf_leapfrog(x, p, g, v, lp, eps, (RV)1, 1, m, td);
        RV a = (RV)alpha[k];
        for (int d = 0; d < DIM; d++) p[d] = lf_temper(a, p[d]);
    }
    RV sqk = (RV)0;
    for (int d = 0; d < DIM; d++) sqk += p[d] * p[d];
    RV w = (lp - (RV)0.5 * sqk) - (LF_LOAD(logq0, c0) - (RV)0.5 * (RV)(REAL)beta0 * sq0);
    for (int d = 0; d < DIM; d++) {
        LF_STORE(x[d], pos, d * n_chains + c0);
        LF_STORE(p[d], mom, d * n_chains + c0);
    }
    LF_STORE(w, logw, c0);
    LF_STORE(lp, logp, c0);
}
