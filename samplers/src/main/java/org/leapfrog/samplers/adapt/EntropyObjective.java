package org.leapfrog.samplers.adapt;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.lu.LUDecompositionAlt_DDRM;
import org.ejml.dense.row.linsol.lu.LinearSolverLu_DDRM;
import org.leapfrog.samplers.target.Target;

/**
 * The speed-measure objective of entropy-based adaptation and its gradient, for a batch of chains (chain-minor
 * arrays, coordinate d of chain c at {@code d * n + c}):
 *
 * <pre>
 *   F = mean_c min(0, -Delta_c) + beta * H,
 *   H = d log h + sum_i log C_ii + [L > 1] mean_{c < m} log|det(I + ((L^2 - 1) / 6) h^2 C' Hess_c C)|
 * </pre>
 *
 * where Delta_c is the energy error of the L-step leapfrog proposal from z_c with momentum C^-T v_c, step size h
 * and inverse mass matrix C C' (L = 1: MALA), and Hess_c is the Hessian of the log density at the trajectory's
 * middle point q_floor(L/2) of chain c (Hirt et al.'s local-Gaussian approximation of the HMC proposal's
 * entropy; for MALA the entropy is exactly log|det(h C)| + const). The Hessian is held fixed in the gradient
 * (its point is not differentiated), and is evaluated for the first {@code m = hessianChains} chains only: d
 * Hessian-vector products and a d x d factorisation per chain. G is {@link EntropyGuard}'s rule, the same as
 * {@code vae.mcmc}'s: beyond the singularity where an eigenvalue of K crosses 0, |det K| would grow with h again.
 *
 * <p>The gradient of the acceptance term is derived by hand: reverse-mode through the leapfrog steps, one
 * Hessian-vector product of the target per step, for chains whose proposal has Delta > 0 (elsewhere the
 * min(0, .) is flat).
 */
public final class EntropyObjective {
    private final Target target;
    private final int dim;
    private final int n;
    private final int steps;
    private final int hessianChains;
    // Trajectory: positions and gradients at q_0..q_L, half-step momenta p_(l+1/2), log densities.
    private final double[][] xs;
    private final double[][] gs;
    private final double[][] ph;
    private final double[][] lps;
    private final double[] p;
    private final double[] tmp;
    private final double[] tmp2;
    private final double[] xbar;
    private final double[] pbar;
    private final double[] gbar;
    private final double[] hv;
    private final double[] delta;
    private final double[] weight;
    private final double[] dc;
    private final double[] hc;
    private final double[] colBuf;
    private final double[] chol;
    private final DMatrixRMaj kmat;
    private final DMatrixRMaj ginv;
    private final DMatrixRMaj hcm;
    private final DMatrixRMaj prod;
    private final LUDecompositionAlt_DDRM luDecomposition = new LUDecompositionAlt_DDRM();
    private final LinearSolverLu_DDRM lu = new LinearSolverLu_DDRM(luDecomposition);
    private boolean lower;

    /**
     * @param target        the target (log density, gradient, Hessian-vector products)
     * @param chains        n
     * @param steps         leapfrog steps L (1: MALA)
     * @param hessianChains chains used for the Hessian correction (L > 1), 1..n
     */
    public EntropyObjective(Target target, int chains, int steps, int hessianChains) {
        if (chains < 1) {
            throw new IllegalArgumentException("chains: " + chains + "; allowed: 1 or more");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps: " + steps + "; allowed: 1 or more");
        }
        if (hessianChains < 1 || hessianChains > chains) {
            throw new IllegalArgumentException("hessianChains: " + hessianChains + "; allowed: 1.." + chains);
        }
        this.target = target;
        this.dim = target.dimension();
        this.n = chains;
        this.steps = steps;
        this.hessianChains = hessianChains;
        int dn = dim * n;
        xs = new double[steps + 1][dn];
        gs = new double[steps + 1][dn];
        ph = new double[steps][dn];
        lps = new double[steps + 1][n];
        p = new double[dn];
        tmp = new double[dn];
        tmp2 = new double[dn];
        xbar = new double[dn];
        pbar = new double[dn];
        gbar = new double[dn];
        hv = new double[dn];
        delta = new double[n];
        weight = new double[n];
        dc = new double[dim * dim];
        hc = new double[dim * dim * hessianChains];
        colBuf = new double[dn];
        chol = new double[dim * dim];
        kmat = new DMatrixRMaj(dim, dim);
        ginv = new DMatrixRMaj(dim, dim);
        hcm = new DMatrixRMaj(dim, dim);
        prod = new DMatrixRMaj(dim, dim);
    }

