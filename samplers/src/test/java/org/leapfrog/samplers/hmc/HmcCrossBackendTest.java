package org.leapfrog.samplers.hmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.samplers.GaussianTestTarget;
import org.leapfrog.samplers.Lanes;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.Target;

/** The fused HMC kernel on OpenCL agrees with its Java twin: same accept decisions, positions within 1e-10. */
class HmcCrossBackendTest {
    @AfterEach
    void clearLanes() {
        System.clearProperty(Lanes.PROPERTY);
    }

    @ParameterizedTest
    @CsvSource({"8, unit, 0.0", "1, unit, 0.0", "8, diagonal, 0.1", "8, dense, 0.0", "4, dense, 0.2"})
    void openClMatchesJavaOver100Iterations(int lanes, String metricKind, double jitter) {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        System.setProperty(Lanes.PROPERTY, Integer.toString(lanes));
        int dim = 7;
        int chains = 203; // not a multiple of the lane width: exercises padding
        Target target = GaussianTestTarget.icg(dim);
        Metric metric = metric(metricKind, dim);
        HmcParameters params = HmcParameters.hmc(0.15, 10, metric).withJitter(jitter);
        double[] start = new double[dim * chains];
        for (int i = 0; i < start.length; i++) {
            start[i] = Math.sin(i * 0.37) * 2.0;
        }
        Result java;
        try (Backend b = new JavaBackend(2)) {
            java = run(b, target, params, chains, start);
        }
        Result ocl;
        try (Backend b = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { })) {
            ocl = run(b, target, params, chains, start);
        }
        assertArrayEquals(java.acceptedHistory, ocl.acceptedHistory, "accept decisions differ");
        for (int i = 0; i < java.position.length; i++) {
            assertEquals(java.position[i], ocl.position[i], 1e-10 * Math.max(1.0, Math.abs(java.position[i])),
                    "position " + i);
        }
        assertEquals(java.gradients, ocl.gradients);
    }

    /** The built-in targets through the fused kernel: same decisions, positions within 1e-10 on both backends. */
    @ParameterizedTest
    @CsvSource({"icg50, 0.18, 37, 60", "scg, 0.15, 37, 60", "mog, 0.25, 37, 60", "roughwell, 0.8, 37, 60",
        "funnel3, 0.05, 37, 60", "heart, 0.05, 21, 40", "german, 0.03, 16, 25"})
    void builtInTargetsAgreeAcrossBackends(String name, double eps, int chains, int iterations) {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        Target target = org.leapfrog.samplers.target.Targets.byName(name, null);
        int dim = target.dimension();
        HmcParameters params = HmcParameters.hmc(eps, 10, Metric.unit(dim)).withJitter(0.1);
        double[] start = new double[dim * chains];
        for (int i = 0; i < start.length; i++) {
            start[i] = 0.5 * Math.sin(i * 0.61);
        }
        Result java;
        try (Backend b = new JavaBackend(2)) {
            java = run(b, target, params, chains, start, iterations);
        }
        Result ocl;
        try (Backend b = Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { })) {
            ocl = run(b, target, params, chains, start, iterations);
        }
        assertArrayEquals(java.acceptedHistory, ocl.acceptedHistory, "accept decisions differ on " + name);
        for (int i = 0; i < java.position.length; i++) {
            assertEquals(java.position[i], ocl.position[i], 1e-10 * Math.max(1.0, Math.abs(java.position[i])),
                    name + " position " + i);
        }
    }

    static Metric metric(String kind, int dim) {
        switch (kind) {
            case "unit":
                return Metric.unit(dim);
            case "diagonal": {
                double[] v = new double[dim];
                for (int i = 0; i < dim; i++) {
                    v[i] = 0.5 + i;
                }
                return Metric.diagonal(v);
            }
            default: {
                double[] m = new double[dim * dim];
                for (int i = 0; i < dim; i++) {
                    for (int j = 0; j < dim; j++) {
                        m[i * dim + j] = (i == j ? 1.0 + i : 0.0) + 0.3 * Math.exp(-Math.abs(i - j));
                    }
                }
                return Metric.dense(m, dim);
            }
        }
    }

    record Result(int[] acceptedHistory, double[] position, long gradients) {
    }

    static Result run(Backend backend, Target target, HmcParameters params, int chains, double[] start) {
        return run(backend, target, params, chains, start, 100);
    }

    static Result run(Backend backend, Target target, HmcParameters params, int chains, double[] start,
                      int iterations) {
        int[] history = new int[iterations * chains];
        double[] prob = new double[chains], energy = new double[chains];
        int[] acc = new int[chains], div = new int[chains];
        double[] pos = new double[start.length], lp = new double[chains];
        try (HmcSampler s = new HmcSampler(backend, target, params, chains, 20261123L)) {
            s.init(start);
            for (int it = 0; it < iterations; it++) {
                s.step(it);
                s.readInfo(prob, acc, div, energy);
                System.arraycopy(acc, 0, history, it * chains, chains);
            }
            s.readState(pos, lp);
            return new Result(history, pos, s.gradientEvaluations());
        }
    }
}
