// Device-resident bookkeeping of a learned sampler's training step (L2HMC, the coupling sampler): the
// sample buffer's Metropolis-Hastings move, the step's statistics, beta steering, and undoing an optimizer
// step whose loss or gradient norm is not finite. Tensors are feature-major ([col * rows + row]). Needs
// lanes.cl (REAL = double, VW = 1) and lfmath.cl. Java twins: org.leapfrog.samplers.learned.LearnedKernels.

// Per chain c < n: prob[c] = a = exp(min(log_a, 0)) for a finite log_a, else 0. Accept with
// rule 0: u < a; rule 1: log_a finite and lf_log(u) < log_a. An accepted chain takes its proposal:
// state[d * srows + c] = prop[d * prows + c] for d < dim (the proposal may hold more rows than the state).
__kernel void lf_learned_mh(int n, int dim, int srows, int prows, int rule, __global const REAL *log_a,
                            __global const REAL *u, __global const REAL *prop, __global REAL *state,
                            __global REAL *prob) {
    int c = get_global_id(0);
    if (c >= n) return;
    double la = log_a[c];
    double uc = u[c];
    int finite = isfinite(la);
    double a = finite ? exp(la < 0.0 ? la : 0.0) : 0.0;
    prob[c] = a;
    int accept = rule == 0 ? uc < a : (finite && lf_log(uc) < la);
    if (accept) {
        for (int d = 0; d < dim; d++) {
            state[d * srows + c] = prop[d * prows + c];
        }
    }
}

// One work-item. stats[0] = the mean of prob[0 .. n) (summed in chain order), stats[1] = loss[0],
// stats[3] = 1 when loss[0] or norm[0] is not finite (an update that was undone), else 0, and stats[2] += stats[3];
// with steer != 0: beta[0] = min(max(beta[0] (1 + rate (stats[0] - target)), lo), hi); stats[4] = beta[0] after;
// stats[5] = extra[0], stats[6] = extra2[0] (the caller's values of the step).
__kernel void lf_learned_stats(int n, __global const REAL *prob, __global const REAL *loss,
                               __global const REAL *norm, __global const REAL *extra, __global const REAL *extra2,
                               __global REAL *stats, __global REAL *beta, int steer, double rate, double target,
                               double lo, double hi) {
    if (get_global_id(0) != 0) return;
    double s = 0.0;
    for (int c = 0; c < n; c++) {
        s += prob[c];
    }
    double acc = s / n;
    stats[0] = acc;
    stats[1] = loss[0];
    double skip = (isfinite(loss[0]) && isfinite(norm[0])) ? 0.0 : 1.0;
    stats[2] = stats[2] + skip;
    stats[3] = skip;
    if (steer) {
        double b = beta[0] * (1.0 + rate * (acc - target));
        b = (isnan(b) || b >= lo) ? b : lo; // Math.max / Math.min: NaN stays NaN
        beta[0] = (isnan(b) || b <= hi) ? b : hi;
    }
    stats[4] = beta[0];
    stats[5] = extra[0];
    stats[6] = extra2[0];
}

// Element i < len: when force != 0, or loss[0] and norm[0] are both finite, keep the step (backup = w);
// otherwise undo it (w = backup).
__kernel void lf_learned_commit(int len, int force, __global const REAL *loss, __global const REAL *norm,
                                __global REAL *w, __global REAL *backup) {
    int i = get_global_id(0);
    if (i >= len) return;
    if (force || (isfinite(loss[0]) && isfinite(norm[0]))) {
        backup[i] = w[i];
    } else {
        w[i] = backup[i];
    }
}

// dst rows [dr0, dr0 + n) = src rows [sr0, sr0 + n), for every column d < dim.
__kernel void lf_learned_copy_rows(int n, int dim, __global const REAL *src, int srows, int sr0,
                                   __global REAL *dst, int drows, int dr0) {
    int c = get_global_id(0);
    if (c >= n) return;
    for (int d = 0; d < dim; d++) {
        dst[d * drows + dr0 + c] = src[d * srows + sr0 + c];
    }
}