    /** Energy errors of the last {@link #evaluate} (non-finite: a failed proposal). */
    public double[] energyError() {
        return delta;
    }

    /** The last proposal's positions (chain-minor). */
    public double[] proposal() {
        return xs[steps];
    }

    public double[] proposalGradient() {
        return gs[steps];
    }

    public double[] proposalLogDensity() {
        return lps[steps];
    }

    /**
     * Evaluates F at the preconditioner's current parameters.
     *
     * @param z    current positions, with log density {@code lpz} and gradient {@code gz} there
     * @param v    standard normals, chain-minor
     * @param grad when not null, receives dF / d(packed parameters)
     * @return F
     */
    public double evaluate(Preconditioner pre, double beta, double[] z, double[] lpz, double[] gz, double[] v,
                           double[] grad) {
        if (pre.dimension() != dim) {
            throw new IllegalArgumentException("preconditioner dimension: " + pre.dimension() + "; allowed: " + dim);
        }
        int d = dim;
        lower = pre.kind() == Preconditioner.Kind.LOWER_TRIANGULAR;
        double[] c = pre.matrix();
        double h = pre.stepSize();
        System.arraycopy(z, 0, xs[0], 0, d * n);
        System.arraycopy(gz, 0, gs[0], 0, d * n);
        System.arraycopy(lpz, 0, lps[0], 0, n);
        System.arraycopy(v, 0, p, 0, d * n);
        for (int l = 0; l < steps; l++) {
            mulCt(c, gs[l], tmp);
            double[] q = ph[l];
            for (int i = 0; i < d * n; i++) {
                q[i] = p[i] + 0.5 * h * tmp[i];
            }
            mulC(c, q, tmp);
            double[] x0 = xs[l], x1 = xs[l + 1];
            for (int i = 0; i < d * n; i++) {
                x1[i] = x0[i] + h * tmp[i];
            }
            target.logDensityAndGradient(x1, gs[l + 1], lps[l + 1], n, 0, n);
            mulCt(c, gs[l + 1], tmp);
            for (int i = 0; i < d * n; i++) {
                p[i] = q[i] + 0.5 * h * tmp[i];
            }
        }
        double accTerm = 0;
        int active = 0;
        for (int ch = 0; ch < n; ch++) {
            double k1 = 0, k0 = 0;
            for (int i = 0; i < d; i++) {
                k1 += p[i * n + ch] * p[i * n + ch];
                k0 += v[i * n + ch] * v[i * n + ch];
            }
            delta[ch] = -lps[steps][ch] + 0.5 * k1 + lpz[ch] - 0.5 * k0;
            double t = Double.isFinite(delta[ch]) ? Math.min(0.0, -delta[ch]) : 0.0;
            accTerm += t;
            // dF/dDelta = -1/n where the min is active (and finite); the term is flat elsewhere.
            weight[ch] = Double.isFinite(delta[ch]) && delta[ch] > 0 ? -1.0 / n : 0.0;
            if (weight[ch] != 0) {
                active++;
            }
        }
        double value = accTerm / n;
        double entropy = d * Math.log(h);
        for (int i = 0; i < d; i++) {
            entropy += Math.log(c[i * d + i]);
        }
        double dh = 0;
        if (grad != null) {
            Arrays.fill(dc, 0.0);
            if (active > 0) {
                dh += backward(c, h);
            }
            dh += beta * d / h;
            for (int i = 0; i < d; i++) {
                dc[i * d + i] += beta / c[i * d + i];
            }
        }
        if (steps > 1) {
            entropy += hessianCorrection(c, h, beta, grad != null);
            dh += correctionDh;
        }
        value += beta * entropy;
        if (grad != null) {
            pre.packGradient(dh, dc, grad);
        }
        return value;
    }

