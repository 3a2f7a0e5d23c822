// L2HMC's augmented leapfrog updates as fused tensor operations for training (samplers' l2hmc/L2hmcOps): each
// replaces the dozens of element-wise launches of one update (heads, scalings, translations, direction
// formulas, log-det sums) and its backward. The state of a pass is one n x (2D + 1) tensor Z = [x | v | ld],
// feature-major (element (r, c) at [c * n + r]); raw is a network's n x 3D output [S | T | Q] before the
// heads; fw[r] = 1 for a forward chain (d = +1), 0 for a backward one (d = -1). One work-item per chain (row),
// or per VW chains (the four update kernels).
// Needs lanes.cl (REAL = double, VW = 1 or 8). Java twins: org.leapfrog.samplers.l2hmc.L2hmcOpKernels, the same
// operations in the same order (the unfused tensor graph's order too, so values agree with it to rounding).

// Each of the four update kernels below handles VW consecutive chains per work-item (lanes.cl's RV; the host
// uses VW > 1 only where VW divides n), so the device can run exp and tanh on SIMD vectors.
#define L2_LD(p, i) LF_LOAD(p, i)
#define L2_ST(v, p, i) LF_STORE(v, p, i)
// d = +1 for a forward chain (fw != 0), -1 for a backward one, per lane.
#define L2_DIR(f) select((RV)(-1.0), (RV)(1.0), (IV)((f) != (RV)(0.0)))

// The v half-update at x (gU = beta grad U(x)): with S = tanh(raw_S) e^logS, T = raw_T, Q = tanh(raw_Q) e^logQ,
// h = eps / 2, a = S h, c = (gU e^(Q eps) + T) h, ad = a d: v' = (v + c bk) e^ad - c fw; ld' = ld + sum ad.
__kernel void l2hmc_op_v(int n, int dim, __global const REAL *z, __global const REAL *gu,
                         __global const REAL *raw, __global const REAL *logs, __global const REAL *logq,
                         __global const REAL *eps, __global const REAL *fw, __global REAL *out) {
    int r = get_global_id(0) * VW;
    if (r >= n) return;
    double e = eps[0];
    double h = e * 0.5;
    RV f = L2_LD(fw, r);
    RV b = 1.0 - f;
    RV dr = L2_DIR(f);
    RV inc = 0.0;
    for (int j = 0; j < dim; j++) {
        RV s = tanh(L2_LD(raw, j * n + r)) * exp(logs[j]);
        RV t = L2_LD(raw, (dim + j) * n + r);
        RV q = tanh(L2_LD(raw, (2 * dim + j) * n + r)) * exp(logq[j]);
        RV a = s * h;
        RV c = (L2_LD(gu, j * n + r) * exp(q * e) + t) * h;
        RV ad = a * dr;
        L2_ST(L2_LD(z, j * n + r), out, j * n + r);
        L2_ST((L2_LD(z, (dim + j) * n + r) + c * b) * exp(ad) - c * f, out, (dim + j) * n + r);
        inc += ad;
    }
    L2_ST(L2_LD(z, 2 * dim * n + r) + inc, out, 2 * dim * n + r);
}

// Its backward: from g = d/dZ', writes dz, dgu, draw, and per element p = [dS S | dQ Q | d/deps (row sum)]
// for the column sums of l2hmc_op_colsums (d logS, d logQ, d eps).
__kernel void l2hmc_op_v_back(int n, int dim, __global const REAL *z, __global const REAL *gu,
                              __global const REAL *raw, __global const REAL *logs, __global const REAL *logq,
                              __global const REAL *eps, __global const REAL *fw, __global const REAL *g,
                              __global REAL *dz, __global REAL *dgu, __global REAL *draw, __global REAL *p) {
    int r = get_global_id(0) * VW;
    if (r >= n) return;
    double e = eps[0];
    double h = e * 0.5;
    RV f = L2_LD(fw, r);
    RV b = 1.0 - f;
    RV dr = L2_DIR(f);
    RV gl = L2_LD(g, 2 * dim * n + r);
    RV pe = 0.0;
    for (int j = 0; j < dim; j++) {
        double es = exp(logs[j]);
        double eq = exp(logq[j]);
        RV ts = tanh(L2_LD(raw, j * n + r));
        RV tq = tanh(L2_LD(raw, (2 * dim + j) * n + r));
        RV s = ts * es;
        RV t = L2_LD(raw, (dim + j) * n + r);
        RV q = tq * eq;
        RV gj = L2_LD(gu, j * n + r);
        RV ex = exp(q * e);
        RV inner = gj * ex + t;
        RV c = inner * h;
        RV x = exp(s * h * dr);
        RV v = L2_LD(z, (dim + j) * n + r);
        RV gv = L2_LD(g, (dim + j) * n + r);
        RV dad = gv * (v + c * b) * x + gl;
        RV dc = gv * x * b - gv * f;
        RV da = dad * dr;
        RV ds = da * h;
        RV dex = dc * h * gj;
        RV dq = dex * ex * e;
        L2_ST(L2_LD(g, j * n + r), dz, j * n + r);
        L2_ST(gv * x, dz, (dim + j) * n + r);
        L2_ST(dc * h * ex, dgu, j * n + r);
        L2_ST(ds * es * (1.0 - ts * ts), draw, j * n + r);
        L2_ST(dc * h, draw, (dim + j) * n + r);
        L2_ST(dq * eq * (1.0 - tq * tq), draw, (2 * dim + j) * n + r);
        L2_ST(ds * s, p, j * n + r);
        L2_ST(dq * q, p, (dim + j) * n + r);
        pe += (da * s + dc * inner) * 0.5 + dex * ex * q;
    }
    L2_ST(gl, dz, 2 * dim * n + r);
    L2_ST(pe, p, 2 * dim * n + r);
}

