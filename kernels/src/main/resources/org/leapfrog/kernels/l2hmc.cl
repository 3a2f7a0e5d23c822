// Fused L2HMC iteration (Levy, Hoffman and Sohl-Dickstein 2018) for VW chains per work-item: momentum and
// direction from Philox, STEPS augmented leapfrog steps with both networks inlined, energy, log |det J| and
// the Metropolis-Hastings decision; state updated in place. Java twin: org.leapfrog.samplers.l2hmc.L2hmcKernels.
// Needs lanes.cl, lfmath.cl, philox.cl, philox_lanes.cl; the target's code and the two network functions are
// appended. Defines: DIM, STEPS, L2_XB / L2_XS (X network base, X log-scales), L2_VB / L2_VS (same for V),
// L2_EPS (index of log eps), L2_PURPOSE_DIRECTION. Builds for REAL = double, or float with LF_F32 (float32:
// the weights, masks and time embeddings are then float buffers too).
//
// One code path serves both directions per lane (lanes of one work-item may differ): with fw = [d = +1],
// bk = [d = -1], a half-update is y = (y + c bk) exp(d s) - c fw for v and y = (y - c bk) exp(d s) + c fw for x,
// the backward pass visiting the steps (and the two x halves) in reverse order: the exact inverse.

RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td);
void lf_net_l2hmc_x(const RV *in, RV *out, __global const REAL *w, int w0);
void lf_net_l2hmc_v(const RV *in, RV *out, __global const REAL *w, int w0);

// S = exp(logS) tanh(raw_S), Q = exp(logQ) tanh(raw_Q); T = raw_T stays.
inline void lf_l2hmc_heads(RV *out, __global const REAL *w, int scales) {
    for (int d = 0; d < DIM; d++) {
        out[d] = tanh(out[d]) * (RV)exp(w[scales + d]);
        out[2 * DIM + d] = tanh(out[2 * DIM + d]) * (RV)exp(w[scales + DIM + d]);
    }
}

// v half-step at x (gu = grad U(x)): v = (v + c bk) exp(d a) - c fw, a = eps/2 S, c = eps/2 (gu exp(eps Q) + T).
inline void lf_l2hmc_v(const RV *x, const RV *gu, RV *v, RV *in, RV *out, RV tc, RV ts, RV dir, RV fw, RV bk,
                       REAL eps, REAL half_eps, __global const REAL *w, RV *ld) {
    for (int d = 0; d < DIM; d++) {
        in[d] = x[d];
        in[DIM + d] = gu[d];
    }
    in[2 * DIM] = tc;
    in[2 * DIM + 1] = ts;
    lf_net_l2hmc_v(in, out, w, L2_VB);
    lf_l2hmc_heads(out, w, L2_VS);
    RV sum = (RV)0;
    for (int d = 0; d < DIM; d++) {
        RV a = out[d] * half_eps;
        RV c = ((gu[d] * exp(out[2 * DIM + d] * eps)) + out[DIM + d]) * half_eps;
        RV ad = a * dir;
        v[d] = (v[d] + c * bk) * exp(ad) - c * fw;
        sum += ad;
    }
    *ld += sum;
}

// x half-update keeping the coordinates where keep = 1: x = keep x + (1 - keep) ((x - c bk) exp(d s) + c fw),
// s = eps S, c = eps (v exp(eps Q) + T), the network seeing (keep x, v, tau).
inline void lf_l2hmc_x(RV *x, const RV *v, const RV *keep, RV *in, RV *out, RV tc, RV ts, RV dir, RV fw, RV bk,
                       REAL eps, __global const REAL *w, RV *ld) {
    for (int d = 0; d < DIM; d++) {
        in[d] = keep[d] * x[d];
        in[DIM + d] = v[d];
    }
    in[2 * DIM] = tc;
    in[2 * DIM + 1] = ts;
    lf_net_l2hmc_x(in, out, w, L2_XB);
    lf_l2hmc_heads(out, w, L2_XS);
    RV sum = (RV)0;
    for (int d = 0; d < DIM; d++) {
        RV s = out[d] * eps;
        RV c = ((v[d] * exp(out[2 * DIM + d] * eps)) + out[DIM + d]) * eps;
        RV sd = s * dir;
        RV moved = (x[d] - c * bk) * exp(sd) + c * fw;
        RV upd = (RV)1 - keep[d];
        x[d] = keep[d] * x[d] + upd * moved;
        sum += (upd * s) * dir;
    }
    *ld += sum;
}

