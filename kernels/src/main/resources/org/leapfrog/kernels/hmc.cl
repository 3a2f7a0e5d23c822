// Fused HMC iteration: momentum draw, L leapfrog steps with the target's gradient inlined, energy, and the
// Metropolis-Hastings decision, for VW chains per work-item; state is updated in place.
// Java twin: org.leapfrog.samplers.hmc.HmcKernels. Needs lanes.cl, philox.cl, philox_lanes.cl, metric.cl,
// leapfrog.cl, then (appended) the target's code. Defines: DIM, METRIC (LF_METRIC_UNIT, LF_METRIC_DIAGONAL or LF_METRIC_DENSE).

__kernel void lf_hmc_init(int n_chains, __global const REAL *pos, __global REAL *logp, __global REAL *grad,
                          __global const REAL *td) {
    int c0 = get_global_id(0) * VW;
    if (c0 >= n_chains) return;
    RV x[DIM], g[DIM];
    for (int d = 0; d < DIM; d++) x[d] = LF_LOAD(pos, d * n_chains + c0);
    RV lp = lf_logp_grad(x, g, td);
    LF_STORE(lp, logp, c0);
    for (int d = 0; d < DIM; d++) LF_STORE(g[d], grad, d * n_chains + c0);
}

__kernel void lf_hmc_step(ulong seed, uint iteration, int n_chains,
                          __global REAL *pos, __global REAL *logp, __global REAL *grad,
                          __global const REAL *eps, double jitter, int n_steps, double max_energy_error,
                          __global const REAL *m, __global const REAL *td,
                          __global REAL *accept_prob, __global int *accepted, __global int *divergent,
                          __global REAL *energy, __global const REAL *chain_scale, uint chain_offset) {
    int c0 = get_global_id(0) * VW;
    if (c0 >= n_chains) return;
    // Random streams are keyed by the global chain index: a batch holding chains [offset, offset + n) of a
    // larger run (a shard) draws exactly those chains' numbers.
    UV chain = (UV)((uint)c0 + chain_offset) + LF_LANE_IDS;
    RV x[DIM], p[DIM], g[DIM], v[DIM];

    lf_draw_momentum(seed, chain, iteration, p, v, m);
    RV lp0 = LF_LOAD(logp, c0);
    RV k0 = lf_kinetic(p, v, m);
    RV h0 = k0 - lp0;
    for (int d = 0; d < DIM; d++) {
        x[d] = LF_LOAD(pos, d * n_chains + c0);
        g[d] = LF_LOAD(grad, d * n_chains + c0);
    }
    // Per-chain step-size factor (adapted per chain; 1 otherwise), times the jitter factor.
    RV scale = LF_LOAD(chain_scale, c0);
    if (jitter != 0.0) {
        scale = scale * ((RV)1 + (REAL)jitter * ((RV)2 * lf_first_uniform_lanes(seed, chain, iteration, LF_PURPOSE_JITTER) - (RV)1));
    }

    RV lp = lf_leapfrog(x, p, g, v, lp0, eps, scale, n_steps, m, td);
#ifdef LF_F32
    // float32: differences of like terms first (kinetic with kinetic, log density with log density), so the
    // rounding of H itself (an ulp of |H|, large where |log p| is) stays out of the energy error.
    RV k1 = lf_kinetic(p, v, m);
    RV h1 = k1 - lp;
    RV delta = (k1 - k0) - (lp - lp0);
#else
    RV h1 = lf_kinetic(p, v, m) - lp;
    RV delta = h1 - h0;
#endif

    RV u = lf_first_uniform_lanes(seed, chain, iteration, LF_PURPOSE_ACCEPT);
    IV finite = isfinite(delta);
#ifdef LF_F32
    IV acc = finite && (log(u) < -delta);
    RV prob = select((RV)0, fmin((RV)1, exp(-delta)), finite);
#else
    // float64: the decision and the acceptance probability (which feeds step-size adaptation) use lfmath.cl's
    // log and exp(-y), the operations of the Java twin's LfMath, so both backends round them the same and
    // adapted step sizes agree bit for bit (device exp and Math.exp differ in the last ulp).
    IV acc = finite && (lf_log(u) < -delta);
    RV prob = select((RV)0, lf_exp_neg(fmax(delta, (RV)0)), finite);
#endif
    IV div = !finite || (delta > (RV)(REAL)max_energy_error);

    for (int d = 0; d < DIM; d++) {
        LF_STORE(select(LF_LOAD(pos, d * n_chains + c0), x[d], acc), pos, d * n_chains + c0);
        LF_STORE(select(LF_LOAD(grad, d * n_chains + c0), g[d], acc), grad, d * n_chains + c0);
    }
    LF_STORE(select(lp0, lp, acc), logp, c0);
    LF_STORE(prob, accept_prob, c0);
    LF_STORE(LF_MASK_INT(acc), accepted, c0);
    LF_STORE(LF_MASK_INT(div), divergent, c0);
    LF_STORE(select(h0, h1, acc), energy, c0);
}
