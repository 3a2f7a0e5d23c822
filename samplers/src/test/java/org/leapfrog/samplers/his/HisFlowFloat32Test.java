package org.leapfrog.samplers.his;

import org.junit.jupiter.api.Test;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.BackendKind;
import org.leapfrog.runtime.BackendRequest;
import org.leapfrog.runtime.Backends;
import org.leapfrog.runtime.OpenClRequirement;
import org.leapfrog.runtime.java.JavaBackend;
import org.leapfrog.samplers.Precision;

/** The tempered flow in float32: unbiased normaliser estimates on both backends, and OpenCL against the twin. */
class HisFlowFloat32Test {
    /**
     * E[exp(log w)] = (2 pi)^(3/2) for exp(-|x|^2/2) in d = 3 with z0 ~ N(0, 1.5^2 I), in float32 on Java and
     * OpenCL. Float rounding of log w (about 1e-6 here) biases exp(log w) by far less than the standard error
     * (0.3%). Two checks at 5 standard errors: false-failure rate 2 x 5.7e-7 = 1.1e-6.
     */
    @Test
    void float32WeightsAreUnbiasedForTheNormaliser() {
        double[][] start = FlowChecks.gaussianStarts();
        check(new JavaBackend(2), start, "java");
        if (OpenClRequirement.availableOrFailInCi()) {
            check(Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { }), start, "opencl");
        }
    }

    private static void check(Backend backend, double[][] start, String label) {
        double[] logw;
        try (backend) {
            logw = FlowChecks.normaliserLogWeights(backend, start[0], start[1], Precision.FLOAT32);
        }
        FlowChecks.checkUnbiasedForTheNormaliser(label + " float32 mean importance weight", logw);
    }

    /**
     * The OpenCL float flow against the twin (float inputs and momenta, double arithmetic): z_K, rho_K and log w
     * within 1e-5 (x (1 + |value|)): 8 steps of float rounding (2^-24 each) with step sizes up to 0.2.
     */
    @Test
    void openClFloat32FlowMatchesTheTwin() {
        org.junit.jupiter.api.Assumptions.assumeTrue(OpenClRequirement.availableOrFailInCi());
        FlowChecks.openClMatchesJava(Precision.FLOAT32, v -> 1e-5 * (1 + Math.abs(v)));
    }
}
