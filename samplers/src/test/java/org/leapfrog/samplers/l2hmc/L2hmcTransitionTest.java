package org.leapfrog.samplers.l2hmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.TargetOps;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.samplers.fused.ProposalConformance;
import org.leapfrog.samplers.target.DenseGaussian;
import org.leapfrog.samplers.target.GaussianMixture;
import org.leapfrog.samplers.target.RoughWell;
import org.leapfrog.samplers.target.Target;

/** The L2HMC transition: reduction to HMC, exact inverse, log-determinant, and graph/kernel/twin conformance. */
class L2hmcTransitionTest {
    private static final long SEED = 77;

    /** With S = Q = T = 0 (all weights 0) every proposal is a plain leapfrog trajectory and log |det J| = 0. */
    @Test
    void reducesExactlyToHmcWithZeroNetworks() {
        Target t = GaussianMixture.mog2();
        int n = 40, steps = 4;
        double eps = 0.2;
        L2hmcModel zero = L2hmcModel.initial(t.name(), 2, steps, 6, eps, 1);
        double[] w = new double[zero.weights().length];
        w[zero.layout().epsIndex()] = Math.log(eps);
        zero = zero.withWeights(w);
        double[] x0 = L2hmcFixtures.exactDraws(t, n, 5);
        double[][] tr = traced(new JavaBackend(1), t, zero, x0, 0);
        double epsUsed = Math.exp(Math.log(eps));
        int[] words = new int[4];
        double[] z = new double[4];
        int forward = 0;
        for (int c = 0; c < n; c++) {
            RandomStream.normals(SEED, c, 0, RandomStream.PURPOSE_MOMENTUM, 0, words, z, 0, 2);
            boolean fw = RandomStream.uniform(SEED, c, 0, L2hmcKernels.PURPOSE_DIRECTION, words) < 0.5;
            forward += fw ? 1 : 0;
            // backward = the inverse leapfrog: leapfrog from (x, -v), momentum negated at the end
            double[] x = {x0[c], x0[n + c]};
            double[] v = {fw ? z[0] : -z[0], fw ? z[1] : -z[1]};
            double[] g = new double[2];
            double[] lp = new double[1];
            t.logDensityAndGradient(x, g, lp, 1, 0, 1);
            double h0 = 0.5 * (z[0] * z[0] + z[1] * z[1]) - lp[0];
            for (int k = 0; k < steps; k++) {
                for (int d = 0; d < 2; d++) v[d] += 0.5 * epsUsed * g[d];
                for (int d = 0; d < 2; d++) x[d] += epsUsed * v[d];
                t.logDensityAndGradient(x, g, lp, 1, 0, 1);
                for (int d = 0; d < 2; d++) v[d] += 0.5 * epsUsed * g[d];
            }
            double sign = fw ? 1 : -1;
            for (int d = 0; d < 2; d++) {
                assertEquals(x[d], tr[0][d * n + c], 1e-14 * Math.max(1, Math.abs(x[d])), "x of chain " + c);
                assertEquals(sign * v[d], tr[1][d * n + c], 1e-14 * Math.max(1, Math.abs(v[d])), "v of chain " + c);
            }
            assertEquals(0.0, tr[2][c], 0.0, "log|det J| of chain " + c);
            double h1 = 0.5 * (v[0] * v[0] + v[1] * v[1]) - lp[0];
            assertEquals(h0 - h1, tr[3][c], 1e-12 * Math.max(1, Math.abs(h0)), "log acceptance of chain " + c);
        }
        assertTrue(forward > 5 && forward < n - 5, "both directions drawn: " + forward + " forward of " + n);
    }