// The kept mask of an x half: part 0 keeps mask (forward chains: mf, backward chains: mb = 1 - mask(M-1-k)),
// part 1 its complement.
inline double l2hmc_kept(int part, double f, __global const REAL *mf, __global const REAL *mb, int j) {
    double k = f != 0.0 ? mf[j] : mb[j];
    return part == 0 ? k : 1.0 - k;
}

// The same for VW lanes.
inline RV l2hmc_kept_lanes(int part, RV f, __global const REAL *mf, __global const REAL *mb, int j) {
    RV k = select((RV)(mb[j]), (RV)(mf[j]), (IV)(f != (RV)(0.0)));
    return part == 0 ? k : 1.0 - k;
}

// One x half-update: kept coordinates stay, the others (upd = 1 - kept) move: with s = S eps, E = e^(Q eps),
// cx = (v E + T) eps, sd = s d: moved = (x - cx bk) e^sd + cx fw, x' = kept x + upd moved;
// ld' = ld + sum (upd s) d.
__kernel void l2hmc_op_x(int n, int dim, int part, __global const REAL *z, __global const REAL *raw,
                         __global const REAL *logs, __global const REAL *logq, __global const REAL *eps,
                         __global const REAL *fw, __global const REAL *mf, __global const REAL *mb,
                         __global REAL *out) {
    int r = get_global_id(0) * VW;
    if (r >= n) return;
    double e = eps[0];
    RV f = L2_LD(fw, r);
    RV b = 1.0 - f;
    RV dr = L2_DIR(f);
    RV inc = 0.0;
    for (int j = 0; j < dim; j++) {
        RV kept = l2hmc_kept_lanes(part, f, mf, mb, j);
        RV upd = 1.0 - kept;
        RV s = tanh(L2_LD(raw, j * n + r)) * exp(logs[j]) * e;
        RV t = L2_LD(raw, (dim + j) * n + r);
        RV q = tanh(L2_LD(raw, (2 * dim + j) * n + r)) * exp(logq[j]);
        RV v = L2_LD(z, (dim + j) * n + r);
        RV cx = (v * exp(q * e) + t) * e;
        RV x = L2_LD(z, j * n + r);
        RV moved = (x - cx * b) * exp(s * dr) + cx * f;
        L2_ST(kept * x + upd * moved, out, j * n + r);
        L2_ST(v, out, (dim + j) * n + r);
        inc += upd * s * dr;
    }
    L2_ST(L2_LD(z, 2 * dim * n + r) + inc, out, 2 * dim * n + r);
}

// Its backward (as l2hmc_op_v_back; no gU).
__kernel void l2hmc_op_x_back(int n, int dim, int part, __global const REAL *z, __global const REAL *raw,
                              __global const REAL *logs, __global const REAL *logq, __global const REAL *eps,
                              __global const REAL *fw, __global const REAL *mf, __global const REAL *mb,
                              __global const REAL *g, __global REAL *dz, __global REAL *draw, __global REAL *p) {
    int r = get_global_id(0) * VW;
    if (r >= n) return;
    double e = eps[0];
    RV f = L2_LD(fw, r);
    RV b = 1.0 - f;
    RV dr = L2_DIR(f);
    RV gl = L2_LD(g, 2 * dim * n + r);
    RV pe = 0.0;
    for (int j = 0; j < dim; j++) {
        RV kept = l2hmc_kept_lanes(part, f, mf, mb, j);
        RV upd = 1.0 - kept;
        double es = exp(logs[j]);
        double eq = exp(logq[j]);
        RV ts = tanh(L2_LD(raw, j * n + r));
        RV tq = tanh(L2_LD(raw, (2 * dim + j) * n + r));
        RV sraw = ts * es;
        RV s = sraw * e;
        RV t = L2_LD(raw, (dim + j) * n + r);
        RV q = tq * eq;
        RV v = L2_LD(z, (dim + j) * n + r);
        RV ex = exp(q * e);
        RV inner = v * ex + t;
        RV cx = inner * e;
        RV x = L2_LD(z, j * n + r);
        RV y = exp(s * dr);
        RV gx = L2_LD(g, j * n + r);
        RV gm = gx * upd;
        RV dsd = gm * (x - cx * b) * y;
        RV dcx = gm * (f - b * y);
        RV ds = dsd * dr + gl * upd * dr;
        RV dsraw = ds * e;
        RV dex = dcx * e * v;
        RV dq = dex * ex * e;
        L2_ST(gx * kept + gm * y, dz, j * n + r);
        L2_ST(L2_LD(g, (dim + j) * n + r) + dcx * e * ex, dz, (dim + j) * n + r);
        L2_ST(dsraw * es * (1.0 - ts * ts), draw, j * n + r);
        L2_ST(dcx * e, draw, (dim + j) * n + r);
        L2_ST(dq * eq * (1.0 - tq * tq), draw, (2 * dim + j) * n + r);
        L2_ST(dsraw * sraw, p, j * n + r);
        L2_ST(dq * q, p, (dim + j) * n + r);
        pe += ds * sraw + dcx * inner + dex * ex * q;
    }
    L2_ST(gl, dz, 2 * dim * n + r);
    L2_ST(pe, p, 2 * dim * n + r);
}

