package org.leapfrog.runtime.tensor;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Checks gradients against central finite differences. The function is rebuilt on every evaluation from
 * variables whose storage is perturbed in place, so the check covers the whole forward and backward code.
 */
final class GradCheck {
    static final double H = 1e-5;
    /** Central differences with h = 1e-5 on O(1) smooth functions err by about 1e-10 (truncation and rounding). */
    static final double TOL = 1e-7;

    private GradCheck() {
    }

    /** A variable of the given shape with values uniform in [lo, hi] and at least {@code gap} away from 0. */
    static Tensor variable(Engine engine, SplittableRandom rng, int rows, int cols, double lo, double hi, double gap) {
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            double v;
            do {
                v = lo + (hi - lo) * rng.nextDouble();
            } while (Math.abs(v) < gap);
            d[i] = v;
        }
        return engine.variable(rows, cols, d);
    }

    static Tensor randomConstant(Engine engine, SplittableRandom rng, int rows, int cols) {
        double[] d = new double[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextDouble(-1, 1);
        }
        return engine.wrap(rows, cols, d);
    }

    /** A scalar loss {@code sum(f(inputs) * weights)} with fixed random weights, so every output element counts. */
    static Function<List<Tensor>, Tensor> weighted(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, long seed) {
        Tensor probe;
        Engine engine = inputs.get(0).engine();
        try (Engine.GradRegion r = engine.noGrad()) {
            probe = f.apply(inputs);
        }
        Tensor w = randomConstant(engine, new SplittableRandom(seed), probe.rows(), probe.cols());
        return in -> f.apply(in).mul(w).sum();
    }

    /** First order: d loss / d inputs against finite differences of the loss. */
    static void firstOrder(String what, Function<List<Tensor>, Tensor> f, List<Tensor> inputs, long seed) {
        Function<List<Tensor>, Tensor> loss = weighted(f, inputs, seed);
        Tensor[] g = Graph.grad(loss.apply(inputs), inputs, false);
        compare(what, loss, inputs, g);
    }

    /**
     * Second order: the scalar {@code sum_k sum(grad_k(loss) * v_k)} (a Hessian-vector product in disguise),
     * built with createGraph, differentiated again and compared with its finite differences.
     */
    static void secondOrder(String what, Function<List<Tensor>, Tensor> f, List<Tensor> inputs, long seed) {
        Function<List<Tensor>, Tensor> loss = weighted(f, inputs, seed);
        SplittableRandom rng = new SplittableRandom(seed + 1);
        List<Tensor> vs = new ArrayList<>();
        for (Tensor in : inputs) {
            vs.add(randomConstant(in.engine(), rng, in.rows(), in.cols()));
        }
        Function<List<Tensor>, Tensor> gv = in -> {
            Tensor[] g = Graph.grad(loss.apply(in), in, true);
            Tensor s = g[0].mul(vs.get(0)).sum();
            for (int k = 1; k < g.length; k++) {
                s = s.add(g[k].mul(vs.get(k)).sum());
            }
            return s;
        };
        Tensor out = gv.apply(inputs);
        if (!out.requiresGrad()) {
            // The gradient does not depend on the inputs (a linear function): FD must then give zeros.
            for (Tensor in : inputs) {
                double[] fd = finiteDifference(gv, inputs, in);
                for (double v : fd) {
                    if (Math.abs(v) > TOL) {
                        fail(what + ": second order is not recorded but finite differences give " + v);
                    }
                }
            }
            return;
        }
        Tensor[] g2 = Graph.grad(out, inputs, false);
        compare(what + " (second order)", gv, inputs, g2);
    }

    private static void compare(String what, Function<List<Tensor>, Tensor> loss, List<Tensor> inputs, Tensor[] g) {
        for (int k = 0; k < inputs.size(); k++) {
            double[] fd = finiteDifference(loss, inputs, inputs.get(k));
            double[] an = g[k].data();
            for (int i = 0; i < fd.length; i++) {
                double err = Math.abs(an[i] - fd[i]);
                if (!(err <= TOL * Math.max(1.0, Math.abs(fd[i])))) {
                    fail(what + ": input " + k + " element " + i + ": analytic " + an[i] + ", finite difference "
                            + fd[i] + " (analytic all " + Arrays.toString(an) + ")");
                }
            }
        }
    }

    /** Perturbs {@code x} in place through {@link Tensor#data()}, fetched again before each write (the OpenCL
     * engine uploads host changes made before an operation reads the tensor). */
    static double[] finiteDifference(Function<List<Tensor>, Tensor> loss, List<Tensor> inputs, Tensor x) {
        double[] fd = new double[x.size()];
        for (int i = 0; i < fd.length; i++) {
            double old = x.data()[i];
            x.data()[i] = old + H;
            double up = loss.apply(inputs).item();
            x.data()[i] = old - H;
            double down = loss.apply(inputs).item();
            x.data()[i] = old;
            fd[i] = (up - down) / (2 * H);
        }
        return fd;
    }
}
