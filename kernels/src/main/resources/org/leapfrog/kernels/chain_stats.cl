// Statistics of every chain accumulated on the device, one kept draw at a time, and the kept chains packed for
// one small read-back. A 2-D launch: work-item (c, d) handles coordinate d of chain c (c < n_chains; padding
// chains and the rounded-up global size are skipped), and the d = 0 row also the per-chain statistics. No loop
// in the body, so CPU runtimes vectorise across work-items (the chain index is the contiguous one). The chain
// state is REAL (double, or float in float32 precision); every accumulator is double.
//
// Running moments are Welford's update with the same operations, in the same order, as the host's
// OnlineMoments.add: delta = x - mean; mean += delta * inv_count; m2 += delta * (x - mean). With contraction
// off (below) each element rounds exactly as on the host, so the device moments are bit-identical to the host's.
#ifndef REAL
#define REAL double
#endif
#ifdef cl_khr_fp64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif
#pragma OPENCL FP_CONTRACT OFF

__kernel void lf_chain_stats(const int n_chains, const int padded, const int dim, const int n_kept,
                             const int accumulate, const int count, const double inv_count,
                             __global const REAL* pos, __global const REAL* logp,
                             __global const REAL* accept_prob, __global const int* divergent,
                             __global const REAL* energy,
                             __global double* mean, __global double* m2, __global double* accept_sum,
                             __global int* divergences, __global double* energy_mean,
                             __global double* energy_m2, __global double* energy_jump,
                             __global double* energy_prev, __global double* kept) {
    const int c = get_global_id(0);
    const int d = get_global_id(1);
    if (c >= n_chains || d >= dim) {
        return;
    }
    const int i = d * padded + c;
    const double x = (double) pos[i];
    if (accumulate) {
        const double delta = x - mean[i];
        mean[i] += delta * inv_count;
        m2[i] += delta * (x - mean[i]);
        if (d == 0) {
            accept_sum[c] += (double) accept_prob[c];
            divergences[c] += divergent[c] != 0 ? 1 : 0;
            const double e = (double) energy[c];
            const double de = e - energy_mean[c];
            energy_mean[c] += de * inv_count;
            energy_m2[c] += de * (e - energy_mean[c]);
            if (count > 1) {
                const double jump = e - energy_prev[c];
                energy_jump[c] += jump * jump;
            }
            energy_prev[c] = e;
        }
    }
    if (c < n_kept) {
        kept[d * n_kept + c] = x;
        if (d == 0) {
            kept[dim * n_kept + c] = (double) logp[c];
            kept[(dim + 1) * n_kept + c] = (double) accept_prob[c];
            kept[(dim + 2) * n_kept + c] = divergent[c] != 0 ? 1.0 : 0.0;
            kept[(dim + 3) * n_kept + c] = (double) energy[c];
        }
    }
}
