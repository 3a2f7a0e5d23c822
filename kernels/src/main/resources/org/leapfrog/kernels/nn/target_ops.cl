// A target's log density, gradient and Hessian-vector product as tensor operations: the same device functions
// as target_eval.cl and the fused sampler kernels (the target's source, appended after this file, defines
// them), on chains x dimension tensors (coordinate d of chain c at [d * n + c]). Built after lanes.cl (VW = 1:
// any chain count) and lfmath.cl with DIM defined. One work-item per chain.
// Java twin: the target's Java methods (org.leapfrog.runtime.tensor.TargetOps).

RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td);
void lf_hvp(const RV *x, const RV *v, RV *hv, __global const REAL *td);

__kernel void nn_target_logp_grad(int n, __global const REAL *x, __global const REAL *td, __global REAL *logp,
                                  __global REAL *grad) {
    int c = get_global_id(0);
    if (c >= n) return;
    RV xl[DIM], g[DIM];
    for (int d = 0; d < DIM; d++) {
        xl[d] = x[d * n + c];
    }
    logp[c] = lf_logp_grad(xl, g, td);
    for (int d = 0; d < DIM; d++) {
        grad[d * n + c] = g[d];
    }
}

__kernel void nn_target_hvp(int n, __global const REAL *x, __global const REAL *v, __global const REAL *td,
                            __global REAL *hv) {
    int c = get_global_id(0);
    if (c >= n) return;
    RV xl[DIM], vl[DIM], out[DIM];
    for (int d = 0; d < DIM; d++) {
        xl[d] = x[d * n + c];
        vl[d] = v[d * n + c];
    }
    lf_hvp(xl, vl, out, td);
    for (int d = 0; d < DIM; d++) {
        hv[d * n + c] = out[d];
    }
}
