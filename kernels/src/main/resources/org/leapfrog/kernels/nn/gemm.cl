// Fast matrix products of the autodiff engine (feature-major: element (r, c) of an n-row matrix at [c * n + r]),
// in float64 or float32 (REAL), for CPUs (vector lanes along the batch, register blocking) and GPUs (local-memory
// tiles). Java twins: org.leapfrog.kernels.nn.Gemm. Every output element is summed in one order on every device
// and in the twins, with explicit fused multiply-adds, so the forms agree to the bit up to the activation:
//  - nn_gemm_*:    acc = 0; for p = 0 .. P-1: acc = fma(a(r, p), B(p, c), acc); then y = act(acc + bias[c]).
//  - nn_gemm_ta_*: a sum over the batch r in TW interleaved partial sums (lane l takes r = l mod TW, in order),
//                  padded with exact zeros, then folded in halves: (s_l + s_{l+TW/2}) and so on down to one;
//                  with hasPrev 1 the result is prev + that sum (a gradient added to the one accumulated so far,
//                  the same bits as the product followed by an add, in one pass).
// Build definitions: REAL (double|float), MM_RB and MM_CB (CPU register block: MM_RB vectors of MM_W rows times
// MM_CB columns), MM_TI and MM_TJ (CPU transposed-product block), MM_TS (GPU tile edge; a multiple of TW).
#ifndef REAL
#define REAL double
#endif
#if defined(cl_khr_fp64)
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif
// No contraction of a * b + c behind our back: every fused multiply-add is written out, as in the twins.
#pragma OPENCL FP_CONTRACT OFF

#define MM_CAT_(a, b) a##b
#define MM_CAT(a, b) MM_CAT_(a, b)

// CPU lanes: 8 doubles or 16 floats (one 512-bit register); TW, the transposed product's lane count, is the same.
#ifndef MM_W
#define MM_W 8
#endif
#define TW MM_W
#define RV MM_CAT(REAL, MM_W)
#define VLOAD MM_CAT(vload, MM_W)
#define VSTORE MM_CAT(vstore, MM_W)
#ifndef MM_RB
#define MM_RB 4
#endif
#ifndef MM_CB
#define MM_CB 5
#endif
#ifndef MM_TI
#define MM_TI 4
#endif
#ifndef MM_TJ
#define MM_TJ 4
#endif
#ifndef MM_TS
#define MM_TS 16
#endif

// Activation codes MM_IDENTITY, MM_TANH, MM_SIGMOID, MM_RELU: Gemm's, from the generated lf_constants.h.

inline REAL mm_sigmoid(REAL v) {
    if (v >= 0) {
        return (REAL) 1 / ((REAL) 1 + exp(-v));
    }
    REAL e = exp(v);
    return e / ((REAL) 1 + e);
}

// act(v + bias): the bias is added after the product, as in the unfused matmul-then-add.
inline REAL mm_act(REAL v, int act) {
    switch (act) {
        case MM_TANH: return tanh(v);
        case MM_SIGMOID: return mm_sigmoid(v);
        case MM_RELU: return v > 0 ? v : (REAL) 0;
        default: return v;
    }
}

inline void mm_store(__global REAL *y, int at, RV v, REAL b, int act) {
    v = v + (RV) b;
    // Vector built-ins: a lane-by-lane scalar tanh costs more than the product here. They may round a value
    // differently from the scalar functions of the element-wise kernels (within OpenCL's ulp bounds).
    if (act == MM_TANH) {
        v = tanh(v);
    } else if (act == MM_RELU) {
        v = select((RV) 0, v, v > (RV) 0);
    } else if (act == MM_SIGMOID) {
        // mm_sigmoid's two branches share e = exp(-|v|): 1 / (1 + e) for v >= 0, e / (1 + e) below.
        RV e = exp(-fabs(v));
        v = select(e / ((RV) 1 + e), (RV) 1 / ((RV) 1 + e), v >= (RV) 0);
    }
    VSTORE(v, 0, y + at);
}

