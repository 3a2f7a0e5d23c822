// The leapfrog integrator on VW lanes; Java twin: org.leapfrog.samplers.integrator.Leapfrog.
// Needs metric.cl before it and the target's lf_logp_grad (declared here, defined by the appended target code).

// The element updates of the integrator and of the tempered flow: lf_leapfrog, lf_his_flow (his.cl) and the
// HVAE's tensor ops (his_ops.cl) all update with these, so a training flow and HisFlow round alike.
// Java twins: Leapfrog.kick, Leapfrog.drift, Leapfrog.temper.
inline RV lf_kick(RV p, RV h, RV g) { return p + h * g; }    // momentum by h times the gradient of log p
inline RV lf_drift(RV x, RV e, RV v) { return x + e * v; }   // position by e times the velocity
inline RV lf_temper(RV a, RV p) { return a * p; }            // momentum scaling alpha_k of the tempered flow

// With LF_UPDATES_ONLY (the tensor ops) only the element updates above are compiled.
#ifndef LF_UPDATES_ONLY

RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td);
// Targets may also define lf_grad (gradient only; LF_HAS_GRAD is then defined at build time): the steps
// before the last need no log density.
#ifdef LF_HAS_GRAD
void lf_grad(const RV *x, RV *g, __global const REAL *td);
#define LF_GRAD(x, g, td) lf_grad(x, g, td)
#else
#define LF_GRAD(x, g, td) ((void)lf_logp_grad(x, g, td))
#endif

// x[d] = x[d] + e[d] * (M^-1 p)[d] for all d; v is scratch (used by the dense metric only: unit and diagonal
// metrics give the velocity per coordinate).
inline void lf_drift_all(RV *x, const RV *p, RV *v, const RV *e, __global const REAL *m) {
#if METRIC == LF_METRIC_DENSE
    lf_velocity(p, v, m);
    for (int d = 0; d < DIM; d++) x[d] = lf_drift(x[d], e[d], v[d]);
#else
    for (int d = 0; d < DIM; d++) x[d] = lf_drift(x[d], e[d], lf_velocity_at(p, d, m));
#endif
}

// n_steps leapfrog steps in place from (x, p) with gradient g and log density lp at x; step size per
// dimension eps[d] * scale. Half kicks between steps are merged: kick(h) [drift kick(e)]... drift kick(h).
// Returns the log density at the end; g then holds its gradient. v is scratch.
// The per-dimension steps e[d] = scale * eps[d] are formed once; with a unit or diagonal metric a full kick and
// the next drift run in one pass over the coordinates (per element the same operations in the same order as
// separate passes, so the same bits as the Java twin's).
#if defined(LF_SEPARABLE) && METRIC != LF_METRIC_DENSE
RV lf_grad_coord(int i, RV xi, __global const REAL *td);

// A separable target (lf_grad_coord; LF_SEPARABLE is defined at build time) with a unit or diagonal metric: each
// coordinate's trajectory depends on that coordinate alone, so it runs whole in registers, one coordinate after
// the other, instead of n_steps passes over the arrays. Per coordinate these are the operations of the general
// loop below in the same order, and the last step's log density and gradient come from lf_logp_grad as there,
// so the results are the same bits (reproducible numerics; FAST may contract differently, within its tolerance).
inline RV lf_leapfrog(RV *x, RV *p, RV *g, RV *v, RV lp, __global const REAL *eps, RV scale, int n_steps,
                      __global const REAL *m, __global const REAL *td) {
    if (n_steps <= 0) {
        for (int d = 0; d < DIM; d++) p[d] = lf_kick(p[d], (RV)0.5 * (scale * eps[d]), g[d]);
        return lp;
    }
    for (int d = 0; d < DIM; d++) {
        RV e = scale * eps[d];
        RV pd = lf_kick(p[d], (RV)0.5 * e, g[d]);
#if METRIC == LF_METRIC_UNIT
        RV xd = lf_drift(x[d], e, pd);
        for (int l = 0; l < n_steps - 1; l++) {
            pd = lf_kick(pd, e, lf_grad_coord(d, xd, td));
            xd = lf_drift(xd, e, pd);
        }
#else
        RV xd = lf_drift(x[d], e, m[d] * pd);
        for (int l = 0; l < n_steps - 1; l++) {
            pd = lf_kick(pd, e, lf_grad_coord(d, xd, td));
            xd = lf_drift(xd, e, m[d] * pd);
        }
#endif
        x[d] = xd;
        p[d] = pd;
    }
    lp = lf_logp_grad(x, g, td);
    for (int d = 0; d < DIM; d++) p[d] = lf_kick(p[d], (RV)0.5 * (scale * eps[d]), g[d]);
    return lp;
}
#else
inline RV lf_leapfrog(RV *x, RV *p, RV *g, RV *v, RV lp, __global const REAL *eps, RV scale, int n_steps,
                      __global const REAL *m, __global const REAL *td) {
    RV e[DIM];
#if METRIC == LF_METRIC_DENSE
    for (int d = 0; d < DIM; d++) e[d] = scale * eps[d];
    for (int d = 0; d < DIM; d++) p[d] = lf_kick(p[d], (RV)0.5 * e[d], g[d]);
    if (n_steps > 0) lf_drift_all(x, p, v, e, m);
#else
    // The first half kick and drift in the same pass.
    for (int d = 0; d < DIM; d++) {
        e[d] = scale * eps[d];
        p[d] = lf_kick(p[d], (RV)0.5 * e[d], g[d]);
        if (n_steps > 0) x[d] = lf_drift(x[d], e[d], lf_velocity_at(p, d, m));
    }
#endif
    for (int l = 0; l < n_steps; l++) {
        if (l == n_steps - 1) {
            lp = lf_logp_grad(x, g, td);
            for (int d = 0; d < DIM; d++) p[d] = lf_kick(p[d], (RV)0.5 * e[d], g[d]);
        } else {
            LF_GRAD(x, g, td);
#if METRIC == LF_METRIC_DENSE
            for (int d = 0; d < DIM; d++) p[d] = lf_kick(p[d], e[d], g[d]);
            lf_drift_all(x, p, v, e, m);
#else
            // A full kick (1 * e is e exactly, so the factor is left out: the Java twin's rounding), then the drift.
            for (int d = 0; d < DIM; d++) {
                p[d] = lf_kick(p[d], e[d], g[d]);
                x[d] = lf_drift(x[d], e[d], lf_velocity_at(p, d, m));
            }
#endif
        }
    }
    return lp;
}
#endif
#endif