    /** backward(forward(xi)) = xi to 1e-12, and the two log-determinants cancel. */
    @Test
    void backwardIsTheExactInverse() {
        for (Target t : List.of(GaussianMixture.mog2(), DenseGaussian.scg(), RoughWell.standard())) {
            int n = 16, dim = t.dimension();
            L2hmcModel m = L2hmcFixtures.perturbed(t.name(), dim, 5, 8, 0.15, 1.0, 3);
            Engine e = Engine.java();
            L2hmcGraph.Parameters p = L2hmcGraph.Parameters.of(e, m);
            double[] x0 = L2hmcFixtures.exactDraws(t, n, 9);
            Tensor x = e.wrap(n, dim, x0);
            Tensor v = e.normal(n, dim, 4, RandomStream.PURPOSE_MOMENTUM, 0);
            double[] plus = new double[n];
            double[] minus = new double[n];
            java.util.Arrays.fill(plus, 1.0);
            java.util.Arrays.fill(minus, -1.0);
            try (Engine.GradRegion r = e.noGrad()) {
                L2hmcGraph.Proposal f = L2hmcGraph.propose(p, m, t, 1.0, new L2hmcGraph.Plan(e, m, plus), x, v,
                        TargetOps.logDensity(t, x));
                L2hmcGraph.Proposal b = L2hmcGraph.propose(p, m, t, 1.0, new L2hmcGraph.Plan(e, m, minus),
                        f.position(), f.momentum(), f.logDensity());
                double[] xb = b.position().toArray(), vb = b.momentum().toArray(), v0 = v.toArray();
                double moved = 0;
                double[] xf = f.position().toArray();
                for (int i = 0; i < xb.length; i++) {
                    assertEquals(x0[i], xb[i], 1e-12 * Math.max(1, Math.abs(x0[i])), t.name() + " x element " + i);
                    assertEquals(v0[i], vb[i], 1e-12 * Math.max(1, Math.abs(v0[i])), t.name() + " v element " + i);
                    moved = Math.max(moved, Math.abs(xf[i] - x0[i]));
                }
                assertTrue(moved > 0.05, "the forward map moves chains: " + moved);
                double[] lf = f.logJacobian().toArray(), lb = b.logJacobian().toArray();
                double size = 0;
                for (int c = 0; c < n; c++) {
                    assertEquals(0.0, lf[c] + lb[c], 1e-12 * Math.max(1, Math.abs(lf[c])), t.name() + " log-dets of chain " + c);
                    size = Math.max(size, Math.abs(lf[c]));
                }
                assertTrue(size > 1e-3, "log |det J| is not trivially 0: " + size);
            }
        }
    }

