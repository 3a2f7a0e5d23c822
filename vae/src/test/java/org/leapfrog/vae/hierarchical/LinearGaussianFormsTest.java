package org.leapfrog.vae.hierarchical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** The closed forms against brute force: the joint Gaussian of (z, x) built from the generative recursion. */
class LinearGaussianFormsTest {
    /** A small model with every parameter away from its default. */
    static LinearHierarchicalModel model(int n1, int n2, int dx, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        LinearHierarchicalModel t = LinearHierarchicalModel.truth(n1, n2, dx, 0.5, rng);
        double[] c = new double[n2], s = new double[n2], b = new double[dx], v = new double[dx];
        for (int i = 0; i < n2; i++) {
            c[i] = rng.nextGaussian();
            s[i] = 0.5 * rng.nextGaussian();
        }
        for (int i = 0; i < dx; i++) {
            b[i] = rng.nextGaussian();
            v[i] = Math.log(0.25) + 0.3 * rng.nextGaussian();
        }
        return new LinearHierarchicalModel(t.a(), c, s, t.wz(), t.wd(), b, v);
    }

    /**
     * (z1, z2, x) = L e + m with e ~ N(0, I_{n1+n2+dx}), written straight from the recursion z1 = e1,
     * z2 = A z1 + c + sd2 e2, x = Wz z2 + Wd (A z1 + c) + b + sdx e3; returns {L, m}.
     */
    static DMatrixRMaj[] jointMap(LinearHierarchicalModel m) {
        int n1 = m.n1(), n2 = m.n2(), dx = m.dataDim(), n = n1 + n2 + dx;
        DMatrixRMaj l = new DMatrixRMaj(n, n);
        DMatrixRMaj mean = new DMatrixRMaj(n, 1);
        for (int i = 0; i < n1; i++) {
            l.set(i, i, 1);
        }
        for (int i = 0; i < n2; i++) {
            for (int k = 0; k < n; k++) {
                double acc = 0;
                for (int j = 0; j < n1; j++) {
                    acc += m.a().get(i, j) * l.get(j, k);
                }
                l.set(n1 + i, k, acc);
            }
            l.add(n1 + i, n1 + i, Math.exp(0.5 * m.s()[i]));
            mean.set(n1 + i, 0, m.c()[i]);
        }
        for (int r = 0; r < dx; r++) {
            for (int k = 0; k < n; k++) {
                double acc = 0;
                for (int i = 0; i < n2; i++) {
                    // Wz z2 + Wd (z2 - sd2 e2): d2 is z2's conditional mean.
                    double d2 = l.get(n1 + i, k) - (k == n1 + i ? Math.exp(0.5 * m.s()[i]) : 0);
                    acc += m.wz().get(r, i) * l.get(n1 + i, k) + m.wd().get(r, i) * d2;
                }
                l.set(n1 + n2 + r, k, acc);
            }
            l.add(n1 + n2 + r, n1 + n2 + r, Math.exp(0.5 * m.v()[r]));
            double mu = m.b()[r];
            for (int i = 0; i < n2; i++) {
                mu += (m.wz().get(r, i) + m.wd().get(r, i)) * m.c()[i];
            }
            mean.set(n1 + n2 + r, 0, mu);
        }
        return new DMatrixRMaj[] {l, mean};
    }

    static DMatrixRMaj block(DMatrixRMaj a, int r0, int r1, int c0, int c1) {
        DMatrixRMaj out = new DMatrixRMaj(r1 - r0, c1 - c0);
        CommonOps_DDRM.extract(a, r0, r1, c0, c1, out, 0, 0);
        return out;
    }

    static void assertClose(DMatrixRMaj expected, DMatrixRMaj actual, double tol, String what) {
        assertEquals(expected.numRows, actual.numRows, what);
        assertEquals(expected.numCols, actual.numCols, what);
        double scale = CommonOps_DDRM.elementMaxAbs(expected);
        for (int i = 0; i < expected.data.length; i++) {
            assertEquals(expected.data[i], actual.data[i], tol * scale, what + " [" + i + "]");
        }
    }

    @Test
    void marginalAndPosteriorMatchTheJointGaussian() {
        LinearHierarchicalModel m = model(2, 3, 4, 7L);
        int d = m.latentDim(), dx = m.dataDim(), n = d + dx;
        DMatrixRMaj[] lm = jointMap(m);
        DMatrixRMaj joint = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(lm[0], lm[0], joint);
        DMatrixRMaj szz = block(joint, 0, d, 0, d), szx = block(joint, 0, d, d, n), sxx = block(joint, d, n, d, n);
        assertClose(szz, LinearGaussianForms.priorCovariance(m), 1e-12, "Sigma_z");
        assertClose(sxx, LinearGaussianForms.marginalCovariance(m), 1e-12, "Sigma_x");
        for (int i = 0; i < dx; i++) {
            assertEquals(lm[1].get(d + i, 0), LinearGaussianForms.marginalMean(m)[i], 1e-12, "mu_x");
        }
        // Conditioning the joint: Sigma_zz - Sigma_zx Sigma_xx^-1 Sigma_xz.
        DMatrixRMaj sxxInv = new DMatrixRMaj(dx, dx);
        assertTrue(CommonOps_DDRM.invert(sxx.copy(), sxxInv));
        DMatrixRMaj t = new DMatrixRMaj(d, dx);
        CommonOps_DDRM.mult(szx, sxxInv, t);
        DMatrixRMaj post = szz.copy();
        CommonOps_DDRM.multAddTransB(-1.0, t, szx, post);
        assertClose(post, LinearGaussianForms.posteriorCovariance(m), 1e-10, "Sigma_z|x (11)");
        DMatrixRMaj prod = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(LinearGaussianForms.posteriorPrecision(m), post, prod);
        assertClose(CommonOps_DDRM.identity(d), prod, 1e-10, "precision * covariance");
        DMatrixRMaj priorProd = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(LinearGaussianForms.priorPrecision(m), szz, priorProd);
        assertClose(CommonOps_DDRM.identity(d), priorProd, 1e-12, "prior precision * covariance");
    }

