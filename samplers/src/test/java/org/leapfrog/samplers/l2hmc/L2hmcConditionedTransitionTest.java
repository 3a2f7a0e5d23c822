package org.leapfrog.samplers.l2hmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.TargetOps;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.samplers.target.DiagonalGaussian;

/**
 * The conditioned transition (a density written with tensor ops, networks reading a conditioning input, as the
 * L2HMC-DGLM uses it): the same proposal as the target-based graph when the condition has no weight, the exact
 * inverse, and the log-determinant against the autodiff Jacobian.
 */
class L2hmcConditionedTransitionTest {
    /** A non-Gaussian density per row with row-specific centres: -|x - m_row|^2 / 2 - 0.1 sum x^4. */
    private static L2hmcGraph.FunctionTarget quartic(Engine e, int n, int dim) {
        double[] m = new double[n * dim];
        for (int i = 0; i < m.length; i++) {
            m[i] = Math.sin(1.3 * i);
        }
        Tensor centres = e.wrap(n, dim, m);
        return new L2hmcGraph.FunctionTarget(e, x -> x.sub(centres).square().sumCols().mul(-0.5)
                .sub(x.square().square().sumCols().mul(0.1)));
    }

    private static Tensor condition(Engine e, int n, int width) {
        double[] c = new double[n * width];
        for (int i = 0; i < c.length; i++) {
            c[i] = Math.cos(0.7 * i);
        }
        return e.wrap(n, width, c);
    }

    /** With zero weight on the condition and the density as tensor ops, the proposal is the target-based one. */
    @Test
    void withoutConditionWeightsItIsTheTargetBasedTransition() {
        double[] var = {0.5, 1.0, 2.0, 0.3};
        DiagonalGaussian t = DiagonalGaussian.of(var);
        int n = 12, dim = var.length;
        L2hmcModel m = L2hmcFixtures.perturbed(t.name(), dim, 3, 9, 0.2, 1.0, 5);
        Engine e = Engine.java();
        L2hmcGraph.Parameters plain = L2hmcGraph.Parameters.of(e, m);
        L2hmcGraph.Parameters cond = L2hmcGraph.Parameters.conditioned(e, m, 3, 0.0, 1);
        double[] inv = new double[var.length];
        for (int d = 0; d < dim; d++) {
            inv[d] = 1.0 / var[d];
        }
        Tensor precision = e.wrap(1, dim, inv);
        L2hmcGraph.FunctionTarget f = new L2hmcGraph.FunctionTarget(e,
                x -> x.square().mul(precision).sumCols().mul(-0.5));
        double[] dirs = {1, -1, 1, 1, -1, -1, 1, -1, 1, -1, -1, 1};
        Tensor x = e.wrap(n, dim, e.normal(n, dim, 3, RandomStream.PURPOSE_INIT, 0).toArray());
        Tensor v = e.normal(n, dim, 4, RandomStream.PURPOSE_MOMENTUM, 0);
        try (Engine.GradRegion r = e.noGrad()) {
            L2hmcGraph.Proposal a = L2hmcGraph.proposeWithAcceptance(plain, m, t, 1.0, new L2hmcGraph.Plan(e, m, dirs),
                    x, v, TargetOps.logDensity(t, x));
            L2hmcGraph.Proposal b = L2hmcGraph.proposeConditionedWithAcceptance(cond, m, f, condition(e, n, 3), 1.0,
                    new L2hmcGraph.Plan(e, m, dirs), x, v, f.logDensity(x));
            close(a.position().toArray(), b.position().toArray(), "position");
            close(a.momentum().toArray(), b.momentum().toArray(), "momentum");
            close(a.logJacobian().toArray(), b.logJacobian().toArray(), "log |det J|");
            close(a.logAcceptance().toArray(), b.logAcceptance().toArray(), "log acceptance");
        }
    }

