package org.leapfrog.samplers.hmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.samplers.Precision;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/**
 * {@code lf_hmc_step_proposal} (the step that also stores each chain's proposal for ChEES) against its Java twin,
 * with L, the step size and the diagonal metric changed between iterations as ChEES adaptation does: float64
 * proposals, end momenta, positions and acceptance probabilities are bit-identical across backends, and the chains
 * move exactly as with the plain step kernel (which stays as it was).
 */
class ProposalStepTest {
    private static final int CHAINS = 37; // not a multiple of the OpenCL lane width
    private static final int ITERATIONS = 12;

    @ParameterizedTest
    @CsvSource({"icg50, 0.18", "german, 0.03"})
    void proposalsAreBitIdenticalAcrossBackends(String name, double eps) {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        Target target = Targets.byName(name, null);
        double[][] java, ocl;
        try (Backend b = new JavaBackend(2)) {
            java = run(b, target, eps, true, Precision.FLOAT64);
        }
        try (Backend b = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { })) {
            ocl = run(b, target, eps, true, Precision.FLOAT64);
        }
        for (int k = 0; k < java.length; k++) {
            assertArrayEquals(java[k], ocl[k], 0.0, name + ": output " + k);
        }
    }

    @ParameterizedTest
    @CsvSource({"icg50, 0.18", "german, 0.03"})
    void keepingProposalsDoesNotChangeTheChains(String name, double eps) {
        Target target = Targets.byName(name, null);
        try (Backend b = new JavaBackend(2)) {
            double[][] with = run(b, target, eps, true, Precision.FLOAT64);
            double[][] without = run(b, target, eps, false, Precision.FLOAT64);
            assertArrayEquals(without[0], with[0], 0.0, "acceptance probabilities");
            assertArrayEquals(without[1], with[1], 0.0, "positions");
        }
    }

    @Test
    void float32ProposalsAgreeAcrossBackends() {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        Target target = Targets.byName("icg50", null);
        double[][] java, ocl;
        try (Backend b = new JavaBackend(2)) {
            java = run(b, target, 0.18, true, Precision.FLOAT32);
        }
        try (Backend b = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { })) {
            ocl = run(b, target, 0.18, true, Precision.FLOAT32);
        }
        // As HmcFloat32Test: positions within 2e-4 (1 + |x|) (float rounding of the same trajectory).
        for (int k = 1; k <= 3; k++) {
            for (int i = 0; i < java[k].length; i++) {
                assertEquals(java[k][i], ocl[k][i], 2e-4 * (1 + Math.abs(java[k][i])), "output " + k + " at " + i);
            }
        }
    }

    /**
     * {@code stepAndReadProposals} (step and reads enqueued together, one wait) reads exactly what a step followed
     * by {@code readProposals} and {@code readFlags} reads, every iteration, on both backends.
     */
    @ParameterizedTest
    @CsvSource({"java, german, 0.03", "opencl, german, 0.03", "opencl, icg50, 0.18"})
    void oneWaitReadsWhatSeparateReadsRead(String backendName, String name, double eps) {
        boolean opencl = backendName.equals("opencl");
        if (opencl) {
            assumeTrue(OpenClRequirement.availableOrFailInCi());
        }
        Target target = Targets.byName(name, null);
        try (Backend b = opencl ? Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { })
                : new JavaBackend(2)) {
            double[][] separate = run(b, target, eps, true, Precision.FLOAT64, false);
            double[][] together = run(b, target, eps, true, Precision.FLOAT64, true);
            for (int k = 0; k < separate.length; k++) {
                assertArrayEquals(separate[k], together[k], 0.0, backendName + " " + name + ": output " + k);
            }
        }
    }

    private static double[][] run(Backend backend, Target target, double eps, boolean keep, Precision precision) {
        return run(backend, target, eps, keep, precision, false);
    }

    /**
     * Returns {acceptance of every iteration, final positions, last proposals, last end momenta, accepted and
     * divergent flags of every iteration}; {@code oneWait}: step and read through {@code stepAndReadProposals}.
     */
    private static double[][] run(Backend backend, Target target, double eps, boolean keep, Precision precision,
                                  boolean oneWait) {
        int dim = target.dimension();
        double[] start = new double[dim * CHAINS];
        for (int i = 0; i < start.length; i++) {
            start[i] = 0.5 * Math.sin(i * 0.61);
        }
        double[] variances = new double[dim];
        double[] probs = new double[ITERATIONS * CHAINS], prob = new double[CHAINS];
        double[] pos = new double[dim * CHAINS], lp = new double[CHAINS];
        double[] prop = new double[dim * CHAINS], mom = new double[dim * CHAINS];
        int[] accepted = new int[CHAINS], divergent = new int[CHAINS];
        double[] flags = new double[2 * ITERATIONS * CHAINS];
        for (int d = 0; d < dim; d++) {
            variances[d] = 1.0;
        }
        HmcParameters params = HmcParameters.hmc(eps, 3, Metric.diagonal(variances));
        try (HmcSampler s = new HmcSampler("hmc", backend, target, params, CHAINS, 20261205L, precision, keep)) {
            s.init(start);
            for (int it = 0; it < ITERATIONS; it++) {
                s.setNumIntegrationSteps(1 + (it * 7) % 9);
                s.setStepSize(eps * (0.8 + 0.05 * it));
                for (int d = 0; d < dim; d++) {
                    variances[d] = 1.0 + 0.1 * Math.cos(d + it);
                }
                s.setMetric(Metric.diagonal(variances));
                if (keep && oneWait) {
                    s.stepAndReadProposals(it, prop, mom, prob, accepted, divergent);
                } else {
                    s.step(it);
                }
                if (keep) {
                    if (!oneWait) {
                        s.readProposals(prop, mom, prob);
                        s.readFlags(accepted, divergent);
                    }
                    for (int c = 0; c < CHAINS; c++) {
                        flags[2 * (it * CHAINS + c)] = accepted[c];
                        flags[2 * (it * CHAINS + c) + 1] = divergent[c];
                    }
                    s.readPositions(pos);
                    for (int c = 0; c < CHAINS; c++) {
                        if (accepted[c] == 1) {
                            for (int d = 0; d < dim; d++) {
                                assertEquals(prop[d * CHAINS + c], pos[d * CHAINS + c], 0.0, "accepted chain " + c);
                            }
                        }
                    }
                } else {
                    s.readAcceptance(prob);
                }
                System.arraycopy(prob, 0, probs, it * CHAINS, CHAINS);
            }
            s.readState(pos, lp);
            long expected = CHAINS;
            for (int it = 0; it < ITERATIONS; it++) {
                expected += (long) CHAINS * (1 + (it * 7) % 9);
            }
            assertEquals(expected, s.gradientEvaluations(), "gradients counted with each iteration's L");
        }
        double moved = 0;
        for (double p : probs) {
            moved += p;
        }
        assertTrue(moved / probs.length > 0.2, "mean acceptance " + moved / probs.length + ": chains must move");
        return new double[][] {probs, pos, prop, mom, flags};
    }
}