    @Test
    void logLikelihoodIsLogJointMinusLogPosteriorAtAnyZ() {
        // p(x) = p(x, z) / p(z | x) for every z: an identity that uses none of log p(x)'s own algebra.
        LinearHierarchicalModel m = model(2, 3, 4, 11L);
        int d = m.latentDim(), dx = m.dataDim();
        SplittableRandom rng = new SplittableRandom(3);
        double[] x = m.simulate(3, rng);
        double[] lp = LinearGaussianForms.logLikelihoods(m, x);
        DMatrixRMaj postCov = LinearGaussianForms.posteriorCovariance(m);
        for (int r = 0; r < 3; r++) {
            double[] xr = java.util.Arrays.copyOfRange(x, r * dx, (r + 1) * dx);
            double[] mean = LinearGaussianForms.posteriorMean(m, xr);
            for (int trial = 0; trial < 3; trial++) {
                double[] z = new double[d];
                for (int i = 0; i < d; i++) {
                    z[i] = rng.nextGaussian();
                }
                double expected = logJoint(m, xr, z) - logNormal(z, mean, postCov);
                assertEquals(expected, lp[r], 1e-9 * Math.abs(expected), "log p(x), row " + r);
            }
        }
        assertEquals(lp[0] + lp[1] + lp[2], LinearGaussianForms.logLikelihood(m, x), 1e-12);
    }

    @Test
    void simulatedDataHaveTheMarginalCovariance() {
        // 200,000 draws: each entry of the sample covariance is within 6 standard errors (se from the Gaussian
        // fourth moments, (S_ii S_jj + S_ij^2) / N); false-failure rate under 1e-7 for the 10 distinct entries.
        LinearHierarchicalModel m = model(1, 2, 4, 5L);
        int dx = m.dataDim(), n = 200_000;
        double[] x = m.simulate(n, new SplittableRandom(9));
        double[] mu = LinearGaussianForms.marginalMean(m);
        DMatrixRMaj sx = LinearGaussianForms.marginalCovariance(m);
        for (int i = 0; i < dx; i++) {
            for (int j = i; j < dx; j++) {
                double acc = 0;
                for (int r = 0; r < n; r++) {
                    acc += (x[r * dx + i] - mu[i]) * (x[r * dx + j] - mu[j]);
                }
                double se = Math.sqrt((sx.get(i, i) * sx.get(j, j) + sx.get(i, j) * sx.get(i, j)) / n);
                assertEquals(sx.get(i, j), acc / n, 6 * se, "Sigma_x[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void conditionNumbersAndErrors() {
        double[] p = {4, 0, 0, 1};
        assertEquals(4.0, Conditioning.conditionNumber(p, 2), 1e-12);
        double[] c = {0.5, 0, 0, 1};
        assertEquals(1.0, Conditioning.conditionNumber(Conditioning.transformed(p, c, 2), 2), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Conditioning.conditionNumber(p, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinearHierarchicalModel.truth(0, 2, 2, 0.5, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("layer sizes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LinearGaussianForms.logLikelihoods(model(1, 2, 3, 1L),
                new double[4]));
    }

    /** log p(x, z) written directly from the factorisation. */
    static double logJoint(LinearHierarchicalModel m, double[] x, double[] z) {
        int n1 = m.n1(), n2 = m.n2();
        double lp = 0;
        for (int i = 0; i < n1; i++) {
            lp += -0.5 * z[i] * z[i] - 0.5 * Math.log(2 * Math.PI);
        }
        double[] d2 = new double[n2];
        for (int i = 0; i < n2; i++) {
            d2[i] = m.c()[i];
            for (int j = 0; j < n1; j++) {
                d2[i] += m.a().get(i, j) * z[j];
            }
            double r = z[n1 + i] - d2[i];
            lp += -0.5 * r * r / Math.exp(m.s()[i]) - 0.5 * m.s()[i] - 0.5 * Math.log(2 * Math.PI);
        }
        for (int k = 0; k < m.dataDim(); k++) {
            double mean = m.b()[k];
            for (int i = 0; i < n2; i++) {
                mean += m.wz().get(k, i) * z[n1 + i] + m.wd().get(k, i) * d2[i];
            }
            double r = x[k] - mean;
            lp += -0.5 * r * r / Math.exp(m.v()[k]) - 0.5 * m.v()[k] - 0.5 * Math.log(2 * Math.PI);
        }
        return lp;
    }

    static double logNormal(double[] z, double[] mean, DMatrixRMaj cov) {
        int d = z.length;
        DMatrixRMaj inv = new DMatrixRMaj(d, d);
        assertTrue(CommonOps_DDRM.invert(cov.copy(), inv));
        double q = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                q += (z[i] - mean[i]) * inv.get(i, j) * (z[j] - mean[j]);
            }
        }
        return -0.5 * (d * Math.log(2 * Math.PI) + Math.log(CommonOps_DDRM.det(cov)) + q);
    }
}
