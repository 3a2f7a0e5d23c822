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

// n_steps leapfrog steps in place from (x, p) with gradient g and log density lp at x; step size per
// dimension eps[d] * scale. Half kicks between steps are merged: kick(h) [drift kick(e)]... drift kick(h).
// Returns the log density at the end; g then holds its gradient. v is scratch.
inline RV lf_leapfrog(RV *x, RV *p, RV *g, RV *v, RV lp, __global const REAL *eps, RV scale, int n_steps,
                      __global const REAL *m, __global const REAL *td) {
    for (int d = 0; d < DIM; d++) p[d] = lf_kick(p[d], (RV)0.5 * (scale * eps[d]), g[d]);
    for (int l = 0; l < n_steps; l++) {
        lf_velocity(p, v, m);
        for (int d = 0; d < DIM; d++) x[d] = lf_drift(x[d], scale * eps[d], v[d]);
        if (l == n_steps - 1) {
            lp = lf_logp_grad(x, g, td);
        } else {
            LF_GRAD(x, g, td);
        }
        if (l == n_steps - 1) {
            for (int d = 0; d < DIM; d++) p[d] = lf_kick(p[d], (RV)0.5 * (scale * eps[d]), g[d]);
        } else {
            // A full kick: 1 * e is e exactly, so the factor is left out (same rounding as the Java twin).
            for (int d = 0; d < DIM; d++) p[d] = lf_kick(p[d], scale * eps[d], g[d]);
        }
    }
    return lp;
}
#endif
