// Fused iteration of the proposal-entropy coupling sampler: v ~ N(0, I) from Philox, the coupling flow
// z = f(v; x) with its networks inlined, x' = x + eps z, the reverse flow from x' on -z, both log-determinants
// and the Metropolis-Hastings decision, for VW chains per work-item; state updated in place.
// Java twin: org.leapfrog.samplers.neural.NeuralKernels (flow: FlowTwin). Needs lanes.cl, lfmath.cl, philox.cl,
// philox_lanes.cl before it; the network functions lf_net_pe_* (NetworkSource), the per-step base table
// (LF_PE_* arrays) and the target's lf_logp_grad come after it as extra source.
// Defines: DIM, NW (hidden width), NSTEPS, LOG_EPS (offset of log eps in w). Builds for REAL = double, or
// float with LF_F32 (float32).

RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td);
void lf_net_pe_vin(const RV *in, RV *out, __global const REAL *w, int w0);
void lf_net_pe_vhid(const RV *in, RV *out, __global const REAL *w, int w0);
void lf_net_pe_vout(const RV *in, RV *out, __global const REAL *w, int w0);
void lf_net_pe_rin(const RV *in, RV *out, __global const REAL *w, int w0);
void lf_net_pe_rhid(const RV *in, RV *out, __global const REAL *w, int w0);
void lf_net_pe_rout(const RV *in, RV *out, __global const REAL *w, int w0);
int lf_pe_base(int piece, int k);

// One half-update of step k: units where keep = 1 (keep = m, or 1 - m when keep_mask == 0) condition the rest.
// Returns the log |det| it adds.
RV lf_pe_half(const RV *x, RV *v, __global const REAL *w, __global const REAL *mask, __global const REAL *td,
              int k, int keep_mask, int reverse, REAL et) {
    RV in3[3 * DIM], out3[3 * DIM], ha[NW], hb[NW], y[DIM];
    for (int d = 0; d < DIM; d++) {
        REAL md = mask[k * DIM + d];
        REAL keep = keep_mask ? md : (REAL)1 - md;
        in3[d] = x[d];
        in3[DIM + d] = (RV)keep * v[d];
    }
    // R(x, kept v) reads the first 2 DIM inputs of in3, which are exactly [x, kept v].
    lf_net_pe_rin(in3, ha, w, lf_pe_base(3, k));
    lf_net_pe_rhid(ha, hb, w, lf_pe_base(4, 0));
    lf_net_pe_rout(hb, y, w, lf_pe_base(5, k));
    for (int d = 0; d < DIM; d++) y[d] = x[d] + y[d];
    (void)lf_logp_grad(y, in3 + 2 * DIM, td);
    for (int d = 0; d < DIM; d++) in3[2 * DIM + d] = -in3[2 * DIM + d];
    lf_net_pe_vin(in3, ha, w, lf_pe_base(0, k));
    lf_net_pe_vhid(ha, hb, w, lf_pe_base(1, 0));
    lf_net_pe_vout(hb, out3, w, lf_pe_base(2, k));
    RV ld = (RV)0;
    for (int d = 0; d < DIM; d++) {
        REAL md = mask[k * DIM + d];
        REAL keep = keep_mask ? md : (REAL)1 - md;
        REAL upd = (REAL)1 - keep;
        RV s = out3[d], q = out3[DIM + d], t = out3[2 * DIM + d];
        RV drift = in3[2 * DIM + d] * exp(q) + t;
        RV vv = v[d];
        RV moved = reverse ? (vv + (RV)et * drift) * exp(-s) : vv * exp(s) - (RV)et * drift;
        v[d] = (RV)keep * vv + (RV)upd * moved;
        ld += (RV)upd * (reverse ? -s : s);
    }
    return ld;
}

// The flow in place on v (forward: v to z; reverse: z to v) at x; returns its log |det|.
RV lf_pe_flow(const RV *x, RV *v, __global const REAL *w, __global const REAL *mask, __global const REAL *td,
              int reverse, REAL et) {
    RV ld = (RV)0;
    for (int s = 0; s < NSTEPS; s++) {
        int k = reverse ? NSTEPS - 1 - s : s;
        int first = reverse ? 0 : 1;
        ld += lf_pe_half(x, v, w, mask, td, k, first, reverse, et);
        ld += lf_pe_half(x, v, w, mask, td, k, 1 - first, reverse, et);
    }
    return ld;
}

__kernel void lf_neural_step(ulong seed, uint iteration, int n_chains,
                             __global REAL *pos, __global REAL *logp,
                             __global const REAL *w, __global const REAL *mask, __global const REAL *td,
                             __global REAL *accept_prob, __global int *accepted, __global int *divergent,
                             __global REAL *energy, __global REAL *log_accept) {
    int c0 = get_global_id(0) * VW;
    if (c0 >= n_chains) return;
    UV chain = (UV)((uint)c0) + LF_LANE_IDS;
    RV x[DIM], v[DIM], xp[DIM];
    RV n[4];
    for (int j = 0; j < DIM; j += 4) {
        lf_normals_lanes(seed, chain, iteration, LF_PURPOSE_MOMENTUM, (uint)(j / 4), n);
        for (int q = 0; q < 4 && j + q < DIM; q++) v[j + q] = n[q];
    }
    RV e0 = (RV)0;
    for (int d = 0; d < DIM; d++) e0 += v[d] * v[d];
    e0 = (RV)0.5 * e0;
    for (int d = 0; d < DIM; d++) x[d] = LF_LOAD(pos, d * n_chains + c0);
    RV lp0 = LF_LOAD(logp, c0);
    REAL eps = exp(w[LOG_EPS]);
    REAL et = eps / (REAL)(2 * NSTEPS);
    RV ldf = lf_pe_flow(x, v, w, mask, td, 0, et);
    for (int d = 0; d < DIM; d++) {
        xp[d] = x[d] + (RV)eps * v[d];
        v[d] = -v[d];
    }
    RV ldb = lf_pe_flow(xp, v, w, mask, td, 1, et);
    RV e1 = (RV)0;
    for (int d = 0; d < DIM; d++) e1 += v[d] * v[d];
    e1 = (RV)0.5 * e1;
    RV lp1 = lf_logp_grad(xp, v, td);
    RV loga = (e0 - e1) + (lp1 - lp0) + (ldf + ldb);
    RV u = lf_first_uniform_lanes(seed, chain, iteration, LF_PURPOSE_ACCEPT);
    IV finite = isfinite(loga);
#ifdef LF_F32
    // float32: the built-in log and exp, as hmc.cl's float path (the twin's Math.log / Math.exp).
    IV acc = finite && (log(u) < loga);
    RV prob = select((RV)0, fmin((RV)1, exp(loga)), finite);
#else
    IV acc = finite && (lf_log(u) < loga);
    RV prob = select((RV)0, lf_exp_neg(fmax(-loga, (RV)0)), finite);
#endif
    for (int d = 0; d < DIM; d++) {
        LF_STORE(select(x[d], xp[d], acc), pos, d * n_chains + c0);
    }
    RV lp = select(lp0, lp1, acc);
    LF_STORE(lp, logp, c0);
    LF_STORE(prob, accept_prob, c0);
    LF_STORE(LF_MASK_INT(acc), accepted, c0);
    LF_STORE(LF_MASK_INT(!finite), divergent, c0);
    LF_STORE(-lp, energy, c0);
    LF_STORE(loga, log_accept, c0);
}
