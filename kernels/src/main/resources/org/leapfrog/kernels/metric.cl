// Metric operations on VW lanes; Java twin: org.leapfrog.samplers.metric.Metric. Needs lanes.cl, philox.cl,
// philox_lanes.cl. Define METRIC: LF_METRIC_UNIT, LF_METRIC_DIAGONAL or LF_METRIC_DENSE. Metric data m: diagonal: m[0..DIM) = inverse
// mass, m[DIM..2DIM) = sqrt(mass); dense: lower Cholesky factor of the mass matrix, then the inverse mass
// matrix (both row-major DIM x DIM).

#ifndef METRIC
#define METRIC LF_METRIC_UNIT
#endif

// Velocity v = M^-1 p.
inline void lf_velocity(const RV *p, RV *v, __global const REAL *m) {
#if METRIC == LF_METRIC_UNIT
    for (int d = 0; d < DIM; d++) v[d] = p[d];
#elif METRIC == LF_METRIC_DIAGONAL
    for (int d = 0; d < DIM; d++) v[d] = m[d] * p[d];
#else
    __global const REAL *minv = m + DIM * DIM;
    for (int i = 0; i < DIM; i++) {
        RV s = (RV)0;
        for (int j = 0; j < DIM; j++) s += minv[i * DIM + j] * p[j];
        v[i] = s;
    }
#endif
}

#if METRIC != LF_METRIC_DENSE
// Coordinate d of the velocity M^-1 p for a unit or diagonal metric (the same value lf_velocity stores).
#if METRIC == LF_METRIC_UNIT
#define lf_velocity_at(p, d, m) ((p)[d])
#else
#define lf_velocity_at(p, d, m) ((m)[d] * (p)[d])
#endif
#endif

// Kinetic energy p' M^-1 p / 2, using v = M^-1 p (v is set for the dense metric only; unit and diagonal
// metrics form each velocity coordinate where it is used, the same value).
inline RV lf_kinetic(const RV *p, RV *v, __global const REAL *m) {
    RV k = (RV)0;
#if METRIC == LF_METRIC_DENSE
    lf_velocity(p, v, m);
    for (int d = 0; d < DIM; d++) k += p[d] * v[d];
#else
    for (int d = 0; d < DIM; d++) k += p[d] * lf_velocity_at(p, d, m);
#endif
    return (RV)0.5 * k;
}

// Momentum p ~ N(0, M) from the chain's Philox stream.
inline void lf_draw_momentum(ulong seed, UV chain, uint iteration, RV *p, RV *z, __global const REAL *m) {
    RV n[4];
#if METRIC == LF_METRIC_UNIT
    // Unit and diagonal metrics scale each normal where it is drawn (z is not used).
    for (int j = 0; j < DIM; j += 4) {
        lf_normals_lanes(seed, chain, iteration, LF_PURPOSE_MOMENTUM, (uint)(j / 4), n);
        for (int k = 0; k < 4 && j + k < DIM; k++) p[j + k] = n[k];
    }
#elif METRIC == LF_METRIC_DIAGONAL
    for (int j = 0; j < DIM; j += 4) {
        lf_normals_lanes(seed, chain, iteration, LF_PURPOSE_MOMENTUM, (uint)(j / 4), n);
        for (int k = 0; k < 4 && j + k < DIM; k++) p[j + k] = m[DIM + j + k] * n[k];
    }
#else
    for (int j = 0; j < DIM; j += 4) {
        lf_normals_lanes(seed, chain, iteration, LF_PURPOSE_MOMENTUM, (uint)(j / 4), n);
        for (int k = 0; k < 4 && j + k < DIM; k++) z[j + k] = n[k];
    }
    for (int i = 0; i < DIM; i++) {
        RV s = (RV)0;
        for (int j = 0; j <= i; j++) s += m[i * DIM + j] * z[j];
        p[i] = s;
    }
#endif
}

