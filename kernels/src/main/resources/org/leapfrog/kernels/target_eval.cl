// Evaluates a target for every chain: log density, gradient and Hessian-vector product (for conformance tests
// and for samplers that need them outside a fused kernel). Built after lanes.cl with DIM and VW defined; the
// target's source (defining the two functions declared here) is appended after this file.
// Chain-minor arrays with stride n_chains, which must be a multiple of VW; one work-item per VW chains.
// Java twin: org.leapfrog.samplers.target.TargetEvalKernel.

RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td);
void lf_hvp(const RV *x, const RV *v, RV *hv, __global const REAL *td);

__kernel void lf_target_eval(int n_chains, __global const REAL *x, __global const REAL *v,
                             __global const REAL *td, __global REAL *logp, __global REAL *grad,
                             __global REAL *hv) {
    int c = (int)get_global_id(0) * VW;
    if (c >= n_chains) return;
    RV xl[DIM], vl[DIM], out[DIM];
    for (int d = 0; d < DIM; d++) {
        xl[d] = LF_LOAD(x, d * n_chains + c);
        vl[d] = LF_LOAD(v, d * n_chains + c);
    }
    RV lp = lf_logp_grad(xl, out, td);
    LF_STORE(lp, logp, c);
    for (int d = 0; d < DIM; d++) {
        LF_STORE(out[d], grad, d * n_chains + c);
    }
    lf_hvp(xl, vl, out, td);
    for (int d = 0; d < DIM; d++) {
        LF_STORE(out[d], hv, d * n_chains + c);
    }
}
