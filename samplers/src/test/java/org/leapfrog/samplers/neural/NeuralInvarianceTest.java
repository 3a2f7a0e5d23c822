package org.leapfrog.samplers.neural;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.runtime.tensor.Engine;
import org.leapfrog.samplers.target.KnownMoments;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/**
 * Invariance: 10^4 chains started from exact draws of the target stay exact draws, so after a few iterations
 * each tracked coordinate's mean and variance match the truth within their sampling error (the chains are
 * independent: each chain's randomness is its own stream). Checked for an untrained model and for one trained
 * briefly (25 Adam steps), on ICG-50 (every coordinate), SCG (both) and Funnel-3 (y, the coordinate with a
 * known Gaussian marginal N(0, 9)).
 *
 * <p>Statistics: z = (mean - mu) / (sd / sqrt(N)) and z = (var - s^2) / (s^2 sqrt(2 / N)) (the Gaussian variance
 * of a sample variance), each compared with 4.89: two-sided 1e-6 per test, Bonferroni over at most 100 tests per
 * case gives at most 1e-4 false failures per case and 6e-4 for the six cases together.
 */
class NeuralInvarianceTest {
    private static final int CHAINS = 10_000;
    private static final int ITERATIONS = 6;
    private static final double Z = 4.89;

    @ParameterizedTest
    @CsvSource({"icg50, false", "icg50, true", "scg, false", "scg, true", "funnel3, false", "funnel3, true"})
    void exactDrawsStayExact(String name, boolean trained) {
        Target target = Targets.byName(name, null);
        int dim = target.dimension();
        NeuralFlow flow = NeuralFlow.create(dim, 8, name.equals("funnel3") ? 2 : 1, 31);
        double[] w = flow.initialWeights(0.1, 41);
        if (trained) {
            int batch = 256;
            NeuralTraining s = new NeuralTraining(8, flow.steps(), 0.8, 3e-3, 1e-4, batch, 25, 0.1, 1e-3, 1e3, 0.03,
                    10.0, 4);
            try (Engine e = Engine.java()) {
                NeuralTrainer t = new NeuralTrainer(e, target, flow, w, s, exactDraws(name, target, batch, 77), 5);
                while (!t.done()) {
                    t.step();
                }
                w = t.weights();
            }
            assertTrue(maxOutputWeight(flow, w) > 0, "training should have moved the output layers off zero");
        }
        double[] start = exactDraws(name, target, CHAINS, 1234);
        double[] pos = new double[dim * CHAINS], lp = new double[CHAINS], prob = new double[CHAINS];
        double acceptance = 0;
        try (Backend b = OpenClRequirement.availableOrFailInCi()
                ? Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { }) : new JavaBackend(2);
             NeuralSampler sampler = new NeuralSampler(b, target, flow, w, CHAINS, 99)) {
            sampler.init(start);
            for (int it = 0; it < ITERATIONS; it++) {
                sampler.step(it);
                sampler.readAcceptance(prob);
                for (double p : prob) {
                    acceptance += p / ((double) CHAINS * ITERATIONS);
                }
            }
            sampler.readState(pos, lp);
        }
        assertTrue(acceptance > 0.2, name + ": mean acceptance " + acceptance + " is too low for the check to bite");
        int[] coords = name.equals("funnel3") ? new int[] {0} : range(dim);
        for (int d : coords) {
            double mu = 0, var = name.equals("funnel3") ? 9.0 : trueVariance(target, d);
            double m = 0, s2 = 0;
            for (int c = 0; c < CHAINS; c++) {
                m += pos[d * CHAINS + c];
            }
            m /= CHAINS;
            for (int c = 0; c < CHAINS; c++) {
                double q = pos[d * CHAINS + c] - mu;
                s2 += q * q;
            }
            s2 /= CHAINS;
            double zMean = (m - mu) / Math.sqrt(var / CHAINS);
            double zVar = (s2 - var) / (var * Math.sqrt(2.0 / CHAINS));
            assertTrue(Math.abs(zMean) < Z, name + (trained ? " trained" : " untrained") + ": coordinate " + d
                    + " mean " + m + " (z = " + zMean + ")");
            assertTrue(Math.abs(zVar) < Z, name + (trained ? " trained" : " untrained") + ": coordinate " + d
                    + " second moment " + s2 + " vs " + var + " (z = " + zVar + ")");
        }
    }

    private static double maxOutputWeight(NeuralFlow flow, double[] w) {
        double m = 0;
        for (NeuralFlow.LayerSlot l : flow.layers()) {
            if (l.isOutput()) {
                for (int i = 0; i < l.in() * l.out(); i++) {
                    m = Math.max(m, Math.abs(w[l.offset() + i]));
                }
            }
        }
        return m;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private static double trueVariance(Target target, int d) {
        KnownMoments k = target.moments().orElseThrow();
        return k.variance(d);
    }

    /** Exact draws, chain-minor: Gaussians through the Cholesky factor of their covariance, the funnel by its definition. */
    static double[] exactDraws(String name, Target target, int n, long seed) {
        int dim = target.dimension();
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[dim * n];
        if (name.startsWith("funnel")) {
            double s = name.equals("funnel3") ? 3.0 : 1.0;
            for (int c = 0; c < n; c++) {
                double y = s * rng.nextGaussian();
                x[c] = y;
                for (int d = 1; d < dim; d++) {
                    x[d * n + c] = Math.exp(-0.5 * y) * rng.nextGaussian();
                }
            }
            return x;
        }
        KnownMoments k = target.moments().orElseThrow();
        double[] l = cholesky(k.covariance(), dim);
        double[] z = new double[dim];
        for (int c = 0; c < n; c++) {
            for (int d = 0; d < dim; d++) {
                z[d] = rng.nextGaussian();
            }
            for (int i = 0; i < dim; i++) {
                double s = k.mean()[i];
                for (int j = 0; j <= i; j++) {
                    s += l[i * dim + j] * z[j];
                }
                x[i * n + c] = s;
            }
        }
        return x;
    }

    private static double[] cholesky(double[] a, int n) {
        double[] l = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * n + k] * l[j * n + k];
                }
                l[i * n + j] = i == j ? Math.sqrt(s) : s / l[j * n + j];
            }
        }
        return l;
    }
}
