package org.leapfrog.samplers.l2hmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.TargetOps;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.samplers.target.GaussianMixture;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/**
 * The fused updates of {@link L2hmcOps}: the proposal and the gradients of a function of it (with respect to
 * every parameter, x and v, through M steps, both directions, the q-free and annealed cases) equal the
 * element-wise graph's, on the Java engine and on OpenCL (kernels against twins); second derivatives refuse.
 */
class L2hmcOpsTest {
    private static final double VALUE_TOL = 1e-13;
    private static final double GRAD_TOL = 1e-11;

    private record Result(List<double[]> values, List<double[]> grads) {
    }

    /** Batch sizes: 9 runs the update kernels one chain per work-item, 16 (OpenCL CPU device) their lane builds. */
    private static final int[] BATCHES = {9, 16};

    private static Result run(Engine e, Target t, L2hmcModel m, boolean fused, long seed, int n) {
        int dim = t.dimension();
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n * dim];
        double[] v = new double[n * dim];
        double[] dirs = new double[n];
        double[][] w = new double[3][];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextGaussian();
            v[i] = rng.nextGaussian();
        }
        for (int c = 0; c < n; c++) {
            dirs[c] = c % 3 == 0 ? -1 : 1;
        }
        w[0] = new double[n * dim];
        w[1] = new double[n * dim];
        w[2] = new double[n];
        for (double[] a : w) {
            for (int i = 0; i < a.length; i++) {
                a[i] = rng.nextDouble(-1, 1);
            }
        }
        L2hmcGraph.Parameters p = L2hmcGraph.Parameters.of(e, m);
        Tensor xt = e.variable(n, dim, x);
        Tensor vt = e.variable(n, dim, v);
        L2hmcGraph.Plan plan = new L2hmcGraph.Plan(e, m, dirs);
        Tensor lp0 = TargetOps.logDensity(t, xt);
        L2hmcGraph.Proposal q = fused
                ? L2hmcGraph.propose(p, m, t, 0.7, plan, xt, vt, lp0)
                : L2hmcGraph.proposeReference(p, m, t, 0.7, plan, xt, vt, lp0);
        Tensor loss = q.position().mul(e.wrap(n, dim, w[0])).sum().add(q.momentum().mul(e.wrap(n, dim, w[1])).sum())
                .add(q.logJacobian().mul(e.wrap(n, 1, w[2])).sum());
        List<Tensor> inputs = new ArrayList<>(p.list());
        inputs.add(xt);
        inputs.add(vt);
        Tensor[] g = Graph.grad(loss, inputs, false);
        List<double[]> values = List.of(q.position().toArray(), q.momentum().toArray(), q.logJacobian().toArray(),
                q.logDensity().toArray());
        List<double[]> grads = new ArrayList<>();
        for (Tensor gi : g) {
            grads.add(gi.toArray());
        }
        return new Result(values, grads);
    }

    private static void assertClose(Result want, Result got, String what) {
        for (int k = 0; k < want.values.size(); k++) {
            double[] a = want.values.get(k);
            double[] b = got.values.get(k);
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], VALUE_TOL * Math.max(1, Math.abs(a[i])), what + ": output " + k + "[" + i + "]");
            }
        }
        for (int k = 0; k < want.grads.size(); k++) {
            double[] a = want.grads.get(k);
            double[] b = got.grads.get(k);
            double scale = 0;
            for (double d : a) {
                scale = Math.max(scale, Math.abs(d));
            }
            assertTrue(scale > 0, what + ": gradient " + k + " is not all zero");
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], GRAD_TOL * Math.max(1, scale), what + ": gradient " + k + "[" + i + "]");
            }
        }
    }

    private static List<Object[]> cases() {
        Target mog = GaussianMixture.mog2();
        Target icg = Targets.byName("icg50", null);
        return List.of(
                new Object[] {mog, L2hmcFixtures.perturbed(mog.name(), 2, 3, 5, 0.3, 0.5, 4)},
                new Object[] {icg, L2hmcFixtures.perturbed(icg.name(), 50, 2, 6, 0.15, 0.5, 6)});
    }

    @Test
    void fusedEqualsElementwiseOnJava() {
        for (Object[] c : cases()) {
            Target t = (Target) c[0];
            L2hmcModel m = (L2hmcModel) c[1];
            Engine e = Engine.java();
            for (int n : BATCHES) {
                assertClose(run(e, t, m, false, 3, n), run(e, t, m, true, 3, n), t.name() + " java, n " + n);
            }
        }
    }

    @Test
    void openClKernelsMatchTwinsAndTheElementwiseGraph() {
        org.junit.jupiter.api.Assumptions.assumeTrue(OpenClRequirement.availableOrFailInCi(), "no OpenCL device");
        try (Engine cl = Engine.on(Backends.open(new BackendRequest(BackendKind.OPENCL, -1), msg -> { }))) {
            for (Object[] c : cases()) {
                Target t = (Target) c[0];
                L2hmcModel m = (L2hmcModel) c[1];
                for (int n : BATCHES) {
                    Result java = run(Engine.java(), t, m, true, 5, n);
                    assertClose(java, run(cl, t, m, true, 5, n), t.name() + " opencl fused vs java fused, n " + n);
                    assertClose(run(cl, t, m, false, 5, n), run(cl, t, m, true, 5, n), t.name() + " opencl, n " + n);
                }
            }
        }
    }

    @Test
    void secondDerivativesRefuse() {
        Engine e = Engine.java();
        L2hmcModel m = L2hmcFixtures.perturbed("mog", 2, 2, 4, 0.3, 0.5, 4);
        L2hmcGraph.Parameters p = L2hmcGraph.Parameters.of(e, m);
        int n = 3;
        Tensor z = e.variable(n, 5, new double[] {0.1, -0.2, 0.3, 0.4, 0.5, -0.6, 0.7, 0.8, -0.9, 1.0, 0.2, 0.1, 0.0,
            0.0, 0.0});
        Tensor gU = e.variable(n, 2, new double[] {0.3, 0.1, -0.4, 0.2, 0.5, 0.6});
        Tensor raw = e.variable(n, 6, new double[18]);
        Tensor fw = e.wrap(n, 1, new double[] {1, 0, 1});
        Tensor out = L2hmcOps.vUpdate(z, gU, raw, p.vLogS(), p.vLogQ(), p.logEps().exp(), fw);
        Tensor g = Graph.grad(out.square().sum(), gU, true);
        UnsupportedOperationException ex = assertThrows(UnsupportedOperationException.class,
                () -> Graph.grad(g.sum(), z, false));
        assertTrue(ex.getMessage().contains("first derivatives"), ex.getMessage());
    }
}
