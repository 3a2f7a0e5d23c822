package org.leapfrog.vae.hierarchical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * The tensor model against the closed forms: log p(x, z), the ELBO's expectation (log p(x) minus the exact KL of
 * the encoder's Gaussian to the posterior), importance weights with mean p(x), and gradients against finite
 * differences.
 */
class LinearHvaeTest {
    static final int N1 = 2;
    static final int N2 = 3;
    static final int DX = 3;

    /** A model whose theta is {@link LinearGaussianFormsTest#model} and whose encoder is wide (sigma' = 1.5). */
    static LinearHvae widened(Engine engine) {
        LinearHvae h = new LinearHvae(engine, N1, N2, DX, 21L);
        h.setModel(LinearGaussianFormsTest.model(N1, N2, DX, 13L));
        List<Tensor> enc = h.encoderParameters();
        for (int k : new int[] {4, 7}) {   // B'1, B'2 smaller: the encoder's z1 -> z2 slope stays near A
            double[] d = enc.get(k).data();
            for (int i = 0; i < d.length; i++) {
                d[i] *= 0.3;
            }
        }
        for (int k : new int[] {6, 9}) {
            java.util.Arrays.fill(enc.get(k).data(), Math.log(1.5));
        }
        return h;
    }

    /**
     * The encoder's q(z | x) is Gaussian with a covariance free of x: z1 = mu'1 + sd1 eps1 and
     * z2 = M z1 + m(x) + sd2 sd2' eps2 with M = (I + diag(sd2) B'mu) A, B'mu the block of B'2 acting on d2^mu.
     */
    static DMatrixRMaj encoderCovariance(LinearHvae h) {
        LinearHierarchicalModel m = h.model();
        List<Tensor> enc = h.encoderParameters();
        double[] q2b = enc.get(7).toArray(), r1 = enc.get(6).toArray(), r2 = enc.get(9).toArray();
        DMatrixRMaj slope = new DMatrixRMaj(N2, N2);
        for (int j = 0; j < N2; j++) {
            for (int i = 0; i < N2; i++) {
                slope.set(j, i, (i == j ? 1 : 0) + Math.exp(0.5 * m.s()[j]) * q2b[j * 4 * N2 + i]);
            }
        }
        DMatrixRMaj mm = new DMatrixRMaj(N2, N1);
        CommonOps_DDRM.mult(slope, m.a(), mm);
        DMatrixRMaj cov = new DMatrixRMaj(N1 + N2, N1 + N2);
        for (int i = 0; i < N1; i++) {
            cov.set(i, i, Math.exp(2 * r1[i]));
        }
        for (int i = 0; i < N2; i++) {
            for (int j = 0; j < N1; j++) {
                double v = mm.get(i, j) * cov.get(j, j);
                cov.set(N1 + i, j, v);
                cov.set(j, N1 + i, v);
            }
            for (int k = 0; k < N2; k++) {
                double acc = 0;
                for (int j = 0; j < N1; j++) {
                    acc += mm.get(i, j) * cov.get(j, j) * mm.get(k, j);
                }
                cov.set(N1 + i, N1 + k, acc);
            }
            cov.add(N1 + i, N1 + i, Math.exp(m.s()[i] + 2 * r2[i]));
        }
        return cov;
    }

