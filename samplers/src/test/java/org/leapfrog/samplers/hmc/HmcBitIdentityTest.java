package org.leapfrog.samplers.hmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.Target;
import org.leapfrog.samplers.target.Targets;

/**
 * float64 HMC is bit-identical across backends on the Gaussian and logistic-regression targets: positions,
 * log densities and every iteration's acceptance probability (which feeds step-size adaptation). The
 * acceptance probability goes through LfMath's exp(-y) on both backends, and the logistic data term through
 * explicit fma on both.
 */
class HmcBitIdentityTest {
    @ParameterizedTest
    @CsvSource({"icg50, 0.18", "german, 0.03", "heart, 0.05", "australian, 0.03"})
    void positionsAndAcceptanceProbabilitiesAreBitIdentical(String name, double eps) {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        Target target = Targets.byName(name, null);
        int dim = target.dimension();
        int chains = 37; // not a multiple of the OpenCL lane width
        int iterations = 30;
        HmcParameters params = HmcParameters.hmc(eps, 10, Metric.unit(dim)).withJitter(0.5);
        double[] start = new double[dim * chains];
        for (int i = 0; i < start.length; i++) {
            start[i] = 0.5 * Math.sin(i * 0.61);
        }
        double[][] java;
        try (Backend b = new JavaBackend(2)) {
            java = run(b, target, params, chains, start, iterations);
        }
        double[][] ocl;
        try (Backend b = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { })) {
            ocl = run(b, target, params, chains, start, iterations);
        }
        assertArrayEquals(java[0], ocl[0], 0.0, name + ": acceptance probabilities");
        assertArrayEquals(java[1], ocl[1], 0.0, name + ": positions");
        assertArrayEquals(java[2], ocl[2], 0.0, name + ": log densities");
    }

    private static double[][] run(Backend backend, Target target, HmcParameters params, int chains, double[] start,
                                  int iterations) {
        double[] probs = new double[iterations * chains], prob = new double[chains];
        double[] pos = new double[start.length], lp = new double[chains];
        try (HmcSampler s = new HmcSampler(backend, target, params, chains, 20261205L)) {
            s.init(start);
            for (int it = 0; it < iterations; it++) {
                s.step(it);
                s.readAcceptance(prob);
                System.arraycopy(prob, 0, probs, it * chains, chains);
            }
            s.readState(pos, lp);
        }
        return new double[][] {probs, pos, lp};
    }
}
