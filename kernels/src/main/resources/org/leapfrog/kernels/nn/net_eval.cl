// Evaluates one network function (emitted by org.leapfrog.kernels.nn.NetworkSource and appended after this
// file) for a batch of chains: the smallest fused kernel that calls a network, used by the conformance tests
// and for batched inference. Chain-minor arrays: x (LF_NET_IN x n_chains), y (LF_NET_OUT x n_chains); the
// weights are w[w0 ...]. n_chains is a multiple of VW; work-item g handles chains [g * VW, (g + 1) * VW).
// Needs lanes.cl. Defines: LF_NET (the function's name), LF_NET_IN, LF_NET_OUT.
// Java twin: org.leapfrog.kernels.nn.NetworkEvalKernel.

void LF_NET(const RV *in, RV *out, __global const REAL *w, int w0);

__kernel void lf_net_eval(int n_chains, __global const REAL *x, __global REAL *y, __global const REAL *w, int w0) {
    int c0 = get_global_id(0) * VW;
    if (c0 >= n_chains) return;
    RV in[LF_NET_IN], out[LF_NET_OUT];
    for (int i = 0; i < LF_NET_IN; i++) in[i] = LF_LOAD(x, i * n_chains + c0);
    LF_NET(in, out, w, w0);
    for (int o = 0; o < LF_NET_OUT; o++) LF_STORE(out[o], y, o * n_chains + c0);
}
