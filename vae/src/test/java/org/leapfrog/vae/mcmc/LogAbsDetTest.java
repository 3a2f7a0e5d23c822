package org.leapfrog.vae.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.Tensor;

/** The batched log|det| op: values against cofactor expansion, gradient A^-T against finite differences, OpenCL = Java. */
class LogAbsDetTest {
    /** m matrices d x d in the op's layout (row i: matrix i column-major), random with some needing pivoting. */
    private static double[] batch(int m, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[m * d * d];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    double v = r.nextDouble(-1, 1) + (j == k && i % 2 == 0 ? 2.0 : 0.0);
                    a[(j * d + k) * m + i] = i % 3 == 1 && j == k ? 0.0 : v; // zero diagonal: pivoting needed
                }
            }
        }
        return a;
    }

    private static double det(double[][] a) {
        int n = a.length;
        if (n == 1) {
            return a[0][0];
        }
        double s = 0;
        for (int c = 0; c < n; c++) {
            double[][] minor = new double[n - 1][n - 1];
            for (int i = 1; i < n; i++) {
                for (int j = 0, k = 0; j < n; j++) {
                    if (j != c) {
                        minor[i - 1][k++] = a[i][j];
                    }
                }
            }
            s += (c % 2 == 0 ? 1 : -1) * a[0][c] * det(minor);
        }
        return s;
    }

    @Test
    void valuesMatchCofactorExpansion() {
        Engine e = Engine.java();
        int m = 7, d = 4;
        double[] a = batch(m, d, 3);
        double[] out = LogAbsDet.apply(e.wrap(m, d * d, a), d).toArray();
        for (int i = 0; i < m; i++) {
            double[][] mat = new double[d][d];
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    mat[r][c] = a[(c * d + r) * m + i];
                }
            }
            double expected = Math.log(Math.abs(det(mat)));
            assertEquals(expected, out[i], 1e-12 * Math.max(1, Math.abs(expected)), "matrix " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> LogAbsDet.apply(e.zeros(2, 5), 2));
    }

    @Test
    void gradientIsInverseTranspose() {
        Engine e = Engine.java();
        int m = 5, d = 3;
        double[] a = batch(m, d, 8);
        double[] w = new double[m];
        for (int i = 0; i < m; i++) {
            w[i] = 0.3 + i;
        }
        Tensor at = e.variable(m, d * d, a.clone());
        Tensor wt = e.wrap(m, 1, w);
        Tensor[] g = Graph.grad(LogAbsDet.apply(at, d).mul(wt).sum(), List.of(at), false);
        double[] grad = g[0].toArray();
        double eps = 1e-6;
        for (int k = 0; k < a.length; k++) {
            double[] plus = a.clone(), minus = a.clone();
            plus[k] += eps;
            minus[k] -= eps;
            double fp = LogAbsDet.apply(e.wrap(m, d * d, plus), d).mul(wt).sum().item();
            double fm = LogAbsDet.apply(e.wrap(m, d * d, minus), d).mul(wt).sum().item();
            assertEquals((fp - fm) / (2 * eps), grad[k], 1e-6 * Math.max(1, Math.abs(grad[k])), "entry " + k);
        }
    }

    /** The OpenCL kernel and the Java twin: same operations in the same order; log may differ by ulps on OpenCL. */
    @Test
    void openClMatchesJava() {
        Engine cl = McmcEngines.openCl();
        int m = 33, d = 6;
        double[] a = batch(m, d, 21);
        Engine j = Engine.java();
        Tensor aj = j.variable(m, d * d, a.clone());
        Tensor ac = cl.variable(m, d * d, a.clone());
        double[] vj = LogAbsDet.apply(aj, d).toArray();
        double[] vc = LogAbsDet.apply(ac, d).toArray();
        double[] gj = Graph.grad(LogAbsDet.apply(aj, d).sum(), List.of(aj), false)[0].toArray();
        double[] gc = Graph.grad(LogAbsDet.apply(ac, d).sum(), List.of(ac), false)[0].toArray();
        for (int i = 0; i < m; i++) {
            assertEquals(vj[i], vc[i], 1e-14 * Math.max(1, Math.abs(vj[i])), "log|det| " + i);
        }
        for (int k = 0; k < gj.length; k++) {
            assertEquals(gj[k], gc[k], 0.0, "A^-T entry " + k + " (no transcendental functions: bit for bit)");
        }
    }
    /** The definiteness mask of the symmetric part, and the guarded correction: floor and no gradient where not PD. */
    @Test
    void definitenessAndTheGuardedCorrection() {
        Engine e = Engine.java();
        // Four 2 x 2 matrices (row i column-major): I, diag(1, -1), [[2,1],[1,2]], [[1,2],[2,1]] (eigenvalues 3, -1).
        double[][] mats = {{1, 0, 0, 1}, {1, 0, 0, -1}, {2, 1, 1, 2}, {1, 2, 2, 1}};
        int m = mats.length, d = 2;
        double[] a = new double[m * 4];
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < 4; c++) {
                a[c * m + i] = mats[i][c];
            }
        }
        Tensor at = e.variable(m, 4, a.clone());
        assertArrayEquals(new double[] {1, 0, 1, 0}, LogAbsDet.checked(at, d).positiveDefinite().toArray(), 0.0);
        Tensor guarded = MarkovRefinement.guardedLogDet(at, d);
        double[] v = guarded.toArray();
        assertEquals(0.0, v[0], 1e-15);
        assertEquals(MarkovRefinement.LOG_DET_FLOOR, v[1], 0.0);
        assertEquals(Math.log(3.0), v[2], 1e-14);
        assertEquals(MarkovRefinement.LOG_DET_FLOOR, v[3], 0.0);
        double[] g = Graph.grad(guarded.sum(), List.of(at), false)[0].toArray();
        for (int c = 0; c < 4; c++) {
            assertEquals(0.0, g[c * m + 1], 0.0, "no gradient from a non-definite row");
            assertEquals(0.0, g[c * m + 3], 0.0, "no gradient from a non-definite row");
        }
        assertEquals(2.0 / 3.0, g[2], 1e-14); // d log det / d A_00 = (A^-T)_00 = 2/3
        Engine cl = McmcEngines.openCl();
        assertArrayEquals(LogAbsDet.checked(e.wrap(m, 4, a.clone()), d).positiveDefinite().toArray(),
                LogAbsDet.checked(cl.wrap(m, 4, a.clone()), d).positiveDefinite().toArray(), 0.0);
    }
}
