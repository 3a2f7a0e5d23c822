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

#ifndef LF_F32
// Chain statistics inside the step (lf_hmc_step_stats below), float64 only. These helpers are defined with
// contraction off in both numerics modes: they repeat ChainStatisticsKernel's (and the host's OnlineMoments.add)
// double operations in the same order, so the moments are bit-identical to theirs also in FAST.
#pragma OPENCL FP_CONTRACT OFF
// Welford's update of one coordinate row: delta = x - mean; mean += delta / count; m2 += delta * (x - mean).
inline void lf_stats_welford(RV x, __global double *mean, __global double *m2, int i, double inv_count) {
    RV mu = LF_LOAD(mean, i);
    RV delta = x - mu;
    mu = mu + delta * (RV)inv_count;
    LF_STORE(mu, mean, i);
    LF_STORE(LF_LOAD(m2, i) + delta * (x - mu), m2, i);
}

// The per-chain statistics: acceptance sum, divergence count, the energy's Welford moments, the sum of squared
// jumps between consecutive draws' energies (from the second draw on) and the last energy.
inline void lf_stats_chain(RV prob, IV div, RV e, int c0, int count, double inv_count,
                           __global double *accept_sum, __global int *divergences, __global double *energy_mean,
                           __global double *energy_m2, __global double *energy_jump, __global double *energy_prev) {
    LF_STORE(LF_LOAD(accept_sum, c0) + prob, accept_sum, c0);
    LF_STORE(LF_LOAD(divergences, c0) + LF_MASK_INT(div), divergences, c0);
    RV em = LF_LOAD(energy_mean, c0);
    RV de = e - em;
    em = em + de * (RV)inv_count;
    LF_STORE(em, energy_mean, c0);
    LF_STORE(LF_LOAD(energy_m2, c0) + de * (e - em), energy_m2, c0);
    if (count > 1) {
        RV jump = e - LF_LOAD(energy_prev, c0);
        LF_STORE(LF_LOAD(energy_jump, c0) + jump * jump, energy_jump, c0);
    }
    LF_STORE(e, energy_prev, c0);
}
#ifdef LF_FAST
#pragma OPENCL FP_CONTRACT ON
#endif

// Copies the lanes of chains below n_kept into row[c0 ..] (the kept chains' packed draw).
inline void lf_stats_pack(RV v, __global double *row, int c0, int n_kept) {
#if VW == 1
    row[c0] = v;
#else
    double t[VW];
    LF_CAT(vstore, VW)(v, 0, t);
    for (int l = 0; l < VW && c0 + l < n_kept; l++) {
        row[c0 + l] = t[l];
    }
#endif
}
#endif

// One iteration for the work-item's chains; lf_hmc_step and lf_hmc_step_proposal below are its two entry points.
// With keep_proposal set it also stores the end of the trajectory (position and momentum, before the accept
// decision) into prop_pos / prop_mom, which trajectory-length adaptation (ChEES) reads.
inline void lf_hmc_iterate(ulong seed, uint iteration, int n_chains,
                           __global REAL *pos, __global REAL *logp, __global REAL *grad,
                           __global const REAL *eps, double jitter, int n_steps, double max_energy_error,
                           __global const REAL *m, __global const REAL *td,
                           __global REAL *accept_prob, __global int *accepted, __global int *divergent,
                           __global REAL *energy, __global const REAL *chain_scale,
                           uint chain_offset,
                           __global REAL *prop_pos, __global REAL *prop_mom, int keep_proposal,
                           int stats, int count, double inv_count, __global double *st_mean, __global double *st_m2,
                           __global double *st_accept_sum, __global int *st_divergences,
                           __global double *st_energy_mean, __global double *st_energy_m2,
                           __global double *st_energy_jump, __global double *st_energy_prev,
                           int n_kept, __global double *kept) {
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
    if (keep_proposal) {
        for (int d = 0; d < DIM; d++) {
            LF_STORE(x[d], prop_pos, d * n_chains + c0);
            LF_STORE(p[d], prop_mom, d * n_chains + c0);
        }
    }
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
        RV xn = select(LF_LOAD(pos, d * n_chains + c0), x[d], acc);
        LF_STORE(xn, pos, d * n_chains + c0);
        LF_STORE(select(LF_LOAD(grad, d * n_chains + c0), g[d], acc), grad, d * n_chains + c0);
#ifndef LF_F32
        // A kept draw's statistics while the new position is at hand (no second pass over the state).
        if (stats) {
            lf_stats_welford(xn, st_mean, st_m2, d * n_chains + c0, inv_count);
            if (c0 < n_kept) {
                lf_stats_pack(xn, kept + d * n_kept, c0, n_kept);
            }
        }
#endif
    }
    RV lp_new = select(lp0, lp, acc);
    RV e_new = select(h0, h1, acc);
    LF_STORE(lp_new, logp, c0);
    LF_STORE(prob, accept_prob, c0);
    LF_STORE(LF_MASK_INT(acc), accepted, c0);
    LF_STORE(LF_MASK_INT(div), divergent, c0);
    LF_STORE(e_new, energy, c0);