    /** log |det J| equals the log-determinant of the autodiff Jacobian of (x, v) -> (x', v'), both directions. */
    @Test
    void logDeterminantMatchesTheAutodiffJacobian() {
        Target t = GaussianMixture.mog2();
        int n = 6, dim = 2;
        L2hmcModel m = L2hmcFixtures.perturbed(t.name(), dim, 3, 7, 0.2, 1.0, 11);
        Engine e = Engine.java();
        L2hmcGraph.Parameters p = L2hmcGraph.Parameters.of(e, m);
        double[] dirs = {1, -1, 1, -1, -1, 1};
        Tensor x = e.variable(n, dim, L2hmcFixtures.exactDraws(t, n, 2));
        Tensor v = e.variable(n, dim, e.normal(n, dim, 5, RandomStream.PURPOSE_MOMENTUM, 0).toArray());
        L2hmcGraph.Proposal q = L2hmcGraph.propose(p, m, t, 1.0, new L2hmcGraph.Plan(e, m, dirs), x, v,
                TargetOps.logDensity(t, x));
        // row i of J per chain: the gradient of output i (summed over chains: chains are independent)
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

    /** The training graph, the OpenCL kernel and the Java twin give the same proposal (1e-12, float64). */
    @Test
    void graphKernelAndTwinAgree() {
        boolean cl = OpenClRequirement.availableOrFailInCi();
        for (Target t : List.of(GaussianMixture.mog2(), DenseGaussian.scg(), RoughWell.standard(),
                org.leapfrog.samplers.target.DiagonalGaussian.icg50())) {
            int n = 37, dim = t.dimension();
            L2hmcModel m = L2hmcFixtures.perturbed(t.name(), dim, 3, dim > 2 ? 12 : 9, dim > 2 ? 0.05 : 0.2, 0.7, 13);
            double[] x0 = L2hmcFixtures.exactDraws(t, n, 21);
            int it = 3;
            ProposalConformance.Way graph = ProposalConformance.way("tensor graph", () -> graphWay(t, m, x0, it));
            ProposalConformance.Way twin = ProposalConformance.way("Java twin",
                    () -> outputs(traced(new JavaBackend(2), t, m, x0, it)));
            if (cl) {
                ProposalConformance.Way kernel = ProposalConformance.way("OpenCL kernel", () -> {
                    try (Backend b = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), msg -> { })) {
                        return outputs(traced(b, t, m, x0, it));
                    }
                });
                ProposalConformance.assertAgree(1e-12, graph, twin, kernel);
            } else {
                ProposalConformance.assertAgree(1e-12, graph, twin);
            }
        }
    }

    private static Map<String, double[]> graphWay(Target t, L2hmcModel m, double[] x0, int it) {
        int n = x0.length / t.dimension();
        int dim = t.dimension();
        Engine e = Engine.java();
        L2hmcGraph.Parameters p = L2hmcGraph.Parameters.of(e, m);
        double[] dirs = new double[n];
        int[] words = new int[4];
        for (int c = 0; c < n; c++) {
            dirs[c] = RandomStream.uniform(SEED, c, it, L2hmcKernels.PURPOSE_DIRECTION, words) < 0.5 ? 1 : -1;
        }
        try (Engine.GradRegion r = e.noGrad()) {
            Tensor x = e.wrap(n, dim, x0);
            Tensor v = e.normal(n, dim, SEED, RandomStream.PURPOSE_MOMENTUM, it);
            L2hmcGraph.Proposal q = L2hmcGraph.proposeWithAcceptance(p, m, t, 1.0, new L2hmcGraph.Plan(e, m, dirs), x, v,
                    TargetOps.logDensity(t, x));
            return outputs(new double[][] {q.position().toArray(), q.momentum().toArray(), q.logJacobian().toArray(),
                    q.logAcceptance().toArray()});
        }
    }

    private static Map<String, double[]> outputs(double[][] tr) {
        Map<String, double[]> o = new LinkedHashMap<>();
        o.put("position", tr[0]);
        o.put("momentum", tr[1]);
        o.put("logJacobian", tr[2]);
        o.put("logAcceptance", tr[3]);
        return o;
    }

    /** A non-finite proposal is rejected and its chain marked divergent; the position stays (both backends). */
    @Test
    void nonFiniteProposalsAreRejectedAndMarked() {
        Target t = GaussianMixture.mog2();
        L2hmcModel m = L2hmcFixtures.perturbed(t.name(), 2, 3, 5, 1e3, 2.0, 17);
        double[] w = m.weights();
        for (int k = 0; k < 4; k++) {
            w[m.layout().xScales() + k] = 5.0; // |S|, |Q| up to e^5: exp(eps S) overflows at eps = 1000
        }
        L2hmcModel wild = m.withWeights(w);
        int n = 20;
        double[] x0 = L2hmcFixtures.exactDraws(t, n, 3);
        boolean cl = OpenClRequirement.availableOrFailInCi();
        for (int b = 0; b < (cl ? 2 : 1); b++) {
            try (Backend backend = b == 0 ? new JavaBackend(1) : Backends.open(new BackendRequest(BackendKind.OPENCL, -1), msg -> { });
                 L2hmcSampler s = new L2hmcSampler(backend, t, wild, n, SEED)) {
                s.init(x0);
                s.step(0);
                double[] ap = new double[n];
                int[] acc = new int[n];
                int[] div = new int[n];
                s.readInfo(ap, acc, div, new double[n]);
                double[] x = new double[2 * n];
                double[] lp = new double[n];
                s.readState(x, lp);
                int marked = 0;
                for (int c = 0; c < n; c++) {
                    if (div[c] == 1) {
                        marked++;
                        assertEquals(0, acc[c]);
                        assertEquals(0.0, ap[c]);
                        assertEquals(x0[c], x[c], 0.0);
                        assertEquals(x0[n + c], x[n + c], 0.0);
                    }
                    assertTrue(Double.isFinite(lp[c]) && Double.isFinite(x[c]) && Double.isFinite(x[n + c]));
                }
                assertTrue(marked > n / 2, "most proposals overflow: " + marked + " of " + n + " marked");
            }
        }
    }

    /** One traced sampler step at iteration {@code it} from {@code x0}: proposal x, v, log-det, log acceptance. */
    static double[][] traced(Backend backend, Target t, L2hmcModel m, double[] x0, int it) {
        int dim = t.dimension();
        int n = x0.length / dim;
        try (backend; L2hmcSampler s = new L2hmcSampler(backend, t, m, n, SEED, true)) {
            s.init(x0);
            s.step(it);
            double[][] tr = {new double[dim * n], new double[dim * n], new double[n], new double[n]};
            s.readTrace(tr[0], tr[1], tr[2], tr[3]);
            return tr;
        }
    }
}