// One output element by the scalar rule (edges of the blocked kernels).
inline REAL mm_element(__global const REAL *a, __global const REAL *b, int n, int P, int bp, int bc, int r, int c) {
    REAL acc = 0;
    for (int p = 0; p < P; p++) {
        acc = fma(a[p * n + r], b[p * bp + c * bc], acc);
    }
    return acc;
}

// y (n x C) = act(a (n x P) @ B + bias), B(p, c) = b[p * bp + c * bc]: x @ W is (bp, bc) = (1, P), g @ W^T is
// (C, 1). Work-item (j, i) computes columns [j * MM_CB, +MM_CB) of rows [i * MM_RB * MM_W, +MM_RB * MM_W): the
// column blocks are dimension 0, so the work-items of a group share one panel of rows of a, which stays in cache.
// bias is read only when hasBias is 1.
__kernel void nn_gemm_lanes(__global const REAL *a, __global const REAL *b, __global const REAL *bias,
                            __global REAL *y, int n, int P, int C, int bp, int bc, int act, int hasBias) {
    int r0 = get_global_id(1) * (MM_RB * MM_W);
    int c0 = get_global_id(0) * MM_CB;
    if (r0 >= n || c0 >= C) {
        return;
    }
    if (r0 + MM_RB * MM_W > n) {
        // A partial row block (the last one when n is not a multiple of MM_RB * MM_W): its whole vectors of rows
        // one at a time (the columns of the block side by side), then the last n mod MM_W rows element by element.
        int c1 = min(C, c0 + MM_CB);
        int r = r0;
        for (; r + MM_W <= n; r += MM_W) {
            RV acc[MM_CB];
            #pragma unroll
            for (int v = 0; v < MM_CB; v++) {
                acc[v] = (RV) 0;
            }
            for (int p = 0; p < P; p++) {
                RV av = VLOAD(0, a + p * n + r);
                #pragma unroll
                for (int v = 0; v < MM_CB; v++) {
                    // Columns past C repeat the last one (in bounds); their sums are dropped below.
                    acc[v] = fma(av, (RV) b[p * bp + min(c0 + v, C - 1) * bc], acc[v]);
                }
            }
            #pragma unroll
            for (int v = 0; v < MM_CB; v++) {
                if (c0 + v < c1) {
                    mm_store(y, (c0 + v) * n + r, acc[v], hasBias ? bias[c0 + v] : (REAL) 0, act);
                }
            }
        }
        for (int c = c0; c < c1; c++) {
            REAL bb = hasBias ? bias[c] : (REAL) 0;
            for (int rr = r; rr < n; rr++) {
                y[c * n + rr] = mm_act(mm_element(a, b, n, P, bp, bc, rr, c) + bb, act);
            }
        }
        return;
    }
    if (c0 + MM_CB <= C) {
        RV acc[MM_RB][MM_CB];
        #pragma unroll
        for (int u = 0; u < MM_RB; u++) {
            #pragma unroll
            for (int v = 0; v < MM_CB; v++) {
                acc[u][v] = (RV) 0;
            }
        }
        __global const REAL *bc0 = b + c0 * bc;
        for (int p = 0; p < P; p++) {
            RV av[MM_RB];
            #pragma unroll
            for (int u = 0; u < MM_RB; u++) {
                av[u] = VLOAD(0, a + p * n + r0 + u * MM_W);
            }
            #pragma unroll
            for (int v = 0; v < MM_CB; v++) {
                RV bv = (RV) bc0[p * bp + v * bc];
                #pragma unroll
                for (int u = 0; u < MM_RB; u++) {
                    acc[u][v] = fma(av[u], bv, acc[u][v]);
                }
            }
        }
        #pragma unroll
        for (int v = 0; v < MM_CB; v++) {
            REAL bb = hasBias ? bias[c0 + v] : (REAL) 0;
            #pragma unroll
            for (int u = 0; u < MM_RB; u++) {
                mm_store(y, (c0 + v) * n + r0 + u * MM_W, acc[u][v], bb, act);
            }
        }
        return;
    }
    // The last, partial column block: full row vectors, one column at a time.
    for (int c = c0; c < C; c++) {
        RV acc[MM_RB];
        #pragma unroll
        for (int u = 0; u < MM_RB; u++) {
            acc[u] = (RV) 0;
        }
        for (int p = 0; p < P; p++) {
            RV bv = (RV) b[p * bp + c * bc];
            #pragma unroll
            for (int u = 0; u < MM_RB; u++) {
                acc[u] = fma(VLOAD(0, a + p * n + r0 + u * MM_W), bv, acc[u]);
            }
        }
        REAL bb = hasBias ? bias[c] : (REAL) 0;
        #pragma unroll
        for (int u = 0; u < MM_RB; u++) {
            mm_store(y, c * n + r0 + u * MM_W, acc[u], bb, act);
        }
    }
}

