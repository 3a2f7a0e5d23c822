package org.leapfrog.spark;

import java.io.Serializable;
import org.leapfrog.samplers.hmc.HmcParameters;
import org.leapfrog.samplers.metric.Metric;

/**
 * What warmup hands to the shards: the frozen sampler parameters, the iteration sampling continues from, and
 * (after adaptation) every chain's position, chain-minor. Without adaptation the positions are null and every
 * shard starts its chains at their Stan-style starts and runs warmup itself (warmup is then per chain).
 */
record TunedState(double[] stepSize, int steps, int metricKind, double[] inverseMass, double jitter,
                  double maxEnergyError, double[] positions, int first, long gradients, double seconds,
                  String backend, String device) implements Serializable {
    private static final long serialVersionUID = 1L;

    static TunedState of(HmcParameters p, double[] positions, int first, long gradients, double seconds,
                         String backend, String device) {
        return new TunedState(p.stepSize(), p.numIntegrationSteps(), p.metric().kind().ordinal(),
                p.metric().inverseMass(), p.jitter(), p.maxEnergyError(), positions, first, gradients, seconds,
                backend, device);
    }

    HmcParameters parameters(int dimension) {
        Metric m = Metric.of(Metric.Kind.values()[metricKind], dimension, inverseMass);
        return new HmcParameters(stepSize, steps, m, jitter, maxEnergyError);
    }

    /** The same state without the positions (each shard receives only its own). */
    TunedState withoutPositions() {
        return new TunedState(stepSize, steps, metricKind, inverseMass, jitter, maxEnergyError, null, first,
                gradients, seconds, backend, device);
    }
}