#ifndef LF_F32
    if (stats) {
        lf_stats_chain(prob, div, e_new, c0, count, inv_count, st_accept_sum, st_divergences, st_energy_mean,
                       st_energy_m2, st_energy_jump, st_energy_prev);
        if (c0 < n_kept) {
            lf_stats_pack(lp_new, kept + DIM * n_kept, c0, n_kept);
            lf_stats_pack(prob, kept + (DIM + 1) * n_kept, c0, n_kept);
            lf_stats_pack(select((RV)0.0, (RV)1.0, div), kept + (DIM + 2) * n_kept, c0, n_kept);
            lf_stats_pack(e_new, kept + (DIM + 3) * n_kept, c0, n_kept);
        }
    }
#endif
}

__kernel void lf_hmc_step(ulong seed, uint iteration, int n_chains,
                          __global REAL *pos, __global REAL *logp, __global REAL *grad,
                          __global const REAL *eps, double jitter, int n_steps, double max_energy_error,
                          __global const REAL *m, __global const REAL *td,
                          __global REAL *accept_prob, __global int *accepted, __global int *divergent,
                          __global REAL *energy, __global const REAL *chain_scale, uint chain_offset) {
    lf_hmc_iterate(seed, iteration, n_chains, pos, logp, grad, eps, jitter, n_steps, max_energy_error, m, td,
                   accept_prob, accepted, divergent, energy, chain_scale, chain_offset, 0, 0, 0,
                   0, 0, 0.0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

// lf_hmc_step's arguments (chain_offset included), then the proposal buffers (dimension x n_chains each,
// chain-minor).
__kernel void lf_hmc_step_proposal(ulong seed, uint iteration, int n_chains,
                                   __global REAL *pos, __global REAL *logp, __global REAL *grad,
                                   __global const REAL *eps, double jitter, int n_steps, double max_energy_error,
                                   __global const REAL *m, __global const REAL *td,
                                   __global REAL *accept_prob, __global int *accepted, __global int *divergent,
                                   __global REAL *energy, __global const REAL *chain_scale, uint chain_offset,
                                   __global REAL *prop_pos, __global REAL *prop_mom) {
    lf_hmc_iterate(seed, iteration, n_chains, pos, logp, grad, eps, jitter, n_steps, max_energy_error, m, td,
                   accept_prob, accepted, divergent, energy, chain_scale, chain_offset, prop_pos, prop_mom, 1,
                   0, 0, 0.0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

#ifndef LF_F32
// lf_hmc_step's arguments, then n_iter consecutive iterations (iteration, iteration + 1, ...) in one launch with
// the chain statistics of ChainStatistics (chain_stats.cl) updated on the kept ones: bit k of kept_mask marks
// iteration + k as a kept draw, count0 is the number of draws accumulated before this launch. Statistics: Welford
// moments of every coordinate (mean, m2: dimension x n_chains), per chain the acceptance sum, divergences, the
// energy's moments, squared jumps and last value. The j-th kept draw of the launch is packed at kept + kept_offset
// + j * (DIM + 4) * n_kept: rows of n_kept chains (coordinates, log density, acceptance probability, divergent as
// 0/1, energy). Iteration i integrates
// steps_table[i - steps_first] leapfrog steps where 0 <= i - steps_first < steps_count (a trajectory length that
// changes every iteration, ChEES's jitter), else n_steps. float64 only.
// Each work-item runs its chains through all n_iter iterations before the next work-item starts, so its state and
// its rows of mean and m2 stay in cache between iterations: on a CPU the statistics' memory traffic (as much as
// the step's own) and the state's fall n_iter-fold. Every element still sees its updates in iteration order, so
// the results are those of n_iter launches of one iteration, bit for bit.
// Java twin: HmcKernels.stepWithStatistics (per block of chains, the step's twin then ChainStatisticsKernel's
// operations, iteration by iteration).
__kernel void lf_hmc_step_stats(ulong seed, uint iteration, int n_chains,
                                __global REAL *pos, __global REAL *logp, __global REAL *grad,
                                __global const REAL *eps, double jitter, int n_steps, double max_energy_error,
                                __global const REAL *m, __global const REAL *td,
                                __global REAL *accept_prob, __global int *accepted, __global int *divergent,
                                __global REAL *energy, __global const REAL *chain_scale, uint chain_offset,
                                int n_iter, int kept_mask, int count0,
                                __global double *mean, __global double *m2, __global double *accept_sum,
                                __global int *divergences, __global double *energy_mean, __global double *energy_m2,
                                __global double *energy_jump, __global double *energy_prev,
                                int n_kept, int kept_offset, __global double *kept,
                                int steps_first, int steps_count, __global const int *steps_table) {
    int count = count0;
    int per_draw = (DIM + 4) * n_kept;
    __global double *row = kept + kept_offset;
    for (int k = 0; k < n_iter; k++) {
        int keep = (kept_mask >> k) & 1;
        if (keep) {
            count++;
        }
        int rel = (int)(iteration + (uint)k) - steps_first;
        int steps = rel >= 0 && rel < steps_count ? steps_table[rel] : n_steps;
        // 1.0 / count: a correctly rounded division, as the host's (OpenCL's double division is exact to 0 ulp).
        lf_hmc_iterate(seed, iteration + (uint)k, n_chains, pos, logp, grad, eps, jitter, steps, max_energy_error,
                       m, td, accept_prob, accepted, divergent, energy, chain_scale, chain_offset, 0, 0, 0,
                       keep, count, keep ? 1.0 / (double)count : 1.0, mean, m2, accept_sum, divergences, energy_mean,
                       energy_m2, energy_jump, energy_prev, n_kept, row);
        if (keep) {
            row += per_draw;
        }
    }
}
#endif