// The fold of TW partial sums: halves added lane by lane until one is left.
inline REAL mm_fold(RV v) {
#if MM_W == 16
    MM_CAT(REAL, 8) h = v.lo + v.hi;
#else
    RV h = v;
#endif
    MM_CAT(REAL, 4) q = h.lo + h.hi;
    MM_CAT(REAL, 2) d = q.lo + q.hi;
    return d.x + d.y;
}

// The last n mod TW batch elements of a column as a vector padded with zeros (fma(0, 0, s) == s for s != -0,
// and a partial sum that starts at +0 never becomes -0).
inline RV mm_tail(__global const REAL *col, int from, int n) {
    REAL t[MM_W];
    for (int l = 0; l < MM_W; l++) {
        t[l] = from + l < n ? col[from + l] : (REAL) 0;
    }
    return VLOAD(0, t);
}

// One element of the transposed product: the folded sum, plus prev's element when hasPrev is 1.
inline void mm_ta_store(__global REAL *y, __global const REAL *prev, int hasPrev, int at, RV s) {
    REAL v = mm_fold(s);
    y[at] = hasPrev ? prev[at] + v : v;
}

// y (k x m) = [prev +] x^T @ g, x (n x k), g (n x m): work-item (i, j) computes a tile of MM_TBI x MM_TBJ blocks
// of MM_TI rows and MM_TJ columns, with TW-lane partial sums over the batch. The batch is walked in chunks of
// MM_TCH rows, all of the tile's blocks per chunk, so the tile's rows of x and g stay in cache while every block
// uses them; the partial sums wait in acc between chunks, which leaves each lane's order of additions unchanged.
// Blocks that cross the edge of y are summed element by element (same order).
#ifndef MM_TBI
#define MM_TBI 5
#endif
#ifndef MM_TBJ
#define MM_TBJ 5
#endif
#ifndef MM_TCH
#define MM_TCH 256
#endif
__kernel void nn_gemm_ta_lanes(__global const REAL *x, __global const REAL *g, __global REAL *y, int n, int k, int m,
                               __global const REAL *prev, int hasPrev) {
    int ti0 = get_global_id(0) * (MM_TI * MM_TBI);
    int tj0 = get_global_id(1) * (MM_TJ * MM_TBJ);
    if (ti0 >= k || tj0 >= m) {
        return;
    }
    int full = n - n % MM_W;
    RV acc[MM_TBJ][MM_TBI][MM_TI][MM_TJ];
    for (int bj = 0; bj < MM_TBJ; bj++) {
        for (int bi = 0; bi < MM_TBI; bi++) {
            #pragma unroll
            for (int u = 0; u < MM_TI; u++) {
                #pragma unroll
                for (int v = 0; v < MM_TJ; v++) {
                    acc[bj][bi][u][v] = (RV) 0;
                }
            }
        }
    }
    for (int rc = 0; rc < n; rc += MM_TCH) {
        int rEnd = min(n, rc + MM_TCH);
        for (int bj = 0; bj < MM_TBJ; bj++) {
            int j0 = tj0 + bj * MM_TJ;
            if (j0 + MM_TJ > m) {
                break;
            }
            for (int bi = 0; bi < MM_TBI; bi++) {
                int i0 = ti0 + bi * MM_TI;
                if (i0 + MM_TI > k) {
                    break;
                }
                RV a[MM_TI][MM_TJ];
                #pragma unroll
                for (int u = 0; u < MM_TI; u++) {
                    #pragma unroll
                    for (int v = 0; v < MM_TJ; v++) {
                        a[u][v] = acc[bj][bi][u][v];
                    }
                }
                for (int r = rc; r < rEnd; r += MM_W) {
                    RV xv[MM_TI];
                    RV gv[MM_TJ];
                    if (r < full) {
                        #pragma unroll
                        for (int u = 0; u < MM_TI; u++) {
                            xv[u] = VLOAD(0, x + (i0 + u) * n + r);
                        }
                        #pragma unroll
                        for (int v = 0; v < MM_TJ; v++) {
                            gv[v] = VLOAD(0, g + (j0 + v) * n + r);
                        }
                    } else {
                        #pragma unroll
                        for (int u = 0; u < MM_TI; u++) {
                            xv[u] = mm_tail(x + (i0 + u) * n, r, n);
                        }
                        #pragma unroll
                        for (int v = 0; v < MM_TJ; v++) {
                            gv[v] = mm_tail(g + (j0 + v) * n, r, n);
                        }
                    }
                    #pragma unroll
                    for (int u = 0; u < MM_TI; u++) {
                        #pragma unroll
                        for (int v = 0; v < MM_TJ; v++) {
                            a[u][v] = fma(xv[u], gv[v], a[u][v]);
                        }
                    }
                }
                #pragma unroll
                for (int u = 0; u < MM_TI; u++) {
                    #pragma unroll
                    for (int v = 0; v < MM_TJ; v++) {
                        acc[bj][bi][u][v] = a[u][v];
                    }
                }
            }
        }
    }
    int ti1 = min(k, ti0 + MM_TI * MM_TBI);
    int tj1 = min(m, tj0 + MM_TJ * MM_TBJ);
    for (int j = tj0; j < tj1; j++) {
        int bj = (j - tj0) / MM_TJ;
        int j0 = tj0 + bj * MM_TJ;
        for (int i = ti0; i < ti1; i++) {
            int bi = (i - ti0) / MM_TI;
            int i0 = ti0 + bi * MM_TI;
            if (i0 + MM_TI <= k && j0 + MM_TJ <= m) {
                mm_ta_store(y, prev, hasPrev, j * k + i, acc[bj][bi][i - i0][j - j0]);
                continue;
            }
            RV s = (RV) 0;
            for (int r = 0; r < n; r += MM_W) {
                RV xv = r < full ? VLOAD(0, x + i * n + r) : mm_tail(x + i * n, r, n);
                RV gv = r < full ? VLOAD(0, g + j * n + r) : mm_tail(g + j * n, r, n);
                s = fma(xv, gv, s);
            }
            mm_ta_store(y, prev, hasPrev, j * k + i, s);
        }
    }
}

