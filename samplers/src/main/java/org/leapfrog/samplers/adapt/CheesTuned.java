package org.leapfrog.samplers.adapt;

import org.leapfrog.runtime.Backend;
import org.leapfrog.samplers.Precision;
import org.leapfrog.samplers.hmc.HmcParameters;
import org.leapfrog.samplers.hmc.HmcSampler;
import org.leapfrog.samplers.hmc.JitteredHmcSampler;
import org.leapfrog.samplers.hmc.TrajectoryLength;
import org.leapfrog.samplers.target.Target;

/**
 * What {@link CheesAdaptation} produces: the frozen step size and metric (in {@code parameters}, whose L is the
 * first sampling iteration's), the trajectory length with its jitter, and the end-of-warmup positions.
 *
 * @param parameters           step size and metric (no step-size jitter)
 * @param trajectory           the adapted trajectory length T, the step size and the jitter of L_t
 * @param positions            chain-minor end-of-warmup positions (dimension * chains)
 * @param gradientEvaluations  gradient evaluations of the warmup, over all chains
 * @param adaptationAcceptance mean acceptance probability over the chains and the last 10% of warmup
 */
public record CheesTuned(HmcParameters parameters, TrajectoryLength trajectory, double[] positions,
                         long gradientEvaluations, double adaptationAcceptance) {
    public CheesTuned {
        positions = positions.clone();
    }

    public int chains() {
        return positions.length / parameters.metric().dimension();
    }

    /**
     * The sampling-phase sampler: fused HMC with these parameters whose L follows the jittered trajectory length
     * each iteration, initialised at the end-of-warmup positions; continue with iterations numWarmup onward.
     */
    public JitteredHmcSampler sampler(Backend backend, Target target, long seed, Precision precision) {
        HmcSampler hmc = new HmcSampler("hmc", backend, target, parameters, chains(), seed, precision);
        JitteredHmcSampler s = new JitteredHmcSampler(hmc, trajectory);
        s.init(positions);
        return s;
    }

    @Override
    public double[] positions() {
        return positions.clone();
    }
}