    /** backward(forward(xi)) = xi to 1e-12 with a conditioning input, and the log-determinants cancel. */
    @Test
    void backwardIsTheExactInverse() {
        int n = 10, dim = 4, width = 3;
        L2hmcModel m = L2hmcFixtures.perturbed("quartic", dim, 4, 8, 0.2, 1.0, 3);
        Engine e = Engine.java();
        L2hmcGraph.Parameters p = L2hmcGraph.Parameters.conditioned(e, m, width, 1.0, 2);
        L2hmcGraph.FunctionTarget f = quartic(e, n, dim);
        Tensor c = condition(e, n, width);
        double[] plus = new double[n];
        double[] minus = new double[n];
        Arrays.fill(plus, 1.0);
        Arrays.fill(minus, -1.0);
        double[] x0 = e.normal(n, dim, 8, RandomStream.PURPOSE_INIT, 0).toArray();
        Tensor x = e.wrap(n, dim, x0);
        Tensor v = e.normal(n, dim, 9, RandomStream.PURPOSE_MOMENTUM, 0);
        try (Engine.GradRegion r = e.noGrad()) {
            L2hmcGraph.Proposal fw = L2hmcGraph.proposeConditioned(p, m, f, c, 1.0, new L2hmcGraph.Plan(e, m, plus), x, v,
                    f.logDensity(x));
            L2hmcGraph.Proposal bw = L2hmcGraph.proposeConditioned(p, m, f, c, 1.0, new L2hmcGraph.Plan(e, m, minus),
                    fw.position(), fw.momentum(), fw.logDensity());
            double[] xb = bw.position().toArray(), vb = bw.momentum().toArray(), v0 = v.toArray(), xf = fw.position().toArray();
            double moved = 0;
            for (int i = 0; i < xb.length; i++) {
                assertEquals(x0[i], xb[i], 1e-12 * Math.max(1, Math.abs(x0[i])), "x element " + i);
                assertEquals(v0[i], vb[i], 1e-12 * Math.max(1, Math.abs(v0[i])), "v element " + i);
                moved = Math.max(moved, Math.abs(xf[i] - x0[i]));
            }
            assertTrue(moved > 0.05, "the forward map moves chains: " + moved);
            double[] lf = fw.logJacobian().toArray(), lb = bw.logJacobian().toArray();
            double size = 0;
            for (int k = 0; k < n; k++) {
                assertEquals(0.0, lf[k] + lb[k], 1e-12 * Math.max(1, Math.abs(lf[k])), "log-dets of chain " + k);
                size = Math.max(size, Math.abs(lf[k]));
            }
            assertTrue(size > 1e-3, "log |det J| is not trivially 0: " + size);
        }
    }

    /** log |det J| equals the log-determinant of the autodiff Jacobian of (x, v) -> (x', v'), both directions. */
    @Test
    void logDeterminantMatchesTheAutodiffJacobian() {
        int n = 6, dim = 3, width = 2;
        L2hmcModel m = L2hmcFixtures.perturbed("quartic", dim, 3, 7, 0.2, 1.0, 11);
        Engine e = Engine.java();
        L2hmcGraph.Parameters p = L2hmcGraph.Parameters.conditioned(e, m, width, 1.0, 4);
        L2hmcGraph.FunctionTarget f = quartic(e, n, dim);
        double[] dirs = {1, -1, 1, -1, -1, 1};
        Tensor x = e.variable(n, dim, e.normal(n, dim, 2, RandomStream.PURPOSE_INIT, 0).toArray());
        Tensor v = e.variable(n, dim, e.normal(n, dim, 5, RandomStream.PURPOSE_MOMENTUM, 0).toArray());
        L2hmcGraph.Proposal q = L2hmcGraph.proposeConditioned(p, m, f, condition(e, n, width), 1.0,
                new L2hmcGraph.Plan(e, m, dirs), x, v, f.logDensity(x));
        double[][][] jac = new double[n][2 * dim][2 * dim];
        for (int i = 0; i < 2 * dim; i++) {
            Tensor out = (i < dim ? q.position() : q.momentum()).sliceCols(i % dim, i % dim + 1).sum();
            Tensor[] g = Graph.grad(out, List.of(x, v), false);
            double[] gx = g[0].toArray(), gv = g[1].toArray();
            for (int c = 0; c < n; c++) {
                for (int j = 0; j < dim; j++) {
                    jac[c][i][j] = gx[j * n + c];
                    jac[c][i][dim + j] = gv[j * n + c];
                }
            }
        }
        double[] ld = q.logJacobian().toArray();
        for (int c = 0; c < n; c++) {
            double det = CommonOps_DDRM.det(new DMatrixRMaj(jac[c]));
            assertEquals(Math.log(Math.abs(det)), ld[c], 1e-8, "chain " + c + " (direction " + dirs[c] + ")");
        }
        assertTrue(Math.abs(ld[0]) > 1e-3, "a non-trivial log-determinant: " + ld[0]);
    }

    private static void close(double[] a, double[] b, String what) {
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-12 * Math.max(1, Math.abs(a[i])), what + " element " + i);
        }
    }
}