// Column sums of p (n x (2D + 1)) over the rows, in row order: d logS (1 x D), d logQ (1 x D), d eps (1 x 1).
// Each is added to the gradient accumulated so far where hasPrev says so (bit 1: ps, 2: pq, 4: pe): prev + sum,
// the bits of a separate add. One work-item per column.
__kernel void l2hmc_op_colsums(int n, int dim, __global const REAL *p, __global REAL *dlogs,
                               __global REAL *dlogq, __global REAL *deps, __global const REAL *ps,
                               __global const REAL *pq, __global const REAL *pe, int hasPrev) {
    int c = get_global_id(0);
    if (c > 2 * dim) return;
    double s = 0.0;
    for (int r = 0; r < n; r++) {
        s += p[c * n + r];
    }
    if (c < dim) {
        dlogs[c] = (hasPrev & 1) ? ps[c] + s : s;
    } else if (c < 2 * dim) {
        dlogq[c - dim] = (hasPrev & 2) ? pq[c - dim] + s : s;
    } else {
        deps[0] = (hasPrev & 4) ? pe[0] + s : s;
    }
}

// A network input from the state: mode 0 (the V network): [x | gU | tau]; mode 1 (the X network on an x part):
// [kept x | v | tau]. tau is tau(k) for forward chains and tau(M-1-k) for backward ones (1 x 2 each).
__kernel void l2hmc_op_input(int n, int dim, int mode, int part, __global const REAL *z, __global const REAL *gu,
                             __global const REAL *fw, __global const REAL *mf, __global const REAL *mb,
                             __global const REAL *tauf, __global const REAL *taub, __global REAL *out) {
    int r = get_global_id(0);
    if (r >= n) return;
    double f = fw[r];
    for (int j = 0; j < dim; j++) {
        double x = z[j * n + r];
        out[j * n + r] = mode == 0 ? x : l2hmc_kept(part, f, mf, mb, j) * x;
        out[(dim + j) * n + r] = mode == 0 ? gu[j * n + r] : z[(dim + j) * n + r];
    }
    out[2 * dim * n + r] = f != 0.0 ? tauf[0] : taub[0];
    out[(2 * dim + 1) * n + r] = f != 0.0 ? tauf[1] : taub[1];
}

// Its backward: dz = [kept (or 1) g_x | g_v in mode 1, else 0 | 0], dgu = g's middle block in mode 0; each added
// to the gradient accumulated so far where hasPrev says so (bit 1: pz for dz, 2: pgu for dgu), prev + value.
inline double l2hmc_plus(int has, __global const REAL *prev, int at, double v) {
    return has ? prev[at] + v : v;
}

__kernel void l2hmc_op_input_back(int n, int dim, int mode, int part, __global const REAL *fw,
                                  __global const REAL *mf, __global const REAL *mb, __global const REAL *g,
                                  __global REAL *dz, __global REAL *dgu, __global const REAL *pz,
                                  __global const REAL *pgu, int hasPrev) {
    int r = get_global_id(0);
    if (r >= n) return;
    double f = fw[r];
    int hz = hasPrev & 1;
    for (int j = 0; j < dim; j++) {
        double gx = g[j * n + r];
        dz[j * n + r] = l2hmc_plus(hz, pz, j * n + r, mode == 0 ? gx : l2hmc_kept(part, f, mf, mb, j) * gx);
        dz[(dim + j) * n + r] = l2hmc_plus(hz, pz, (dim + j) * n + r, mode == 0 ? 0.0 : g[(dim + j) * n + r]);
        if (mode == 0) dgu[j * n + r] = l2hmc_plus(hasPrev & 2, pgu, j * n + r, g[(dim + j) * n + r]);
    }
    dz[2 * dim * n + r] = l2hmc_plus(hz, pz, 2 * dim * n + r, 0.0);
}
