package org.leapfrog.samplers.integrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.leapfrog.samplers.GaussianTestTarget;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.Target;

class LeapfrogTest {
    private static final Target ICG5 = GaussianTestTarget.icg(5);

    /** Energy error after integrating to a fixed time T, for one chain. */
    private static double energyError(Metric metric, double eps, int steps) {
        int d = 5;
        double[] x = {0.3, -0.2, 1.0, 2.0, -5.0}, p = {1.0, 0.5, -0.7, 0.2, 0.9};
        double[] g = new double[d], v = new double[d], lp = new double[1], k = new double[1];
        ICG5.logDensityAndGradient(x, g, lp, 1, 0, 1);
        Leapfrog.kinetic(metric, p, v, k, 1, 1);
        double h0 = k[0] - lp[0];
        double[] e = new double[d];
        java.util.Arrays.fill(e, eps);
        Leapfrog.integrate(ICG5, metric, x, p, g, v, lp, e, new double[] {1.0}, steps, 1, 1);
        Leapfrog.kinetic(metric, p, v, k, 1, 1);
        return k[0] - lp[0] - h0;
    }

    @Test
    void energyErrorIsSecondOrderInTheStepSize() {
        Metric unit = Metric.unit(5);
        // Fixed integration time 1.2; the error at the trajectory's end scales as eps^2 once eps * omega is
        // small (the stiffest coordinate has omega = 10).
        double e1 = Math.abs(energyError(unit, 0.01, 120));
        double e2 = Math.abs(energyError(unit, 0.005, 240));
        double e3 = Math.abs(energyError(unit, 0.0025, 480));
        assertTrue(e1 > 1e-6, "energy error should be visible at eps = 0.04: " + e1);
        assertEquals(4.0, e1 / e2, 0.4, "halving eps should quarter the energy error");
        assertEquals(4.0, e2 / e3, 0.4, "halving eps should quarter the energy error");
    }

    @Test
    void reversibleWithNegatedMomentum() {
        for (Metric metric : new Metric[] {Metric.unit(5), Metric.diagonal(new double[] {0.01, 0.1, 1, 10, 100})}) {
            int d = 5;
            double[] x0 = {0.3, -0.2, 1.0, 2.0, -5.0}, p0 = {1.0, 0.5, -0.7, 0.2, 0.9};
            double[] x = x0.clone(), p = p0.clone();
            double[] g = new double[d], v = new double[d], lp = new double[1];
            double[] eps = {0.05, 0.06, 0.07, 0.08, 0.09};
            ICG5.logDensityAndGradient(x, g, lp, 1, 0, 1);
            Leapfrog.integrate(ICG5, metric, x, p, g, v, lp, eps, new double[] {1.0}, 25, 1, 1);
            for (int i = 0; i < d; i++) {
                p[i] = -p[i];
            }
            Leapfrog.integrate(ICG5, metric, x, p, g, v, lp, eps, new double[] {1.0}, 25, 1, 1);
            for (int i = 0; i < d; i++) {
                assertEquals(x0[i], x[i], 1e-12, "position " + i);
                assertEquals(-p0[i], p[i], 1e-12, "momentum " + i);
            }
        }
    }

    @Test
    void matchesAHandComputedStep() {
        Target normal = GaussianTestTarget.standard(1);
        double[] x = {0.5}, p = {1.0}, g = {-0.5}, v = new double[1], lp = {-0.125};
        Leapfrog.integrate(normal, Metric.unit(1), x, p, g, v, lp, new double[] {0.1}, new double[] {1.0}, 1, 1, 1);
        // p_half = 1 + 0.05 * (-0.5) = 0.975; x1 = 0.5 + 0.1 * 0.975 = 0.5975; p1 = 0.975 - 0.05 * 0.5975.
        assertEquals(0.5975, x[0], 1e-15);
        assertEquals(0.975 - 0.05 * 0.5975, p[0], 1e-15);
        assertEquals(-0.5 * 0.5975 * 0.5975, lp[0], 1e-15);
        assertEquals(-0.5975, g[0], 1e-15);
    }

    @Test
    void preservesVolume() {
        // The Jacobian of the map (x, p) -> (x', p') has determinant 1: check by central differences.
        Target t = GaussianTestTarget.icg(2);
        Metric metric = Metric.diagonal(new double[] {0.5, 2.0});
        double[] z0 = {0.4, -1.1, 0.3, 0.8};
        double h = 1e-6;
        double[][] jac = new double[4][4];
        for (int k = 0; k < 4; k++) {
            double[] plus = flow(t, metric, z0, k, h), minus = flow(t, metric, z0, k, -h);
            for (int i = 0; i < 4; i++) {
                jac[i][k] = (plus[i] - minus[i]) / (2 * h);
            }
        }
        org.ejml.data.DMatrixRMaj m = new org.ejml.data.DMatrixRMaj(jac);
        assertEquals(1.0, org.ejml.dense.row.CommonOps_DDRM.det(m), 1e-6);
    }

    private static double[] flow(Target t, Metric metric, double[] z0, int k, double h) {
        double[] z = z0.clone();
        z[k] += h;
        double[] x = {z[0], z[1]}, p = {z[2], z[3]}, g = new double[2], v = new double[2], lp = new double[1];
        t.logDensityAndGradient(x, g, lp, 1, 0, 1);
        Leapfrog.integrate(t, metric, x, p, g, v, lp, new double[] {0.1, 0.2}, new double[] {1.0}, 7, 1, 1);
        return new double[] {x[0], x[1], p[0], p[1]};
    }
}
