// The tempered Hamiltonian flow's updates as tensor operations (the HVAE's training flow): each is the element
// update of leapfrog.cl (lf_kick, lf_drift, lf_temper) that lf_his_flow uses, over a rows x cols tensor stored
// feature-major ([c * rows + r]), and the fixed quadratic tempering schedule of Tempering.fixedQuadratic.
// Needs lanes.cl (VW = 1) and leapfrog.cl built with LF_UPDATES_ONLY. Java twins:
// org.leapfrog.samplers.his.FlowOpKernels.

// op LF_HIS_OP_KICK: out = lf_kick(a, w * e[c], b); LF_HIS_OP_DRIFT: out = lf_drift(a, e[c], b);
// LF_HIS_OP_TEMPER: out = lf_temper(e[0], a), b unused (codes from the generated lf_constants.h). e is 1 x cols (1 x 1 for temper).
__kernel void lf_op_update(int op, int rows, int total, double w, __global const REAL *a, __global const REAL *b,
                           __global const REAL *e, __global REAL *out) {
    int i = get_global_id(0);
    if (i >= total) return;
    int c = i / rows;
    if (op == LF_HIS_OP_KICK) {
        out[i] = lf_kick(a[i], (REAL)w * e[c], b[i]);
    } else if (op == LF_HIS_OP_DRIFT) {
        out[i] = lf_drift(a[i], e[c], b[i]);
    } else {
        out[i] = lf_temper(e[0], a[i]);
    }
}

// alpha_1..alpha_K of fixed quadratic tempering from beta0 (one work-item), in Tempering.fixedQuadratic's order of
// operations: sqrt(beta_k) = 1 / ((1 - 1/sqrt(beta0)) k^2 / K^2 + 1/sqrt(beta0)), alpha_k = sqrt(beta_(k-1) / beta_k).
// With grad = 1: out[0] = sum_k g[k] d alpha_k / d beta0 (the op's backward) instead.
__kernel void lf_op_fixed_schedule(int steps, int grad, __global const REAL *beta0, __global const REAL *g,
                                   __global REAL *out) {
    if (get_global_id(0) != 0) return;
    double b0 = beta0[0];
    double inv = 1.0 / sqrt(b0);
    double prev = sqrt(b0);
    double kk = (double)steps * steps;
    // d alpha_k / d s for s = 1 / sqrt(beta0): T_k = 1 / sqrt(beta_k) = (1 - s) u_k + s, alpha_k = T_k / T_(k-1).
    double tPrev = inv, uPrev = 0.0, sum = 0.0;
    for (int k = 1; k <= steps; k++) {
        double sqrtBeta = 1.0 / ((1.0 - inv) * k * k / kk + inv);
        if (grad) {
            double u = (double)k * k / kk;
            double t = (1.0 - inv) * u + inv;
            double da = ((1.0 - u) * tPrev - t * (1.0 - uPrev)) / (tPrev * tPrev);
            sum += g[k - 1] * da;
            tPrev = t;
            uPrev = u;
        } else {
            out[k - 1] = prev / sqrtBeta;
        }
        prev = sqrtBeta;
    }
    // ds / d beta0 = -1/2 beta0^(-3/2)
    if (grad) out[0] = sum * (-0.5 * inv / b0);
}
