package org.leapfrog.samplers.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

/**
 * Known moments against the targets' own densities: for Gaussians, the Hessian from the HVP times the stated
 * covariance is -I; for the funnel, the mixture and the Rough Well, moments computed by quadrature of
 * exp(logDensity) match the stated ones.
 */
class KnownMomentsTest {

    /** The Hessian as columns H e_j, from one batched HVP call (chain j gets direction e_j). */
    static double[] hessian(Target t, double[] at) {
        int d = t.dimension();
        double[] x = new double[d * d], v = new double[d * d], h = new double[d * d];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < d; i++) {
                x[i * d + j] = at[i];
            }
            v[j * d + j] = 1;
        }
        t.hessianVectorProduct(x, v, h, d, 0, d);
        return h; // h[i * d + j] = (H e_j)_i = H_ij
    }

    static void assertHessianInvertsCovariance(Target t, double tol) {
        int d = t.dimension();
        KnownMoments m = t.moments().orElseThrow();
        double[] h = hessian(t, m.mean());
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += h[i * d + k] * m.covariance()[k * d + j];
                }
                assertEquals(i == j ? -1 : 0, s, tol, t.name() + ": (H S)[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void gaussianCovariancesAreMinusInverseHessians() {
        for (Target t : List.of(new StandardNormal(3), DiagonalGaussian.icg50(), DenseGaussian.scg(),
                DenseGaussian.scgPaper(), new DenseGaussian("dense5", new double[5], TargetFixtures.randomCovariance(5, 3)),
                new DiagonalGaussian("shifted", new double[] {1, 2}, new double[] {3, 4}))) {
            assertHessianInvertsCovariance(t, 1e-10);
        }
    }

    @Test
    void icgVariancesAreLogSpacedFromOneHundredthToOneHundred() {
        KnownMoments m = DiagonalGaussian.icg50().moments().orElseThrow();
        assertEquals(50, m.dimension());
        assertEquals(1e-2, m.variance(0), 1e-17);
        assertEquals(1e2, m.variance(49), 1e-12);
        for (int i = 1; i < 50; i++) {
            assertEquals(Math.pow(10, 4.0 / 49), m.variance(i) / m.variance(i - 1), 1e-12);
        }
    }

    @Test
    void scgHasVariances100AndOneTenthAlongTheDiagonals() {
        KnownMoments m = DenseGaussian.scg().moments().orElseThrow();
        assertEquals(50.05, m.covariance()[0], 1e-12);
        assertEquals(-49.95, m.covariance()[1], 1e-12);
        assertEquals(-49.95, m.covariance()[2], 1e-12);
        assertEquals(50.05, m.covariance()[3], 1e-12);
        assertEigenvalues(m, 0.1, 100);
        assertEigenvalues(DenseGaussian.scgPaper().moments().orElseThrow(), 0.01, 100);
        // log Z = (2 log 2 pi + log det) / 2 with det = 100 * 0.1
        assertEquals(Math.log(2 * Math.PI) + 0.5 * Math.log(10), DenseGaussian.scg().logNormalizer(), 1e-12);
    }

    private static void assertEigenvalues(KnownMoments m, double small, double large) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(2, false, true);
        assertTrue(eig.decompose(new DMatrixRMaj(2, 2, true, m.covariance())));
        double a = eig.getEigenvalue(0).real, b = eig.getEigenvalue(1).real;
        assertEquals(small, Math.min(a, b), 1e-12);
        assertEquals(large, Math.max(a, b), 1e-10);
    }

    /** Trapezoid moments of exp(logDensity) on a grid, evaluated in batches (one call per grid row). */
    private static final class Moments2d {
        double z, m0, m1, s00, s01, s11;

        void add(double w, double a, double b) {
            z += w;
            m0 += w * a;
            m1 += w * b;
            s00 += w * a * a;
            s01 += w * a * b;
            s11 += w * b * b;
        }

        double mean0() {
            return m0 / z;
        }

        double mean1() {
            return m1 / z;
        }

        double cov(int i, int j) {
            double e = i == 0 && j == 0 ? s00 : i == 1 && j == 1 ? s11 : s01;
            double mi = i == 0 ? mean0() : mean1(), mj = j == 0 ? mean0() : mean1();
            return e / z - mi * mj;
        }
    }

    /** Funnel (y, x) with d = 2: the x grid is scaled by e^(-y/2) so every row resolves its conditional. */
    @Test
    void funnelMomentsMatchQuadratureOfItsDensity() {
        for (double s : new double[] {1, 3}) {
            NealsFunnel f = new NealsFunnel("funnel", 2, s);
            int nu = 2401;
            double du = 24.0 / (nu - 1), dy = s / 40;
            double[] x = new double[2 * nu], g = new double[2 * nu], lp = new double[nu];
            Moments2d m = new Moments2d();
            for (double y = -12 * s; y <= 12 * s + 1e-12; y += dy) {
                double sx = Math.exp(-0.5 * y);
                for (int k = 0; k < nu; k++) {
                    x[k] = y;
                    x[nu + k] = (-12 + k * du) * sx;
                }
                f.logDensityAndGradient(x, g, lp, nu, 0, nu);
                for (int k = 0; k < nu; k++) {
                    m.add(Math.exp(lp[k]) * sx, y, x[nu + k]);
                }
            }
            KnownMoments km = f.moments().orElseThrow();
            assertEquals(0, m.mean0(), 1e-9);
            assertEquals(0, m.mean1(), 1e-9);
            assertEquals(km.variance(0), m.cov(0, 0), 1e-8 * km.variance(0), "var y, s = " + s);
            assertEquals(km.variance(1), m.cov(1, 1), 1e-8 * km.variance(1), "var x, s = " + s);
            assertEquals(0, m.cov(0, 1), 1e-9);
        }
        KnownMoments f3 = NealsFunnel.funnel3().moments().orElseThrow();
        assertEquals(9, f3.variance(0), 0);
        assertEquals(Math.exp(4.5), f3.variance(19), 1e-12);
        assertEquals(20, f3.dimension());
        assertEquals(100, NealsFunnel.funnel1().dimension());
    }

    @Test
    void mixtureMomentsMatchQuadratureOfItsDensity() {
        GaussianMixture mog = GaussianMixture.mog2();
        checkMixture(mog);
        checkMixture(new GaussianMixture("unequal", new double[][] {{-1, 1}, {2, 0.5}}, new double[] {1, 3}, 0.3));
        KnownMoments km = mog.moments().orElseThrow();
        assertEquals(4.1, km.covariance()[0], 1e-12);
        assertEquals(0.1, km.covariance()[3], 1e-12);
    }

    private static void checkMixture(GaussianMixture t) {
        int n = 1601;
        double lo = -8, h = 16.0 / (n - 1);
        double[] x = new double[2 * n], g = new double[2 * n], lp = new double[n];
        Moments2d m = new Moments2d();
        for (int r = 0; r < n; r++) {
            double b = lo + r * h;
            for (int k = 0; k < n; k++) {
                x[k] = lo + k * h;
                x[n + k] = b;
            }
            t.logDensityAndGradient(x, g, lp, n, 0, n);
            for (int k = 0; k < n; k++) {
                m.add(Math.exp(lp[k]), x[k], b);
            }
        }
        KnownMoments km = t.moments().orElseThrow();
        assertEquals(km.mean()[0], m.mean0(), 1e-9);
        assertEquals(km.mean()[1], m.mean1(), 1e-9);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(km.covariance()[i * 2 + j], m.cov(i, j), 1e-9, t.name() + " cov " + i + j);
            }
        }
    }

    /** The density factorises, so one coordinate's marginal is exp(logDensity(t, 0)) up to a constant. */
    @Test
    void roughWellIsUnitVarianceToDoublePrecision() {
        RoughWell w = RoughWell.standard();
        int n = 240_001;
        double h = 24.0 / (n - 1);
        double[] x = new double[2 * n], g = new double[2 * n], lp = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = -12 + k * h;
        }
        w.logDensityAndGradient(x, g, lp, n, 0, n);
        double z = 0, m1 = 0, m2 = 0;
        for (int k = 0; k < n; k++) {
            double p = Math.exp(lp[k]);
            z += p;
            m1 += p * x[k];
            m2 += p * x[k] * x[k];
        }
        KnownMoments km = w.moments().orElseThrow();
        assertEquals(0, km.mean()[0]);
        assertEquals(1, km.variance(0));
        assertEquals(0, m1 / z, 1e-12);
        assertEquals(1, m2 / z, 1e-10);
        assertFalse(new RoughWell(2, 0.5).moments().isPresent(), "eta = 0.5 is too rough for the unit-variance claim");
    }
}
