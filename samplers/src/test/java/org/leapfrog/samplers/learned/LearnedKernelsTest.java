package org.leapfrog.samplers.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.leapfrog.kernels.LfMath;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.runtime.tensor.Tensor;

/**
 * {@code learned.cl} against its Java twins and the host loops the trainers ran before: the MH move (both
 * rules, non-finite log a, more proposal rows than state rows), the stats and beta steering, undoing a step,
 * copying rows.
 */
class LearnedKernelsTest {
    private static final int N = 37;
    private static final int DIM = 3;
    private static final int PROWS = 50;

    private static double[] logA(SplittableRandom rng) {
        double[] a = new double[PROWS];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextDouble(-3, 1);
        }
        a[2] = Double.NaN;
        a[5] = Double.POSITIVE_INFINITY;
        a[7] = Double.NEGATIVE_INFINITY;
        a[11] = 0.0;
        return a;
    }

    private static double[] values(SplittableRandom rng, int n, double lo, double hi) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextDouble(lo, hi);
        }
        return a;
    }

    /** State after the move, probabilities, stats after record (with steering), on one engine. */
    private static List<double[]> run(Engine e, int rule) {
        SplittableRandom rng = new SplittableRandom(17);
        double[] la = logA(rng);
        double[] u = values(rng, N, 0, 1);
        double[] prop = values(rng, PROWS * DIM, -5, 5);
        double[] state = values(rng, (N + 4) * DIM, -5, 5);
        DeviceTraining dt = new DeviceTraining(e, List.of(), 0.5);
        Tensor st = e.wrap(N + 4, DIM, state.clone());
        Tensor prob = dt.metropolis(st, e.wrap(PROWS, DIM, prop), e.wrap(PROWS, 1, la), e.wrap(N, 1, u), rule);
        Tensor loss = e.scalar(-2.5);
        Tensor extra = e.scalar(7);
        dt.record(prob, loss, e.scalar(Double.NaN), extra, loss, true, 0.3, 0.8, 1e-3, 1e3);
        dt.record(prob, loss, loss, extra, loss, true, 0.3, 0.8, 1e-3, 1e3);
        return List.of(st.toArray(), prob.toArray(), dt.read());
    }

    /** The host loops of the former trainers, for the same inputs. */
    private static List<double[]> reference(int rule) {
        SplittableRandom rng = new SplittableRandom(17);
        double[] la = logA(rng);
        double[] u = values(rng, N, 0, 1);
        double[] prop = values(rng, PROWS * DIM, -5, 5);
        double[] state = values(rng, (N + 4) * DIM, -5, 5);
        double[] prob = new double[N];
        double sum = 0;
        for (int c = 0; c < N; c++) {
            boolean finite = Double.isFinite(la[c]);
            prob[c] = finite ? Math.exp(Math.min(0.0, la[c])) : 0.0;
            sum += prob[c];
            boolean accept = rule == LearnedKernels.RULE_LINEAR ? u[c] < prob[c] : finite && LfMath.log(u[c]) < la[c];
            if (accept) {
                for (int d = 0; d < DIM; d++) {
                    state[d * (N + 4) + c] = prop[d * PROWS + c];
                }
            }
        }
        double acc = sum / N;
        double beta = 0.5;
        for (int k = 0; k < 2; k++) {
            beta = Math.min(Math.max(beta * (1 + 0.3 * (acc - 0.8)), 1e-3), 1e3);
        }
        return List.of(state, prob, new double[] {acc, -2.5, 1, 0, beta, 7, -2.5});
    }

    @Test
    void javaTwinsAreTheFormerHostLoops() {
        for (int rule : new int[] {LearnedKernels.RULE_LINEAR, LearnedKernels.RULE_LOG}) {
            List<double[]> want = reference(rule);
            List<double[]> got = run(Engine.java(), rule);
            for (int k = 0; k < want.size(); k++) {
                assertArrayEquals(want.get(k), got.get(k), 0.0, "rule " + rule + ", output " + k);
            }
            double[] prob = got.get(1);
            assertEquals(0.0, prob[2]);
            assertEquals(0.0, prob[5], "+inf log a is rejected, as the host loop did");
            assertEquals(1.0, prob[11]);
        }
    }

    @Test
    void openClMatchesJava() {
        assumeTrue(OpenClRequirement.availableOrFailInCi(), "no OpenCL device");
        try (Engine cl = Engine.on(Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { }))) {
            for (int rule : new int[] {LearnedKernels.RULE_LINEAR, LearnedKernels.RULE_LOG}) {
                List<double[]> want = run(Engine.java(), rule);
                List<double[]> got = run(cl, rule);
                assertArrayEquals(want.get(0), got.get(0), 0.0, "states (no decision near its threshold here)");
                // exp may differ from Math.exp by an ulp on the device; the mean and beta follow
                assertArrayEquals(want.get(1), got.get(1), 4e-16, "probabilities");
                assertArrayEquals(want.get(2), got.get(2), 1e-15, "stats");
            }
            for (Engine e : new Engine[] {Engine.java(), cl}) {
                Tensor w = e.wrap(2, 3, new double[] {1, 2, 3, 4, 5, 6});
                DeviceTraining dt = new DeviceTraining(e, List.of(w), 1);
                w.assign(new double[] {9, 9, 9, 9, 9, 9});
                dt.guard(e.scalar(1), e.scalar(Double.POSITIVE_INFINITY));
                assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, w.toArray(), 0.0, "undone on " + e);
                w.assign(new double[] {8, 8, 8, 8, 8, 8});
                dt.guard(e.scalar(1), e.scalar(2));
                w.assign(new double[] {7, 7, 7, 7, 7, 7});
                dt.guard(e.scalar(Double.NaN), e.scalar(2));
                assertArrayEquals(new double[] {8, 8, 8, 8, 8, 8}, w.toArray(), 0.0, "kept, then undone on " + e);
                Tensor dst = e.wrap(4, 2, new double[8]);
                dt.copyRows(e.wrap(2, 2, new double[] {1, 2, 3, 4}), dst, 1);
                assertArrayEquals(new double[] {0, 1, 2, 0, 0, 3, 4, 0}, dst.toArray(), 0.0, "rows copied on " + e);
            }
        }
    }

    @Test
    void badShapesAreRefused() {
        Engine e = Engine.java();
        DeviceTraining dt = new DeviceTraining(e, List.of(), 1);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> dt.metropolis(
                e.zeros(3, 2), e.zeros(3, 3), e.zeros(3, 1), e.zeros(3, 1), LearnedKernels.RULE_LINEAR));
        assertTrue(ex.getMessage().contains("proposal 3 x 3"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> dt.metropolis(e.zeros(3, 2), e.zeros(3, 2), e.zeros(3, 1),
                e.zeros(3, 1), 7));
        assertThrows(IllegalArgumentException.class, () -> dt.copyRows(e.zeros(3, 2), e.zeros(4, 2), 2));
    }
}
