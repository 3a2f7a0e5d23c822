// Bayesian logistic regression from a CSV file: every column but y is a feature, y (0 or 1) is the last column.
//   y_n ~ Bernoulli(sigmoid(w . z_n + b)),  w_j ~ N(0, PRIOR_SD^2),  b ~ N(0, PRIOR_SD^2).
// Parameters x = (w_1 .. w_P, b): DIM = X_COLS (P = X_COLS - 1 features, plus the intercept).
// Data: the CSV's matrix X (X_ROWS x X_COLS, row-major at td + OFF_X); X_COL_y is the y column's index.
// german_credit.csv holds German credit with each feature standardised as the built-in `german` target does.
#if DIM != X_COLS
#error "logistic_regression needs --dim equal to the CSV's column count (features + intercept)"
#endif
#if X_COL_y != X_COLS - 1
#error "logistic_regression needs y as the CSV's last column"
#endif
#define PRIOR_SD 1.0

RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td) {
    const int nf = X_COLS - 1;
    const REAL a = (REAL)(1.0) / (PRIOR_SD * PRIOR_SD);
    RV lp = (RV)(0.0);
    for (int j = 0; j < DIM; j++) {
        lp -= (REAL)(0.5) * a * x[j] * x[j];
        g[j] = -a * x[j];
    }
    __global const REAL *row = td + OFF_X;
    for (int n = 0; n < X_ROWS; n++, row += X_COLS) {
        RV e = x[nf];
        for (int j = 0; j < nf; j++) {
            e += row[j] * x[j];
        }
        const REAL yn = row[X_COL_y];
        const RV t = exp(-fabs(e));
        // log-likelihood y e - softplus(e) and its derivative y - sigmoid(e), in forms that never overflow
        lp += yn * e - fmax(e, (RV)(0.0)) - log1p(t);
        const RV sig = select(t, (RV)(1.0), (IV)(e >= (RV)(0.0))) / ((REAL)(1.0) + t);
        const RV r = yn - sig;
        for (int j = 0; j < nf; j++) {
            g[j] += r * row[j];
        }
        g[nf] += r;
    }
    return lp;
}
