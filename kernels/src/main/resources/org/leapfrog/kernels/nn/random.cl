// Random tensors keyed like the samplers' draws: element (row r, column c) of a rows x cols tensor, stored at
// [c * rows + r], comes from stream (seed, chain = r, iteration, purpose), value c: block c / 4, word c % 4.
// Normals are RandomStream.normals' Box-Muller values, uniforms lf_uniform of the word, Rademacher +1 when
// the word's top bit is 0 (uniform < 1/2) and -1 otherwise, Bernoulli(p) 1 when uniform < p. The seed comes
// as two 32-bit halves. One work-item per row. Needs lanes.cl (VW = 1), lfmath.cl, philox.cl, philox_lanes.cl.
// Java twins: org.leapfrog.kernels.nn.RandomOpKernels.

// Kinds NN_RANDOM_NORMAL, _UNIFORM, _RADEMACHER, _BERNOULLI: RandomOpKernels', from the generated lf_constants.h.

// A float32 build (REAL = float, LF_F32) draws the samplers' float32 streams: float Box-Muller normals and
// uniforms of the word's top 23 bits (lf_uniform_lanes); p stays a double in both builds.
#ifdef LF_F32
#define NN_RANDOM_U(w) lf_uniform_lanes(w)
#else
#define NN_RANDOM_U(w) lf_uniform(w)
#endif

__kernel void nn_random(int kind, uint seed_lo, uint seed_hi, int iteration, int purpose, int rows, int cols,
                        double p, __global REAL *out) {
    int r = get_global_id(0);
    if (r >= rows) return;
    ulong seed = (ulong)seed_lo | ((ulong)seed_hi << 32);
    for (int j = 0; j < cols; j += 4) {
        REAL v[4];
        if (kind == NN_RANDOM_NORMAL) {
            lf_normals_lanes(seed, (uint)r, (uint)iteration, (uint)purpose, (uint)(j / 4), v);
        } else {
            uint4 w = lf_words(seed, (uint)r, (uint)iteration, (uint)purpose, (uint)(j / 4));
            uint ws[4] = {w.x, w.y, w.z, w.w};
            for (int k = 0; k < 4; k++) {
                if (kind == NN_RANDOM_UNIFORM) {
                    v[k] = NN_RANDOM_U(ws[k]);
                } else if (kind == NN_RANDOM_RADEMACHER) {
                    v[k] = (ws[k] & 0x80000000u) ? (REAL)-1 : (REAL)1;
                } else {
                    v[k] = NN_RANDOM_U(ws[k]) < p ? (REAL)1 : (REAL)0;
                }
            }
        }
        for (int k = 0; k < 4 && j + k < cols; k++) {
            out[(j + k) * rows + r] = v[k];
        }
    }
}
