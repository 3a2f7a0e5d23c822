// Bayesian logistic regression, prior N(0, s^2 I) on all DIM coefficients (intercept included):
//   log density = sum_n [y_n e_n - softplus(e_n)] - |theta|^2 / (2 s^2),  e_n = z_n . theta,
// where z_n is row n of the design matrix with its column of ones. All chains read the same rows, so one pass
// over the rows computes the logit and accumulates the gradient sum_n (y_n - sigmoid(e_n)) z_n.
// Stable forms with t = exp(-|e|): softplus(e) = max(e, 0) + log1p(t) (lf_log1p, as in the Java twin),
// sigmoid(e) = (e >= 0 ? 1 : t) / (1 + t),
// sigmoid(e) (1 - sigmoid(e)) = t / (1 + t)^2.
// td = [1 / s^2, Z row-major (LF_BLR_ROWS x DIM), y_0 .. y_{LF_BLR_ROWS-1}].
// Java twin: org.leapfrog.samplers.target.LogisticRegression.

// The data term (a matrix product) calls fma explicitly for the logits and the gradient sums (a fused
// multiply-add per element, as a contracting compiler would emit on CPUs with FMA); contraction stays off
// everywhere else, and the Java twin calls Math.fma (DoubleVector.fma) in exactly these places, so both
// backends round the same and trajectories agree bit for bit.

// Rows are taken four at a time so each x[j] load and each g[j] load/store serves four rows (the loops are
// register-blocked); the order of floating-point operations per element is the same as one row at a time.
inline RV lf_blr_sigmoid(RV e) {
    RV t = lf_exp_neg(fabs(e)); // lfmath.cl: vectorises, and matches the Java twin bit for bit
    return select(t, (RV)(1.0), (IV)(e >= (RV)(0.0))) / ((REAL)(1.0) + t);
}

inline RV lf_blr_pass(const RV *x, RV *g, __global const REAL *td, const int want_lp) {
    const REAL a = td[0];
    __global const REAL *row = td + 1;
    __global const REAL *yv = td + 1 + LF_BLR_ROWS * DIM;
    RV sq = (RV)(0.0);
    for (int j = 0; j < DIM; j++) {
        g[j] = -a * x[j];
        sq += x[j] * x[j];
    }
    RV lp = (REAL)(-0.5) * a * sq;
    int n = 0;
    for (; n + 4 <= LF_BLR_ROWS; n += 4, row += 4 * DIM) {
        RV e0 = (RV)(0.0), e1 = (RV)(0.0), e2 = (RV)(0.0), e3 = (RV)(0.0);
        for (int j = 0; j < DIM; j++) {
            RV xj = x[j];
            e0 = fma((RV)row[j], xj, e0);
            e1 = fma((RV)row[DIM + j], xj, e1);
            e2 = fma((RV)row[2 * DIM + j], xj, e2);
            e3 = fma((RV)row[3 * DIM + j], xj, e3);
        }
        RV r0 = yv[n] - lf_blr_sigmoid(e0), r1 = yv[n + 1] - lf_blr_sigmoid(e1);
        RV r2 = yv[n + 2] - lf_blr_sigmoid(e2), r3 = yv[n + 3] - lf_blr_sigmoid(e3);
        if (want_lp) {
            lp += yv[n] * e0 - fmax(e0, (RV)(0.0)) - lf_log1p(lf_exp_neg(fabs(e0)));
            lp += yv[n + 1] * e1 - fmax(e1, (RV)(0.0)) - lf_log1p(lf_exp_neg(fabs(e1)));
            lp += yv[n + 2] * e2 - fmax(e2, (RV)(0.0)) - lf_log1p(lf_exp_neg(fabs(e2)));
            lp += yv[n + 3] * e3 - fmax(e3, (RV)(0.0)) - lf_log1p(lf_exp_neg(fabs(e3)));
        }
        for (int j = 0; j < DIM; j++) {
            g[j] = fma(r3, (RV)row[3 * DIM + j], fma(r2, (RV)row[2 * DIM + j], fma(r1, (RV)row[DIM + j], fma(r0, (RV)row[j], g[j]))));
        }
    }
    for (; n < LF_BLR_ROWS; n++, row += DIM) {
        RV e = (RV)(0.0);
        for (int j = 0; j < DIM; j++) {
            e = fma((RV)row[j], x[j], e);
        }
        RV r = yv[n] - lf_blr_sigmoid(e);
        if (want_lp) {
            lp += yv[n] * e - fmax(e, (RV)(0.0)) - lf_log1p(lf_exp_neg(fabs(e)));
        }
        for (int j = 0; j < DIM; j++) {
            g[j] = fma(r, (RV)row[j], g[j]);
        }
    }
    return lp;
}

RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td) {
    return lf_blr_pass(x, g, td, 1);
}

// Gradient only (no log1p): the fused kernels call it for all but the last leapfrog step.
void lf_grad(const RV *x, RV *g, __global const REAL *td) {
    lf_blr_pass(x, g, td, 0);
}

void lf_hvp(const RV *x, const RV *v, RV *hv, __global const REAL *td) {
    const REAL a = td[0];
    __global const REAL *row = td + 1;
    for (int j = 0; j < DIM; j++) {
        hv[j] = -a * v[j];
    }
    for (int n = 0; n < LF_BLR_ROWS; n++, row += DIM) {
        RV e = (RV)(0.0), ev = (RV)(0.0);
        for (int j = 0; j < DIM; j++) {
            e += row[j] * x[j];
            ev += row[j] * v[j];
        }
        RV t = exp(-fabs(e));
        RV u = (REAL)(1.0) + t;
        RV c = -t / (u * u) * ev;
        for (int j = 0; j < DIM; j++) {
            hv[j] += c * row[j];
        }
    }
}