    /** Reverse pass of weighted Delta through the trajectory; adds dF/dC into dc and returns dF/dh. */
    private double backward(double[] c, double h) {
        int d = dim;
        int dn = d * n;
        double dh = 0;
        double[] pL = p;
        double[] gL = gs[steps];
        for (int i = 0; i < dn; i++) {
            int ch = i % n;
            pbar[i] = weight[ch] * pL[i];
            xbar[i] = -weight[ch] * gL[i];
            gbar[i] = 0.0;
        }
        for (int l = steps - 1; l >= 0; l--) {
            double[] g1 = gs[l + 1];
            // End kick p_(l+1) = ph_l + (h/2) C' g_(l+1).
            mulC(c, pbar, tmp);
            for (int i = 0; i < dn; i++) {
                gbar[i] += 0.5 * h * tmp[i];
            }
            outer(g1, pbar, 0.5 * h);
            mulCt(c, g1, tmp);
            dh += 0.5 * dot(pbar, tmp);
            // g_(l+1) = grad log pi(x_(l+1)).
            target.hessianVectorProduct(xs[l + 1], gbar, hv, n, 0, n);
            for (int i = 0; i < dn; i++) {
                xbar[i] += hv[i];
            }
            // Drift x_(l+1) = x_l + h C ph_l.
            mulCt(c, xbar, tmp);
            for (int i = 0; i < dn; i++) {
                pbar[i] += h * tmp[i];
            }
            outer(xbar, ph[l], h);
            mulC(c, ph[l], tmp);
            dh += dot(xbar, tmp);
            // Start kick ph_l = p_l + (h/2) C' g_l.
            double[] g0 = gs[l];
            mulC(c, pbar, tmp);
            for (int i = 0; i < dn; i++) {
                gbar[i] = 0.5 * h * tmp[i];
            }
            outer(g0, pbar, 0.5 * h);
            mulCt(c, g0, tmp);
            dh += 0.5 * dot(pbar, tmp);
        }
        return dh;
    }

    /** d/dh of beta times the Hessian correction, set by {@link #hessianCorrection}. */
    private double correctionDh;