__kernel void lf_l2hmc_step(ulong seed, uint iteration, int n_chains,
                            __global REAL *pos, __global REAL *logp, __global REAL *grad,
                            __global const REAL *w, __global const REAL *mask, __global const REAL *tau,
                            __global const REAL *td,
                            __global REAL *accept_prob, __global int *accepted, __global int *divergent,
                            __global REAL *energy, int trace, __global REAL *trace_out) {
    int c0 = get_global_id(0) * VW;
    if (c0 >= n_chains) return;
    UV chain = (UV)((uint)c0) + LF_LANE_IDS;
    RV x[DIM], v[DIM], gu[DIM], keep[DIM], in[2 * DIM + 2], out[3 * DIM];

    RV n4[4];
    for (int j = 0; j < DIM; j += 4) {
        lf_normals_lanes(seed, chain, iteration, LF_PURPOSE_MOMENTUM, (uint)(j / 4), n4);
        for (int k = 0; k < 4 && j + k < DIM; k++) v[j + k] = n4[k];
    }
    RV ud = lf_first_uniform_lanes(seed, chain, iteration, L2_PURPOSE_DIRECTION);
    IV forward = ud < (RV)0.5;
    RV fw = select((RV)0, (RV)1, forward);
    RV bk = (RV)1 - fw;
    RV dir = fw - bk;

    RV lp0 = LF_LOAD(logp, c0);
    RV kin0 = (RV)0;
    for (int d = 0; d < DIM; d++) {
        x[d] = LF_LOAD(pos, d * n_chains + c0);
        gu[d] = -LF_LOAD(grad, d * n_chains + c0);
        kin0 += v[d] * v[d];
    }
    RV h0 = kin0 * (RV)0.5 - lp0;
    REAL eps = exp(w[L2_EPS]);
    REAL half_eps = eps * (REAL)0.5;
    RV ld = (RV)0;
    RV lp = lp0;
    for (int k = 0; k < STEPS; k++) {
        int tb = STEPS - 1 - k;
        RV tc = select((RV)tau[2 * tb], (RV)tau[2 * k], forward);
        RV ts = select((RV)tau[2 * tb + 1], (RV)tau[2 * k + 1], forward);
        lf_l2hmc_v(x, gu, v, in, out, tc, ts, dir, fw, bk, eps, half_eps, w, &ld);
        for (int d = 0; d < DIM; d++) {
            keep[d] = select((RV)1 - (RV)mask[tb * DIM + d], (RV)mask[k * DIM + d], forward);
        }
        lf_l2hmc_x(x, v, keep, in, out, tc, ts, dir, fw, bk, eps, w, &ld);
        for (int d = 0; d < DIM; d++) keep[d] = (RV)1 - keep[d];
        lf_l2hmc_x(x, v, keep, in, out, tc, ts, dir, fw, bk, eps, w, &ld);
        lp = lf_logp_grad(x, gu, td);
        for (int d = 0; d < DIM; d++) gu[d] = -gu[d];
        lf_l2hmc_v(x, gu, v, in, out, tc, ts, dir, fw, bk, eps, half_eps, w, &ld);
    }
    RV kin1 = (RV)0;
    for (int d = 0; d < DIM; d++) kin1 += v[d] * v[d];
    RV h1 = kin1 * (RV)0.5 - lp;
    // delta = H' - H - log|det J|: accept with probability min(1, exp(-delta)); non-finite rejects, marked.
#ifdef LF_F32
    // float32: differences of like terms first (as hmc.cl), so the rounding of H itself (an ulp of |H|, large
    // where |log p| is) stays out of delta.
    RV delta = ((kin1 - kin0) * (RV)0.5 - (lp - lp0)) - ld;
#else
    RV delta = (h1 - h0) - ld;
#endif

    RV u = lf_first_uniform_lanes(seed, chain, iteration, LF_PURPOSE_ACCEPT);
    IV finite = isfinite(delta);
#ifdef LF_F32
    IV acc = finite && (log(u) < -delta);
    RV prob = select((RV)0, fmin((RV)1, exp(-delta)), finite);
#else
    IV acc = finite && (lf_log(u) < -delta);
    RV prob = select((RV)0, lf_exp_neg(fmax(delta, (RV)0)), finite);
#endif
    if (trace != 0) {
        for (int d = 0; d < DIM; d++) {
            LF_STORE(x[d], trace_out, d * n_chains + c0);
            LF_STORE(v[d], trace_out, (DIM + d) * n_chains + c0);
        }
        LF_STORE(ld, trace_out, 2 * DIM * n_chains + c0);
        LF_STORE(-delta, trace_out, (2 * DIM + 1) * n_chains + c0);
    }
    for (int d = 0; d < DIM; d++) {
        LF_STORE(select(LF_LOAD(pos, d * n_chains + c0), x[d], acc), pos, d * n_chains + c0);
        LF_STORE(select(LF_LOAD(grad, d * n_chains + c0), -gu[d], acc), grad, d * n_chains + c0);
    }
    LF_STORE(select(lp0, lp, acc), logp, c0);
    LF_STORE(prob, accept_prob, c0);
    LF_STORE(LF_MASK_INT(acc), accepted, c0);
    LF_STORE(LF_MASK_INT(!finite), divergent, c0);
    LF_STORE(select(h0, h1, acc), energy, c0);
}