// GPU form of nn_gemm_lanes: MM_TS x MM_TS work-groups, one output element per work-item, a and B staged through
// local memory MM_TS steps of p at a time (zero-padded past the edges, which leaves the sums unchanged).
__kernel void nn_gemm_tiled(__global const REAL *a, __global const REAL *b, __global const REAL *bias,
                            __global REAL *y, int n, int P, int C, int bp, int bc, int act, int hasBias) {
    __local REAL as[MM_TS][MM_TS + 1];
    __local REAL bs[MM_TS][MM_TS + 1];
    int lr = get_local_id(0);
    int lc = get_local_id(1);
    int r = get_group_id(0) * MM_TS + lr;
    int c = get_group_id(1) * MM_TS + lc;
    int cLoad = get_group_id(1) * MM_TS + lr;
    REAL acc = 0;
    for (int p0 = 0; p0 < P; p0 += MM_TS) {
        int pa = p0 + lc;
        as[lc][lr] = r < n && pa < P ? a[pa * n + r] : (REAL) 0;
        bs[lc][lr] = cLoad < C && pa < P ? b[pa * bp + cLoad * bc] : (REAL) 0;
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int q = 0; q < MM_TS; q++) {
            acc = fma(as[q][lr], bs[q][lc], acc);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (r < n && c < C) {
        y[c * n + r] = mm_act(acc + (hasBias ? bias[c] : (REAL) 0), act);
    }
}

// GPU form of nn_gemm_ta_lanes: MM_TS x MM_TS work-groups over (i, j), the batch staged through local memory
// MM_TS rows at a time; each work-item keeps the same TW interleaved partial sums as the CPU form.
__kernel void nn_gemm_ta_tiled(__global const REAL *x, __global const REAL *g, __global REAL *y, int n, int k, int m,
                               __global const REAL *prev, int hasPrev) {
    __local REAL xs[MM_TS][MM_TS + 1];
    __local REAL gs[MM_TS][MM_TS + 1];
    int li = get_local_id(0);
    int lj = get_local_id(1);
    int i = get_group_id(0) * MM_TS + li;
    int j = get_group_id(1) * MM_TS + lj;
    int iLoad = get_group_id(0) * MM_TS + lj;
    int jLoad = get_group_id(1) * MM_TS + lj;
    REAL s[TW];
    for (int l = 0; l < TW; l++) {
        s[l] = 0;
    }
    for (int r0 = 0; r0 < n; r0 += MM_TS) {
        int r = r0 + li;
        xs[lj][li] = iLoad < k && r < n ? x[iLoad * n + r] : (REAL) 0;
        gs[lj][li] = jLoad < m && r < n ? g[jLoad * n + r] : (REAL) 0;
        barrier(CLK_LOCAL_MEM_FENCE);
        #pragma unroll
        for (int q = 0; q < MM_TS; q++) {
            s[q % TW] = fma(xs[li][q], gs[lj][q], s[q % TW]);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (i < k && j < m) {
        mm_ta_store(y, prev, hasPrev, j * k + i, VLOAD(0, s));
    }
}

// act'(v) from the activation's output v: tanh 1 - v^2, sigmoid v (1 - v), relu (v > 0).
inline REAL mm_act_deriv(REAL v, int act) {
    switch (act) {
        case MM_TANH: return (REAL) 1 - v * v;
        case MM_SIGMOID: return v * ((REAL) 1 - v);
        case MM_RELU: return v > 0 ? (REAL) 1 : (REAL) 0;
        default: return 1;
    }
}

// dz = g * act'(y) from the activation's output y; n elements.
__kernel void nn_act_grad(__global const REAL *g, __global const REAL *y, __global REAL *dz, int n, int act) {
    int e = get_global_id(0);
    if (e >= n) {
        return;
    }
    dz[e] = g[e] * mm_act_deriv(y[e], act);
}

// A dense layer's backward start in one pass: dz = g * act'(y) as nn_act_grad (n x C), and the bias's gradient
// db[c] = [prev[c] +] the sum of dz's column c in row order, as nn_sum_rows then an add (prev read only when
// hasPrev is 1). One work-item per column.
__kernel void nn_act_grad_sum(__global const REAL *g, __global const REAL *y, __global REAL *dz, __global REAL *db,
                              __global const REAL *prev, int n, int C, int act, int hasPrev) {
    int c = get_global_id(0);
    if (c >= C) {
        return;
    }
    REAL s = 0;
    for (int r = c * n; r < (c + 1) * n; r++) {
        REAL z = g[r] * mm_act_deriv(y[r], act);
        dz[r] = z;
        s += z;
    }
    db[c] = hasPrev ? prev[c] + s : s;
}
