package org.leapfrog.samplers.his;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Graph;
import org.leapfrog.runtime.tensor.Tensor;
import org.leapfrog.samplers.integrator.Leapfrog;

/** The flow's tensor ops: values (the shared element updates, Tempering's schedule), OpenCL = Java, gradients. */
class FlowOpsTest {
    private static Engine openCl;

    private static synchronized Engine openCl() {
        assumeTrue(OpenClRequirement.availableOrFailInCi(), "no OpenCL device");
        if (openCl == null) {
            openCl = Engine.on(Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { }));
        }
        return openCl;
    }

    private static double[] random(SplittableRandom rng, int n, double lo, double hi) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextDouble(lo, hi);
        }
        return a;
    }

    /** The ops' values: element by element the Leapfrog twins; the schedule is Tempering's, to the bit. */
    @Test
    void valuesAreTheSharedUpdatesAndTheSchedule() {
        Engine e = Engine.java();
        SplittableRandom rng = new SplittableRandom(3);
        int n = 7, d = 3;
        double[] p = random(rng, n * d, -2, 2), g = random(rng, n * d, -2, 2), eps = random(rng, d, 0.01, 0.5);
        Tensor tp = e.wrap(n, d, p), tg = e.wrap(n, d, g), te = e.wrap(1, d, eps);
        double[] kick = FlowOps.kick(tp, tg, te, 0.5).toArray();
        double[] drift = FlowOps.drift(tp, tg, te).toArray();
        double[] temper = FlowOps.temper(tp, e.scalar(0.8)).toArray();
        for (int i = 0; i < n * d; i++) {
            double ec = eps[i / n];
            assertEquals(Leapfrog.kick(p[i], 0.5 * ec, g[i]), kick[i], 0.0);
            assertEquals(p[i] + (0.5 * ec) * g[i], kick[i], 0.0);
            assertEquals(p[i] + ec * g[i], drift[i], 0.0);
            assertEquals(0.8 * p[i], temper[i], 0.0);
        }
        for (double b0 : new double[] {0.04, 0.3, 0.999, 1.0}) {
            for (int k : new int[] {1, 2, 10}) {
                assertArrayEquals(Tempering.fixedQuadratic(b0, k).alphas(),
                        FlowOps.fixedSchedule(e.scalar(b0), k).toArray(), 0.0, "beta0 " + b0 + " K " + k);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> FlowOps.kick(tp, e.zeros(n, d + 1), te, 0.5));
        assertThrows(IllegalArgumentException.class, () -> FlowOps.drift(tp, tg, e.zeros(1, d + 1)));
        assertThrows(IllegalArgumentException.class, () -> FlowOps.temper(tp, e.zeros(1, 2)));
        assertThrows(IllegalArgumentException.class, () -> FlowOps.fixedSchedule(e.scalar(0.5), 0));
    }

    /** OpenCL kernels and Java twins give the same bits (values and the ops' backward results). */
    @Test
    void openClMatchesJavaBitForBit() {
        Engine cl = openCl();
        double[][] results = new double[2][];
        Engine[] engines = {Engine.java(), cl};
        for (int k = 0; k < 2; k++) {
            Engine e = engines[k];
            SplittableRandom rng = new SplittableRandom(5);
            int n = 67, d = 5; // more than one 64-wide OpenCL group
            Tensor p = e.variable(n, d, random(rng, n * d, -2, 2));
            Tensor g = e.variable(n, d, random(rng, n * d, -2, 2));
            Tensor eps = e.variable(1, d, random(rng, d, 0.01, 0.5));
            Tensor beta0 = e.variable(1, 1, new double[] {0.37});
            Tensor alphas = FlowOps.fixedSchedule(beta0, 6);
            Tensor out = FlowOps.temper(FlowOps.kick(FlowOps.drift(p, g, eps), g, eps, 0.5), alphas.sliceCols(2, 3));
            Tensor loss = out.square().sum().add(alphas.square().sum());
            Tensor[] grads = Graph.grad(loss, List.of(p, g, eps, beta0), false);
            double[] o = out.toArray();
            double[] all = new double[o.length + 6 + grads[0].size() + grads[1].size() + grads[2].size() + 1];
            int at = 0;
            for (double[] part : new double[][] {o, alphas.toArray(), grads[0].toArray(), grads[1].toArray(),
                    grads[2].toArray(), grads[3].toArray()}) {
                System.arraycopy(part, 0, all, at, part.length);
                at += part.length;
            }
            results[k] = all;
        }
        assertArrayEquals(results[0], results[1], 0.0);
    }

    /** First-order gradients of every op against central finite differences (and second order through kick). */
    @Test
    void gradientsMatchFiniteDifferences() {
        Engine e = Engine.java();
        SplittableRandom rng = new SplittableRandom(9);
        int n = 4, d = 3;
        Tensor p = e.variable(n, d, random(rng, n * d, -1, 1));
        Tensor g = e.variable(n, d, random(rng, n * d, -1, 1));
        Tensor eps = e.variable(1, d, random(rng, d, 0.1, 0.5));
        Tensor alpha = e.variable(1, 1, new double[] {0.7});
        Tensor beta0 = e.variable(1, 1, new double[] {0.2});
        Tensor w = e.wrap(n, d, random(rng, n * d, -1, 1));
        check("kick", in -> FlowOps.kick(in.get(0), in.get(1), in.get(2), 0.5).mul(w).sum(), List.of(p, g, eps));
        check("drift", in -> FlowOps.drift(in.get(0), in.get(1), in.get(2)).mul(w).sum(), List.of(p, g, eps));
        check("temper", in -> FlowOps.temper(in.get(0), in.get(1)).mul(w).sum(), List.of(p, alpha));
        Tensor wk = e.wrap(1, 5, random(rng, 5, -1, 1));
        check("fixed schedule", in -> FlowOps.fixedSchedule(in.get(0), 5).mul(wk).sum(), List.of(beta0));
        // Second order: the gradient of a kick's loss in p is itself differentiated in eps and g.
        check("kick (second order)", in -> {
            Tensor inner = FlowOps.kick(in.get(0), in.get(1), in.get(2), 0.5).square().mul(w).sum();
            return Graph.grad(inner, in.get(0), true).square().sum();
        }, List.of(p, g, eps));
        assertThrows(UnsupportedOperationException.class, () -> {
            Tensor a = FlowOps.fixedSchedule(beta0, 3);
            Tensor gb = Graph.grad(a.square().sum(), beta0, true);
            Graph.grad(gb.sum(), beta0, false);
        });
    }

    private static void check(String what, Function<List<Tensor>, Tensor> loss, List<Tensor> inputs) {
        Tensor[] an = Graph.grad(loss.apply(inputs), inputs, false);
        double h = 1e-6;
        for (int k = 0; k < inputs.size(); k++) {
            Tensor x = inputs.get(k);
            double[] a = an[k].toArray();
            for (int i = 0; i < x.size(); i++) {
                double old = x.data()[i];
                x.data()[i] = old + h;
                double up = loss.apply(inputs).item();
                x.data()[i] = old - h;
                double down = loss.apply(inputs).item();
                x.data()[i] = old;
                double fd = (up - down) / (2 * h);
                // Central differences of O(1) smooth functions with h = 1e-6 err by about 1e-9.
                if (!(Math.abs(a[i] - fd) <= 1e-7 * Math.max(1, Math.abs(fd)))) {
                    fail(what + ": input " + k + " element " + i + ": analytic " + a[i] + ", finite difference " + fd);
                }
            }
        }
    }
}
