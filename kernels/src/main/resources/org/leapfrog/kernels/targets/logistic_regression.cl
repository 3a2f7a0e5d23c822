// Bayesian logistic regression, prior N(0, s^2 I) on all DIM coefficients (intercept included):
//   log density = sum_n [y_n e_n - softplus(e_n)] - |theta|^2 / (2 s^2),  e_n = z_n . theta,
// where z_n is row n of the design matrix with its column of ones. All chains read the same rows, so one pass
// over the rows computes the logit and accumulates the gradient sum_n (y_n - sigmoid(e_n)) z_n.
// Stable forms with t = exp(-|e|): softplus(e) = max(e, 0) + log1p(t), sigmoid(e) = (e >= 0 ? 1 : t) / (1 + t),
// sigmoid(e) (1 - sigmoid(e)) = t / (1 + t)^2.
// td = [1 / s^2, Z row-major (LF_BLR_ROWS x DIM), y_0 .. y_{LF_BLR_ROWS-1}].
// Java twin: org.leapfrog.samplers.target.LogisticRegression.

RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td) {
    const REAL a = td[0];
    __global const REAL *row = td + 1;
    __global const REAL *yv = td + 1 + LF_BLR_ROWS * DIM;
    RV sq = (RV)(0.0);
    for (int j = 0; j < DIM; j++) {
        g[j] = -a * x[j];
        sq += x[j] * x[j];
    }
    RV lp = (REAL)(-0.5) * a * sq;
    for (int n = 0; n < LF_BLR_ROWS; n++, row += DIM) {
        RV e = (RV)(0.0);
        for (int j = 0; j < DIM; j++) {
            e += row[j] * x[j];
        }
        RV t = exp(-fabs(e));
        RV sig = select(t, (RV)(1.0), (IV)(e >= (RV)(0.0))) / ((REAL)(1.0) + t);
        REAL y = yv[n];
        lp += y * e - fmax(e, (RV)(0.0)) - log1p(t);
        RV r = y - sig;
        for (int j = 0; j < DIM; j++) {
            g[j] += r * row[j];
        }
    }
    return lp;
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
