// L2HMC's augmented leapfrog updates as fused tensor operations for training (samplers' l2hmc/L2hmcOps): each
// replaces the dozens of element-wise launches of one update (heads, scalings, translations, direction
// formulas, log-det sums) and its backward. The state of a pass is one n x (2D + 1) tensor Z = [x | v | ld],
// feature-major (element (r, c) at [c * n + r]); raw is a network's n x 3D output [S | T | Q] before the
// heads; fw[r] = 1 for a forward chain (d = +1), 0 for a backward one (d = -1). One work-item per chain (row).
// Needs lanes.cl (REAL = double, VW = 1). Java twins: org.leapfrog.samplers.l2hmc.L2hmcOpKernels, the same
// operations in the same order (the unfused tensor graph's order too, so values agree with it to rounding).

// The v half-update at x (gU = beta grad U(x)): with S = tanh(raw_S) e^logS, T = raw_T, Q = tanh(raw_Q) e^logQ,
// h = eps / 2, a = S h, c = (gU e^(Q eps) + T) h, ad = a d: v' = (v + c bk) e^ad - c fw; ld' = ld + sum ad.
__kernel void l2hmc_op_v(int n, int dim, __global const REAL *z, __global const REAL *gu,
                         __global const REAL *raw, __global const REAL *logs, __global const REAL *logq,
                         __global const REAL *eps, __global const REAL *fw, __global REAL *out) {
    int r = get_global_id(0);
    if (r >= n) return;
    double e = eps[0];
    double h = e * 0.5;
    double f = fw[r];
    double b = 1.0 - f;
    double dr = f != 0.0 ? 1.0 : -1.0;
    double inc = 0.0;
    for (int j = 0; j < dim; j++) {
        double s = tanh(raw[j * n + r]) * exp(logs[j]);
        double t = raw[(dim + j) * n + r];
        double q = tanh(raw[(2 * dim + j) * n + r]) * exp(logq[j]);
        double a = s * h;
        double c = (gu[j * n + r] * exp(q * e) + t) * h;
        double ad = a * dr;
        out[j * n + r] = z[j * n + r];
        out[(dim + j) * n + r] = (z[(dim + j) * n + r] + c * b) * exp(ad) - c * f;
        inc += ad;
    }
    out[2 * dim * n + r] = z[2 * dim * n + r] + inc;
}

// Its backward: from g = d/dZ', writes dz, dgu, draw, and per element p = [dS S | dQ Q | d/deps (row sum)]
// for the column sums of l2hmc_op_colsums (d logS, d logQ, d eps).
__kernel void l2hmc_op_v_back(int n, int dim, __global const REAL *z, __global const REAL *gu,
                              __global const REAL *raw, __global const REAL *logs, __global const REAL *logq,
                              __global const REAL *eps, __global const REAL *fw, __global const REAL *g,
                              __global REAL *dz, __global REAL *dgu, __global REAL *draw, __global REAL *p) {
    int r = get_global_id(0);
    if (r >= n) return;
    double e = eps[0];
    double h = e * 0.5;
    double f = fw[r];
    double b = 1.0 - f;
    double dr = f != 0.0 ? 1.0 : -1.0;
    double gl = g[2 * dim * n + r];
    double pe = 0.0;
    for (int j = 0; j < dim; j++) {
        double es = exp(logs[j]);
        double eq = exp(logq[j]);
        double ts = tanh(raw[j * n + r]);
        double tq = tanh(raw[(2 * dim + j) * n + r]);
        double s = ts * es;
        double t = raw[(dim + j) * n + r];
        double q = tq * eq;
        double gj = gu[j * n + r];
        double ex = exp(q * e);
        double inner = gj * ex + t;
        double c = inner * h;
        double x = exp(s * h * dr);
        double v = z[(dim + j) * n + r];
        double gv = g[(dim + j) * n + r];
        double dad = gv * (v + c * b) * x + gl;
        double dc = gv * x * b - gv * f;
        double da = dad * dr;
        double ds = da * h;
        double dex = dc * h * gj;
        double dq = dex * ex * e;
        dz[j * n + r] = g[j * n + r];
        dz[(dim + j) * n + r] = gv * x;
        dgu[j * n + r] = dc * h * ex;
        draw[j * n + r] = ds * es * (1.0 - ts * ts);
        draw[(dim + j) * n + r] = dc * h;
        draw[(2 * dim + j) * n + r] = dq * eq * (1.0 - tq * tq);
        p[j * n + r] = ds * s;
        p[(dim + j) * n + r] = dq * q;
        pe += (da * s + dc * inner) * 0.5 + dex * ex * q;
    }
    dz[2 * dim * n + r] = gl;
    p[2 * dim * n + r] = pe;
}

// The kept mask of an x half: part 0 keeps mask (forward chains: mf, backward chains: mb = 1 - mask(M-1-k)),
// part 1 its complement.
inline double l2hmc_kept(int part, double f, __global const REAL *mf, __global const REAL *mb, int j) {
    double k = f != 0.0 ? mf[j] : mb[j];
    return part == 0 ? k : 1.0 - k;
}

