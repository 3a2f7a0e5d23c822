package org.leapfrog.samplers.hmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.leapfrog.samplers.GaussianTestTarget;
import org.leapfrog.samplers.Precision;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.Target;

/**
 * A batch started at a chain offset (a shard) draws exactly what those chains draw in the whole batch: shards
 * [0, a), [a, b), [b, n) of a run reproduce the whole run bit for bit on each backend, and the OpenCL kernel with
 * an offset agrees with its Java twin with the same offset.
 */
class HmcChainOffsetTest {
    private static final int DIM = 5;
    private static final int CHAINS = 203; // shard boundaries below cut through lane groups and Java blocks
    private static final int[] CUTS = {0, 13, 77, 150, CHAINS};
    private static final int ITERATIONS = 30;

    @ParameterizedTest
    @CsvSource({"java, FLOAT64, 0.1", "java, FLOAT32, 0.1", "opencl, FLOAT64, 0.1", "opencl, FLOAT32, 0.0"})
    void shardsReproduceTheWholeBatchBitForBit(String backendKind, Precision precision, double jitter) {
        boolean opencl = backendKind.equals("opencl");
        if (opencl) {
            assumeTrue(OpenClRequirement.availableOrFailInCi());
        }
        Target target = GaussianTestTarget.icg(DIM);
        HmcParameters params = HmcParameters.hmc(0.2, 8, Metric.unit(DIM)).withJitter(jitter);
        double[] start = start(CHAINS);
        try (Backend b = open(opencl)) {
            double[] whole = run(b, target, params, precision, start, CHAINS, 0);
            double[] sharded = new double[DIM * CHAINS];
            for (int s = 0; s + 1 < CUTS.length; s++) {
                int a = CUTS[s], n = CUTS[s + 1] - a;
                double[] part = run(b, target, params, precision, slice(start, CHAINS, a, n), n, a);
                for (int d = 0; d < DIM; d++) {
                    System.arraycopy(part, d * n, sharded, d * CHAINS + a, n);
                }
            }
            assertArrayEquals(whole, sharded, backendKind + " " + precision + ": shards differ from the whole batch");
            // The offset changes the streams: chains 13.. started at chain 0's offset draw other numbers.
            double[] shifted = run(b, target, params, precision, slice(start, CHAINS, 13, 64), 64, 0);
            double[] keyed = run(b, target, params, precision, slice(start, CHAINS, 13, 64), 64, 13);
            assertTrue(!java.util.Arrays.equals(shifted, keyed), "the chain offset must key the random streams");
        }
    }

    @Test
    void openClWithOffsetMatchesTheJavaTwin() {
        assumeTrue(OpenClRequirement.availableOrFailInCi());
        Target target = GaussianTestTarget.icg(DIM);
        HmcParameters params = HmcParameters.hmc(0.2, 8, Metric.unit(DIM)).withJitter(0.1);
        double[] start = slice(start(CHAINS), CHAINS, 77, 73);
        double[] java;
        double[] ocl;
        try (Backend b = new JavaBackend(2)) {
            java = run(b, target, params, Precision.FLOAT64, start, 73, 77);
        }
        try (Backend b = open(true)) {
            ocl = run(b, target, params, Precision.FLOAT64, start, 73, 77);
        }
        for (int i = 0; i < java.length; i++) {
            assertEquals(java[i], ocl[i], 1e-10 * Math.max(1.0, Math.abs(java[i])), "position " + i);
        }
    }

    @Test
    void negativeOffsetIsRejectedWithItsName() {
        Target target = GaussianTestTarget.icg(DIM);
        HmcParameters params = HmcParameters.hmc(0.2, 8, Metric.unit(DIM));
        try (Backend b = new JavaBackend(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new HmcSampler("hmc", b, target, params, 4, 1L, Precision.FLOAT64, -1));
            assertTrue(e.getMessage().startsWith("chainOffset: -1"), e.getMessage());
        }
    }

    private static Backend open(boolean opencl) {
        return opencl ? Backends.open(new BackendRequest(BackendKind.OPENCL, -1), m -> { }) : new JavaBackend(2);
    }

    private static double[] run(Backend b, Target target, HmcParameters params, Precision precision, double[] start,
                                int chains, int offset) {
        try (HmcSampler s = new HmcSampler("hmc", b, target, params, chains, 42L, precision, offset)) {
            s.init(start);
            for (int it = 0; it < ITERATIONS; it++) {
                s.step(it);
            }
            double[] pos = new double[DIM * chains];
            s.readPositions(pos);
            return pos;
        }
    }

    private static double[] start(int chains) {
        double[] x = new double[DIM * chains];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(i * 0.37) * 2.0;
        }
        return x;
    }

    private static double[] slice(double[] all, int n, int from, int count) {
        double[] out = new double[DIM * count];
        for (int d = 0; d < DIM; d++) {
            System.arraycopy(all, d * n + from, out, d * count, count);
        }
        return out;
    }
}
