// Eight schools (Rubin 1981), non-centred:
//   mu ~ N(0, 5^2), tau ~ half-Cauchy(0, 5), eta_j ~ N(0, 1), y_j ~ N(mu + tau eta_j, sigma_j^2), j = 1..J.
// Parameters x = (mu, log tau, eta_1 .. eta_J): DIM = J + 2. Sampling log tau needs the Jacobian term + log tau.
// Data (eight_schools.json): the scalar J, the vectors y and sigma. Leapfrog defines J (8), OFF_y, y_LEN,
// OFF_sigma and sigma_LEN before this file and packs y and sigma into td.
#if DIM != J + 2
#error "eight_schools needs --dim J + 2 (mu, log tau, then one eta per school)"
#endif
#if y_LEN != J || sigma_LEN != J
#error "eight_schools needs y and sigma of length J"
#endif

RV lf_logp_grad(const RV *x, RV *g, __global const REAL *td) {
    const RV mu = x[0];
    const RV tau = exp(x[1]);
    const RV u = tau / (REAL)(5.0);
    // log N(mu | 0, 25) + log half-Cauchy(tau | 0, 5) + log tau (Jacobian), up to constants
    RV lp = -mu * mu / (REAL)(50.0) - log1p(u * u) + x[1];
    RV g_mu = -mu / (REAL)(25.0);
    RV g_lt = (REAL)(1.0) - (REAL)(2.0) * u * u / ((REAL)(1.0) + u * u);
    for (int j = 0; j < J; j++) {
        const REAL yj = td[OFF_y + j];
        const REAL s = td[OFF_sigma + j];
        const RV eta = x[2 + j];
        const RV r = (yj - mu - tau * eta) / (s * s);   // d/d(theta_j) of the likelihood term
        lp += (REAL)(-0.5) * (eta * eta + r * r * s * s);
        g_mu += r;
        g_lt += r * tau * eta;
        g[2 + j] = -eta + r * tau;
    }
    g[0] = g_mu;
    g[1] = g_lt;
    return lp;
}