    /**
     * Mean over the Hessian chains of log det K, K = I + k C' Hess C with k = (L^2 - 1) h^2 / 6, guarded: a chain
     * whose K is not positive definite adds {@link EntropyGuard#LOG_DET_FLOOR} and no gradient. When asked, adds
     * beta * mean 2 k Hess C K^-1 (over the definite chains) to dc and sets correctionDh = beta * mean 2 (d - tr K^-1) / h.
     */
    private double hessianCorrection(double[] c, double h, double beta, boolean withGradient) {
        int d = dim;
        int m = hessianChains;
        double k = hessianCorrectionFactor(steps) * h * h;
        double[] mid = xs[steps / 2];
        for (int col = 0; col < d; col++) {
            for (int i = 0; i < d; i++) {
                double cv = c[i * d + col];
                for (int ch = 0; ch < m; ch++) {
                    colBuf[i * n + ch] = cv;
                }
            }
            target.hessianVectorProduct(mid, colBuf, hv, n, 0, m);
            for (int i = 0; i < d; i++) {
                for (int ch = 0; ch < m; ch++) {
                    hc[(ch * d + i) * d + col] = hv[i * n + ch];
                }
            }
        }
        DMatrixRMaj cm = DMatrixRMaj.wrap(d, d, c);
        double logDet = 0;
        correctionDh = 0;
        double w = beta / m;
        for (int ch = 0; ch < m; ch++) {
            System.arraycopy(hc, ch * d * d, hcm.data, 0, d * d);
            CommonOps_DDRM.multTransA(cm, hcm, kmat);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < i; j++) {
                    // Symmetric up to rounding: C' Hess C.
                    double s = 0.5 * k * (kmat.data[i * d + j] + kmat.data[j * d + i]);
                    kmat.data[i * d + j] = s;
                    kmat.data[j * d + i] = s;
                }
                kmat.data[i * d + i] = 1.0 + k * kmat.data[i * d + i];
            }
            if (!EntropyGuard.positiveDefinite(kmat.data, chol, d, 0, 1)) {
                logDet += EntropyGuard.LOG_DET_FLOOR;
                continue;
            }
            if (!lu.setA(kmat)) {
                return Double.NaN;
            }
            // log|det K| from U's pivots: no overflow in high dimension.
            DMatrixRMaj lum = luDecomposition.getLU();
            for (int i = 0; i < d; i++) {
                logDet += Math.log(Math.abs(lum.data[i * d + i]));
            }
            if (withGradient) {
                lu.invert(ginv);
                CommonOps_DDRM.mult(hcm, ginv, prod);
                double tr = 0;
                for (int i = 0; i < d; i++) {
                    tr += ginv.data[i * d + i];
                }
                correctionDh += w * 2.0 * (d - tr) / h;
                for (int i = 0; i < d * d; i++) {
                    dc[i] += w * 2.0 * k * prod.data[i];
                }
            }
        }
        return logDet / m;
    }

    /** out = C in (per chain). */
    private void mulC(double[] c, double[] in, double[] out) {
        int d = dim;
        for (int i = 0; i < d; i++) {
            int oi = i * n;
            double cii = c[i * d + i];
            for (int ch = 0; ch < n; ch++) {
                out[oi + ch] = cii * in[oi + ch];
            }
            if (lower) {
                for (int j = 0; j < i; j++) {
                    double a = c[i * d + j];
                    int oj = j * n;
                    for (int ch = 0; ch < n; ch++) {
                        out[oi + ch] += a * in[oj + ch];
                    }
                }
            }
        }
    }

    /** out = C' in (per chain). */
    private void mulCt(double[] c, double[] in, double[] out) {
        int d = dim;
        for (int j = 0; j < d; j++) {
            int oj = j * n;
            double cjj = c[j * d + j];
            for (int ch = 0; ch < n; ch++) {
                out[oj + ch] = cjj * in[oj + ch];
            }
            if (lower) {
                for (int i = j + 1; i < d; i++) {
                    double a = c[i * d + j];
                    int oi = i * n;
                    for (int ch = 0; ch < n; ch++) {
                        out[oj + ch] += a * in[oi + ch];
                    }
                }
            }
        }
    }

    /** dc[i][j] += s * sum_c a_i b_j over the lower triangle (diagonal only for a diagonal C). */
    private void outer(double[] a, double[] b, double s) {
        int d = dim;
        for (int i = 0; i < d; i++) {
            int oi = i * n;
            int jFrom = lower ? 0 : i;
            for (int j = jFrom; j <= i; j++) {
                int oj = j * n;
                double acc = 0;
                for (int ch = 0; ch < n; ch++) {
                    acc += a[oi + ch] * b[oj + ch];
                }
                dc[i * d + j] += s * acc;
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
    /**
     * (L^2 - 1) / 6: the factor of the local-Gaussian entropy correction, K = I + factor h^2 C' Hess C, for L
     * leapfrog steps (0 for MALA). Shared with the tensor form of this objective ({@code vae.mcmc}).
     */
    public static double hessianCorrectionFactor(int steps) {
        return (steps * (double) steps - 1.0) / 6.0;
    }
}