    static double minEigenvalue(DMatrixRMaj sym) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(sym.numRows, false, true);
        assertTrue(eig.decompose(sym.copy()));
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < sym.numRows; i++) {
            min = Math.min(min, eig.getEigenvalue(i).real);
        }
        return min;
    }

    static double[] observation(LinearHvae h) {
        return h.model().simulate(1, new java.util.SplittableRandom(4));
    }

    @Test
    void logJointIsTheFactorisation() {
        Engine e = Engine.java();
        LinearHvae h = widened(e);
        double[] x = observation(h);
        double[] z = {0.3, -1.2, 0.7, 2.0, -0.4};
        double lp = h.logJoint(h.batch(x, new int[] {0}), e.wrap(1, 5, z)).item();
        assertEquals(LinearGaussianFormsTest.logJoint(h.model(), x, z), lp, 1e-12 * Math.abs(lp));
    }

    @Test
    void elboExpectationIsLogLikelihoodMinusExactKl() {
        // 20,000 draws at one x: the mean ELBO within 5 standard errors of log p(x) - KL(q || p(z | x)), the KL
        // of two Gaussians (q's mean is the draw at eps = 0). Also below log p(x) by more than 5 se, and equal
        // to the mean log weight log p(x, z) - log q(z | x) (same draws, 5 se). Fixed seeds; false-failure rate
        // under 2e-6 for the three checks together.
        Engine e = Engine.java();
        LinearHvae h = widened(e);
        LinearHierarchicalModel m = h.model();
        double[] x = observation(h);
        int n = 20_000, d = N1 + N2;
        double logPx = LinearGaussianForms.logLikelihood(m, x);
        DMatrixRMaj sp = LinearGaussianForms.posteriorCovariance(m);
        double[] mp = LinearGaussianForms.posteriorMean(m, x);
        DMatrixRMaj sq = encoderCovariance(h);
        Tensor x1 = h.batch(x, new int[] {0});
        double[] mq = h.encode(x1, e.zeros(1, N1), e.zeros(1, N2)).z().toArray();
        DMatrixRMaj spInv = new DMatrixRMaj(d, d);
        assertTrue(CommonOps_DDRM.invert(sp.copy(), spInv));
        DMatrixRMaj t = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(spInv, sq, t);
        double quad = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                quad += (mp[i] - mq[i]) * spInv.get(i, j) * (mp[j] - mq[j]);
            }
        }
        double kl = 0.5 * (CommonOps_DDRM.trace(t) + quad - d + Math.log(CommonOps_DDRM.det(sp))
                - Math.log(CommonOps_DDRM.det(sq)));
        int[] rows = new int[n];
        Tensor xs = h.batch(x, rows);
        Tensor[] eps = h.noise(n, 5L, 0);
        double[] elbo = h.elbo(xs, eps[0], eps[1]).toArray();
        double[] lw = h.logWeight(xs, eps[0], eps[1]).toArray();
        double[] diff = new double[n];
        for (int i = 0; i < n; i++) {
            diff[i] = elbo[i] - lw[i];
        }
        double meanElbo = mean(elbo), seElbo = se(elbo);
        assertEquals(logPx - kl, meanElbo, 5 * seElbo, "E[ELBO] = log p(x) - KL");
        assertTrue(meanElbo + 5 * seElbo < logPx, "ELBO below log p(x): " + meanElbo + " vs " + logPx);
        assertEquals(0.0, mean(diff), 5 * se(diff), "analytic-KL ELBO vs log weight");
        assertTrue(kl > 0.1, "the test needs a visible gap; KL " + kl);
    }

    /**
     * Sets the encoder so that q(z | x0) has the posterior's mean and z1 -> z2 slope at one observation x0, with
     * diagonal variances 1.1 times the absolute row sums of the posterior's z1 marginal and z2 | z1 conditional
     * covariances (so they dominate those covariances): then p(z | x0) / q(z | x0) is bounded (each layer's ratio compares Gaussians with equal means
     * and a wider q), so the importance weights have every moment.
     */
    static void oracleEncoder(LinearHvae h, double[] x0) {
        LinearHierarchicalModel m = h.model();
        DMatrixRMaj sp = LinearGaussianForms.posteriorCovariance(m);
        double[] mp = LinearGaussianForms.posteriorMean(m, x0);
        DMatrixRMaj p11 = LinearGaussianFormsTest.block(sp, 0, N1, 0, N1);
        DMatrixRMaj p21 = LinearGaussianFormsTest.block(sp, N1, N1 + N2, 0, N1);
        DMatrixRMaj p22 = LinearGaussianFormsTest.block(sp, N1, N1 + N2, N1, N1 + N2);
        DMatrixRMaj p11Inv = new DMatrixRMaj(N1, N1);
        assertTrue(CommonOps_DDRM.invert(p11.copy(), p11Inv));
        DMatrixRMaj g = new DMatrixRMaj(N2, N1);   // posterior slope of z2 on z1
        CommonOps_DDRM.mult(p21, p11Inv, g);
        DMatrixRMaj cond = p22.copy();
        CommonOps_DDRM.multAddTransB(-1.0, g, p21, cond);
        // N A = G with N = G (A'A)^-1 A'.
        DMatrixRMaj ata = new DMatrixRMaj(N1, N1), ataInv = new DMatrixRMaj(N1, N1);
        CommonOps_DDRM.multTransA(m.a(), m.a(), ata);
        assertTrue(CommonOps_DDRM.invert(ata, ataInv));
        DMatrixRMaj gInv = new DMatrixRMaj(N2, N1), nn = new DMatrixRMaj(N2, N2);
        CommonOps_DDRM.mult(g, ataInv, gInv);
        CommonOps_DDRM.multTransB(gInv, m.a(), nn);
        List<Tensor> enc = h.encoderParameters();
        double[] q1b = new double[2 * N1 * N1], q2b = new double[4 * N2 * N2];
        double[] c1 = java.util.Arrays.copyOfRange(mp, 0, N1), c2 = new double[N2];
        double[] r1 = new double[N1], r2 = new double[N2];
        for (int i = 0; i < N1; i++) {
            r1[i] = 0.5 * Math.log(1.1 * absRowSum(p11, i));
        }
        for (int j = 0; j < N2; j++) {
            double sd2 = Math.exp(0.5 * m.s()[j]);
            double mean2 = 0;
            for (int i = 0; i < N2; i++) {
                q2b[j * 4 * N2 + i] = (nn.get(j, i) - (i == j ? 1 : 0)) / sd2;
                double d2i = m.c()[i];
                for (int k = 0; k < N1; k++) {
                    d2i += m.a().get(i, k) * mp[k];
                }
                mean2 += nn.get(j, i) * d2i;
            }
            c2[j] = (mp[N1 + j] - mean2) / sd2;
            r2[j] = 0.5 * (Math.log(1.1 * absRowSum(cond, j)) - m.s()[j]);
        }
        enc.get(4).assign(q1b);
        enc.get(5).assign(c1);
        enc.get(6).assign(r1);
        enc.get(7).assign(q2b);
        enc.get(8).assign(c2);
        enc.get(9).assign(r2);
    }

    /** sum_j |S_ij|: diag of these minus S is diagonally dominant, so the diagonal matrix dominates S. */
    static double absRowSum(DMatrixRMaj sym, int i) {
        double acc = 0;
        for (int j = 0; j < sym.numCols; j++) {
            acc += Math.abs(sym.get(i, j));
        }
        return acc;
    }

    @Test
    void importanceWeightsAreUnbiasedForTheExactLikelihood() {
        // w = p(x, z) / q(z | x) has E_q[w] = p(x). With the oracle encoder (bounded weights; its mean is checked
        // against the posterior mean) 40,000 draws give mean w / p(x) within 5 standard errors of 1 (false-failure
        // rate under 6e-7), with a standard error under 0.01 so the check has teeth. The estimator's
        // log p_hat(x) with 2,000 samples is then within 0.05 nats of log p(x).
        Engine e = Engine.java();
        LinearHvae h = widened(e);
        LinearHierarchicalModel m = h.model();
        double[] x = m.simulate(1, new java.util.SplittableRandom(8));
        oracleEncoder(h, x);
        double[] mp = LinearGaussianForms.posteriorMean(m, x);
        double[] mq = h.encode(h.batch(x, new int[] {0}), e.zeros(1, N1), e.zeros(1, N2)).z().toArray();
        for (int i = 0; i < mp.length; i++) {
            assertEquals(mp[i], mq[i], 1e-10, "oracle mean " + i);
        }
        double logPx = LinearGaussianForms.logLikelihood(m, x);
        int n = 40_000;
        Tensor[] eps = h.noise(n, 31L, 0);
        double[] lw = h.logWeight(h.batch(x, new int[n]), eps[0], eps[1]).toArray();
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = Math.exp(lw[i] - logPx);
        }
        assertTrue(se(w) < 0.01, "se " + se(w));
        assertEquals(1.0, mean(w), 5 * se(w), "E[w] / p(x)");
        assertEquals(logPx, h.importanceLogLikelihoods(x, 2000, 3L)[0], 0.05, "IS log p(x)");
        // Its reported standard error describes the spread: within 5 se, and the se is that of the 40,000 draws
        // scaled to 2,000 (sqrt(20) times larger) to 20%.
        LinearHvae.ImportanceEstimate est = h.importanceEstimate(x, 2000, 3L);
        assertEquals(logPx, est.logPx()[0], 5 * est.se()[0]);
        assertEquals(se(w) * Math.sqrt(20), est.se()[0], 0.2 * se(w) * Math.sqrt(20));
    }

    @Test
    void elboAndLogJointGradientsMatchFiniteDifferences() {
        Engine e = Engine.java();
        LinearHvae h = widened(e);
        double[] data = h.model().simulate(5, new java.util.SplittableRandom(6));
        Tensor x = h.batch(data, new int[] {0, 1, 2, 3, 4});
        Tensor eps1 = e.wrap(5, N1, e.normal(5, N1, 2L, 900, 0).toArray());
        Tensor eps2 = e.wrap(5, N2, e.normal(5, N2, 2L, 901, 0).toArray());
        List<Tensor> params = h.parameters();
        Tensor[] g = Graph.grad(h.elbo(x, eps1, eps2).sum(), params, false);
        double step = 1e-5;
        for (int k = 0; k < params.size(); k++) {
            double[] p = params.get(k).data();
            double[] gk = g[k].toArray();
            for (int i = 0; i < p.length; i++) {
                double keep = p[i];
                p[i] = keep + step;
                params.get(k).assign(p.clone());
                double up = h.elbo(x, eps1, eps2).sum().item();
                p[i] = keep - step;
                params.get(k).assign(p.clone());
                double down = h.elbo(x, eps1, eps2).sum().item();
                p[i] = keep;
                params.get(k).assign(p.clone());
                double fd = (up - down) / (2 * step);
                assertEquals(fd, gk[i], 1e-6 * Math.max(1, Math.abs(fd)), params.get(k).name() + "[" + i + "]");
            }
        }
        // The MCMC target's gradient in z.
        double[] zs = e.normal(5, N1 + N2, 3L, 902, 0).toArray();
        Tensor z = e.variable(5, N1 + N2, zs.clone());
        double[] gz = Graph.grad(h.logJoint(x, z).sum(), z, false).toArray();
        for (int i = 0; i < zs.length; i++) {
            double[] zp = zs.clone(), zm = zs.clone();
            zp[i] += step;
            zm[i] -= step;
            double fd = (h.logJoint(x, e.wrap(5, N1 + N2, zp)).sum().item()
                    - h.logJoint(x, e.wrap(5, N1 + N2, zm)).sum().item()) / (2 * step);
            assertEquals(fd, gz[i], 1e-6 * Math.max(1, Math.abs(fd)), "d log p(x, z) / dz[" + i + "]");
        }
    }

    static double mean(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }

    static double se(double[] a) {
        double m = mean(a), s = 0;
        for (double v : a) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / (a.length - 1) / a.length);
    }
}
