package org.leapfrog.samplers.neural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leapfrog.kernels.LfMath;
import org.leapfrog.kernels.RandomStream;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.samplers.fused.ProposalConformance;
import org.leapfrog.samplers.target.NealsFunnel;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/**
 * The coupling flow's algebra (invertibility, log-determinant against the autodiff Jacobian) and the one
 * transition computed three ways: tensor graph, fused OpenCL kernel, Java twin (ProposalConformance, 1e-12).
 */
class NeuralFlowTest {
    /** Weights with every layer random, output layers included (scale {@code outScale}), so S, Q, T, R are not 0. */
    static double[] randomWeights(NeuralFlow flow, double outScale, double eps, long seed) {
        double[] w = flow.initialWeights(eps, seed);
        SplittableRandom rng = new SplittableRandom(seed + 1);
        for (NeuralFlow.LayerSlot l : flow.layers()) {
            int n = l.in() * l.out();
            if (l.isOutput()) {
                for (int i = 0; i < n; i++) {
                    w[l.offset() + i] = outScale * rng.nextGaussian() / Math.sqrt(l.in());
                }
            }
            for (int o = 0; o < l.out(); o++) {
                w[l.offset() + n + o] = 0.1 * rng.nextGaussian();
            }
        }
        return w;
    }

    static double[] values(int n, double scale, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = scale * rng.nextGaussian();
        }
        return a;
    }

    @Test
    void flowInvertsAndLogDetEqualsTheAutodiffJacobian() {
        Target target = new NealsFunnel("funnel5", 5, 1.0);
        NeuralFlow flow = NeuralFlow.create(5, 8, 2, 11);
        int n = 6, dim = 5;
        try (Engine e = Engine.java()) {
            NeuralGraph g = new NeuralGraph(e, flow, target, randomWeights(flow, 0.5, 0.3, 3));
            Tensor x = e.wrap(n, dim, values(n * dim, 0.5, 5));
            Tensor v = e.variable(n, dim, values(n * dim, 1.0, 7));
            NeuralGraph.FlowResult fwd = g.flow(x, v, false);
            NeuralGraph.FlowResult back = g.flow(x, fwd.v().detach(), true);
            double[] v0 = v.toArray(), v1 = back.v().toArray();
            for (int i = 0; i < v0.length; i++) {
                assertEquals(v0[i], v1[i], 1e-12, "f^-1(f(v)) element " + i);
            }
            double[] ldf = fwd.logDet().toArray(), ldb = back.logDet().toArray();
            // Jacobian dz/dv per chain, row by row from autodiff
            double[][][] jac = new double[n][dim][dim];
            for (int j = 0; j < dim; j++) {
                Tensor row = Graph.grad(fwd.v().sliceCols(j, j + 1).sum(), v, false);
                double[] r = row.toArray();
                for (int c = 0; c < n; c++) {
                    for (int i = 0; i < dim; i++) {
                        jac[c][j][i] = r[i * n + c];
                    }
                }
            }
            boolean nonTrivial = false;
            for (int c = 0; c < n; c++) {
                double logDet = logAbsDet(jac[c]);
                assertEquals(logDet, ldf[c], 1e-8, "log|det| of chain " + c);
                assertEquals(-ldf[c], ldb[c], 1e-10, "reverse log|det| of chain " + c);
                nonTrivial |= Math.abs(logDet) > 0.1;
            }
            assertTrue(nonTrivial, "the test flow should have a non-trivial Jacobian");
        }
    }

    static double logAbsDet(double[][] a0) {
        int n = a0.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = a0[i].clone();
        }
        double s = 0;
        for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) {
                if (Math.abs(a[i][k]) > Math.abs(a[p][k])) {
                    p = i;
                }
            }
            double[] t = a[k];
            a[k] = a[p];
            a[p] = t;
            s += Math.log(Math.abs(a[k][k]));
            for (int i = k + 1; i < n; i++) {
                double f = a[i][k] / a[k][k];
                for (int j = k; j < n; j++) {
                    a[i][j] -= f * a[k][j];
                }
            }
        }
        return s;
    }

    @ParameterizedTest
    @ValueSource(strings = {"heart", "funnel3"})
    void graphKernelAndTwinAgree(String name) {
        Target target = Targets.byName(name, null);
        int dim = target.dimension(), chains = 37;
        NeuralFlow flow = NeuralFlow.create(dim, 8, 2, 21);
        double[] w = randomWeights(flow, 0.3, 0.1, 9);
        double[] start = values(dim * chains, 0.3, 13);
        long seed = 424242L;
        int iteration = 3;
        ProposalConformance.Way graph = ProposalConformance.way("tensor graph", () -> graphStep(target, flow, w, start,
                chains, seed, iteration));
        ProposalConformance.Way twin = ProposalConformance.way("Java twin", () -> {
            try (Backend b = new JavaBackend(2)) {
                return samplerStep(b, target, flow, w, start, chains, seed, iteration);
            }
        });
        List<ProposalConformance.Way> others = new java.util.ArrayList<>(List.of(twin));
        if (OpenClRequirement.availableOrFailInCi()) {
            others.add(ProposalConformance.way("OpenCL kernel", () -> {
                try (Backend b = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { })) {
                    return samplerStep(b, target, flow, w, start, chains, seed, iteration);
                }
            }));
        }
        ProposalConformance.assertAgree(1e-12, graph, others.toArray(new ProposalConformance.Way[0]));
        Map<String, double[]> out = graph.propose();
        double acc = 0;
        for (double a : out.get("accepted")) {
            acc += a;
        }
        assertTrue(acc > 0 && acc < chains, name + ": the fixture should mix accepted and rejected proposals ("
                + acc + " of " + chains + ")");
    }

    static Map<String, double[]> graphStep(Target target, NeuralFlow flow, double[] w, double[] start, int chains,
                                           long seed, int iteration) {
        int dim = flow.dimension();
        try (Engine e = Engine.java()) {
            NeuralGraph g = new NeuralGraph(e, flow, target, w);
            Tensor x = e.wrap(chains, dim, start.clone());
            Tensor lp = org.leapfrog.runtime.tensor.TargetOps.logDensity(target, x);
            NeuralGraph.Proposal p = g.propose(x, lp, g.noise(chains, seed, iteration));
            double[] u = e.uniform(chains, 1, seed, RandomStream.PURPOSE_ACCEPT, iteration).toArray();
            double[] logA = p.logAccept().toArray(), xp = p.xPrime().toArray(), lp0 = lp.toArray();
            double[] lp1 = p.logDensityPrime().toArray();
            double[] pos = start.clone(), logp = lp0.clone(), accepted = new double[chains];
            for (int c = 0; c < chains; c++) {
                if (Double.isFinite(logA[c]) && LfMath.log(u[c]) < logA[c]) {
                    accepted[c] = 1;
                    logp[c] = lp1[c];
                    for (int d = 0; d < dim; d++) {
                        pos[d * chains + c] = xp[d * chains + c];
                    }
                }
            }
            Map<String, double[]> m = new LinkedHashMap<>();
            m.put("position", pos);
            m.put("logDensity", logp);
            m.put("logAccept", logA);
            m.put("accepted", accepted);
            return m;
        }
    }

    static Map<String, double[]> samplerStep(Backend backend, Target target, NeuralFlow flow, double[] w,
                                             double[] start, int chains, long seed, int iteration) {
        int dim = flow.dimension();
        try (NeuralSampler s = new NeuralSampler(backend, target, flow, w, chains, seed)) {
            s.init(start);
            s.step(iteration);
            double[] pos = new double[dim * chains], lp = new double[chains], logA = new double[chains];
            s.readState(pos, lp);
            s.readLogAcceptance(logA);
            double[] prob = new double[chains], energy = new double[chains];
            int[] acc = new int[chains], div = new int[chains];
            s.readInfo(prob, acc, div, energy);
            double[] accepted = new double[chains];
            for (int c = 0; c < chains; c++) {
                accepted[c] = acc[c];
            }
            Map<String, double[]> m = new LinkedHashMap<>();
            m.put("position", pos);
            m.put("logDensity", lp);
            m.put("logAccept", logA);
            m.put("accepted", accepted);
            return m;
        }
    }
}