// One x half-update: kept coordinates stay, the others (upd = 1 - kept) move: with s = S eps, E = e^(Q eps),
// cx = (v E + T) eps, sd = s d: moved = (x - cx bk) e^sd + cx fw, x' = kept x + upd moved;
// ld' = ld + sum (upd s) d.
__kernel void l2hmc_op_x(int n, int dim, int part, __global const REAL *z, __global const REAL *raw,
                         __global const REAL *logs, __global const REAL *logq, __global const REAL *eps,
                         __global const REAL *fw, __global const REAL *mf, __global const REAL *mb,
                         __global REAL *out) {
    int r = get_global_id(0);
    if (r >= n) return;
    double e = eps[0];
    double f = fw[r];
    double b = 1.0 - f;
    double dr = f != 0.0 ? 1.0 : -1.0;
    double inc = 0.0;
    for (int j = 0; j < dim; j++) {
        double kept = l2hmc_kept(part, f, mf, mb, j);
        double upd = 1.0 - kept;
        double s = tanh(raw[j * n + r]) * exp(logs[j]) * e;
        double t = raw[(dim + j) * n + r];
        double q = tanh(raw[(2 * dim + j) * n + r]) * exp(logq[j]);
        double v = z[(dim + j) * n + r];
        double cx = (v * exp(q * e) + t) * e;
        double x = z[j * n + r];
        double moved = (x - cx * b) * exp(s * dr) + cx * f;
        out[j * n + r] = kept * x + upd * moved;
        out[(dim + j) * n + r] = v;
        inc += upd * s * dr;
    }
    out[2 * dim * n + r] = z[2 * dim * n + r] + inc;
}

// Its backward (as l2hmc_op_v_back; no gU).
__kernel void l2hmc_op_x_back(int n, int dim, int part, __global const REAL *z, __global const REAL *raw,
                              __global const REAL *logs, __global const REAL *logq, __global const REAL *eps,
                              __global const REAL *fw, __global const REAL *mf, __global const REAL *mb,
                              __global const REAL *g, __global REAL *dz, __global REAL *draw, __global REAL *p) {
    int r = get_global_id(0);
    if (r >= n) return;
    double e = eps[0];
    double f = fw[r];
    double b = 1.0 - f;
    double dr = f != 0.0 ? 1.0 : -1.0;
    double gl = g[2 * dim * n + r];
    double pe = 0.0;
    for (int j = 0; j < dim; j++) {
        double kept = l2hmc_kept(part, f, mf, mb, j);
        double upd = 1.0 - kept;
        double es = exp(logs[j]);
        double eq = exp(logq[j]);
        double ts = tanh(raw[j * n + r]);
        double tq = tanh(raw[(2 * dim + j) * n + r]);
        double sraw = ts * es;
        double s = sraw * e;
        double t = raw[(dim + j) * n + r];
        double q = tq * eq;
        double v = z[(dim + j) * n + r];
        double ex = exp(q * e);
        double inner = v * ex + t;
        double cx = inner * e;
        double x = z[j * n + r];
        double y = exp(s * dr);
        double gx = g[j * n + r];
        double gm = gx * upd;
        double dsd = gm * (x - cx * b) * y;
        double dcx = gm * (f - b * y);
        double ds = dsd * dr + gl * upd * dr;
        double dsraw = ds * e;
        double dex = dcx * e * v;
        double dq = dex * ex * e;
        dz[j * n + r] = gx * kept + gm * y;
        dz[(dim + j) * n + r] = g[(dim + j) * n + r] + dcx * e * ex;
        draw[j * n + r] = dsraw * es * (1.0 - ts * ts);
        draw[(dim + j) * n + r] = dcx * e;
        draw[(2 * dim + j) * n + r] = dq * eq * (1.0 - tq * tq);
        p[j * n + r] = dsraw * sraw;
        p[(dim + j) * n + r] = dq * q;
        pe += ds * sraw + dcx * inner + dex * ex * q;
    }
    dz[2 * dim * n + r] = gl;
    p[2 * dim * n + r] = pe;
}

// Column sums of p (n x (2D + 1)) over the rows, in row order: d logS (1 x D), d logQ (1 x D), d eps (1 x 1).
// One work-item per column.
__kernel void l2hmc_op_colsums(int n, int dim, __global const REAL *p, __global REAL *dlogs,
                               __global REAL *dlogq, __global REAL *deps) {
    int c = get_global_id(0);
    if (c > 2 * dim) return;
    double s = 0.0;
    for (int r = 0; r < n; r++) {
        s += p[c * n + r];
    }
    if (c < dim) {
        dlogs[c] = s;
    } else if (c < 2 * dim) {
        dlogq[c - dim] = s;
    } else {
        deps[0] = s;
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

// Its backward: dz = [kept (or 1) g_x | g_v in mode 1, else 0 | 0], dgu = g's middle block in mode 0.
__kernel void l2hmc_op_input_back(int n, int dim, int mode, int part, __global const REAL *fw,
                                  __global const REAL *mf, __global const REAL *mb, __global const REAL *g,
                                  __global REAL *dz, __global REAL *dgu) {
    int r = get_global_id(0);
    if (r >= n) return;
    double f = fw[r];
    for (int j = 0; j < dim; j++) {
        double gx = g[j * n + r];
        dz[j * n + r] = mode == 0 ? gx : l2hmc_kept(part, f, mf, mb, j) * gx;
        dz[(dim + j) * n + r] = mode == 0 ? 0.0 : g[(dim + j) * n + r];
        if (mode == 0) dgu[j * n + r] = g[(dim + j) * n + r];
    }
    dz[2 * dim * n + r] = 0.0;
}
