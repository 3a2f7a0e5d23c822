// Fills chain-minor arrays with draws: element (k, chain) at out[k * n_chains + chain].
// Java twin: org.leapfrog.kernels.RandomFillKernels. Needs lanes.cl (VW = 1), lfmath.cl, philox.cl, philox_lanes.cl.

__kernel void lf_fill_words(ulong seed, uint iteration, uint purpose, int count, int n_chains,
                            __global uint *out) {
    int c = get_global_id(0);
    if (c >= n_chains) return;
    for (int b = 0; b < count; b++) {  // count: blocks of four words
        uint4 w = lf_words(seed, (uint)c, iteration, purpose, (uint)b);
        out[(4 * b) * n_chains + c] = w.x;
        out[(4 * b + 1) * n_chains + c] = w.y;
        out[(4 * b + 2) * n_chains + c] = w.z;
        out[(4 * b + 3) * n_chains + c] = w.w;
    }
}

__kernel void lf_fill_normals(ulong seed, uint iteration, uint purpose, int count, int n_chains,
                              __global REAL *out) {
    int c = get_global_id(0);
    if (c >= n_chains) return;
    REAL n[4];
    for (int j = 0; j < count; j += 4) {
        lf_normals_lanes(seed, (uint)c, iteration, purpose, (uint)(j / 4), n);
        for (int k = 0; k < 4 && j + k < count; k++) out[(j + k) * n_chains + c] = n[k];
    }
}

__kernel void lf_fill_uniforms(ulong seed, uint iteration, uint purpose, int count, int n_chains,
                               __global REAL *out) {
    int c = get_global_id(0);
    if (c >= n_chains) return;
    for (int j = 0; j < count; j += 4) {
        uint4 w = lf_words(seed, (uint)c, iteration, purpose, (uint)(j / 4));
        uint ws[4] = {w.x, w.y, w.z, w.w};
        for (int k = 0; k < 4 && j + k < count; k++) out[(j + k) * n_chains + c] = lf_uniform(ws[k]);
    }
}
