// Batched log|det A| and A^-T for small square matrices (the HMC entropy correction of vae.mcmc). Matrix i of m is
// row i of an m x (d*d) tensor stored feature-major: entry (r, j) of matrix i (column-major within the row) at
// (j * d + r) * m + i, so a work-item's loads over the batch are coalesced. Gauss-Jordan elimination with partial
// pivoting: work (m x d*d) holds A and is destroyed, inv (m x d*d) receives A^-T, logdet (m) log|det A| (-inf and
// NaNs for a singular matrix), pd (m) 1 if the symmetric part (A + A')/2 is positive definite (a Cholesky
// factorisation without pivoting succeeds), else 0. Java twin: org.leapfrog.vae.mcmc.LogAbsDetKernels; same
// operations in the same order.
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#pragma OPENCL FP_CONTRACT OFF

#define LD_AT(r, j) ((((j) * d) + (r)) * m + i)

__kernel void lf_mcmc_logdet(int m, int d, __global const double *a, __global double *work, __global double *inv,
                             __global double *logdet, __global double *pd) {
    int i = get_global_id(0);
    if (i >= m) return;
    // Cholesky of the symmetric part into work's lower triangle: positive definite iff every pivot is > 0.
    double definite = 1.0;
    for (int j = 0; j < d && definite > 0.0; j++) {
        double s = a[LD_AT(j, j)];
        for (int k = 0; k < j; k++) {
            s = s - work[LD_AT(j, k)] * work[LD_AT(j, k)];
        }
        if (!(s > 0.0)) {
            definite = 0.0;
            break;
        }
        double l = sqrt(s);
        work[LD_AT(j, j)] = l;
        for (int r = j + 1; r < d; r++) {
            double v = 0.5 * (a[LD_AT(r, j)] + a[LD_AT(j, r)]);
            for (int k = 0; k < j; k++) {
                v = v - work[LD_AT(r, k)] * work[LD_AT(j, k)];
            }
            work[LD_AT(r, j)] = v / l;
        }
    }
    pd[i] = definite;
    for (int j = 0; j < d; j++) {
        for (int r = 0; r < d; r++) {
            work[LD_AT(r, j)] = a[LD_AT(r, j)];
            inv[LD_AT(r, j)] = r == j ? 1.0 : 0.0;
        }
    }
    double ld = 0.0;
    for (int k = 0; k < d; k++) {
        int p = k;
        double best = fabs(work[LD_AT(k, k)]);
        for (int r = k + 1; r < d; r++) {
            double v = fabs(work[LD_AT(r, k)]);
            if (v > best) {
                best = v;
                p = r;
            }
        }
        if (p != k) {
            for (int j = 0; j < d; j++) {
                double t = work[LD_AT(k, j)];
                work[LD_AT(k, j)] = work[LD_AT(p, j)];
                work[LD_AT(p, j)] = t;
                t = inv[LD_AT(k, j)];
                inv[LD_AT(k, j)] = inv[LD_AT(p, j)];
                inv[LD_AT(p, j)] = t;
            }
        }
        double piv = work[LD_AT(k, k)];
        ld += log(fabs(piv));
        double s = 1.0 / piv;
        for (int j = 0; j < d; j++) {
            work[LD_AT(k, j)] = work[LD_AT(k, j)] * s;
            inv[LD_AT(k, j)] = inv[LD_AT(k, j)] * s;
        }
        for (int r = 0; r < d; r++) {
            if (r == k) continue;
            double f = work[LD_AT(r, k)];
            if (f == 0.0) continue;
            for (int j = 0; j < d; j++) {
                work[LD_AT(r, j)] = work[LD_AT(r, j)] - f * work[LD_AT(k, j)];
                inv[LD_AT(r, j)] = inv[LD_AT(r, j)] - f * inv[LD_AT(k, j)];
            }
        }
    }
    // inv holds A^-1: transpose it in place.
    for (int r = 0; r < d; r++) {
        for (int j = r + 1; j < d; j++) {
            double t = inv[LD_AT(r, j)];
            inv[LD_AT(r, j)] = inv[LD_AT(j, r)];
            inv[LD_AT(j, r)] = t;
        }
    }
    logdet[i] = ld;
}
