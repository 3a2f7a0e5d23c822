package org.leapfrog.samplers.adapt;

import org.leapfrog.runtime.Backend;
import org.leapfrog.samplers.hmc.HmcParameters;
import org.leapfrog.samplers.hmc.HmcSampler;
import org.leapfrog.samplers.target.Target;

/**
 * What adaptation produces: sampler parameters, a per-chain step-size factor (all 1 when the step size is
 * shared), and the chains' positions at the end of warmup to start sampling from.
 *
 * @param parameters          step size, steps and metric, frozen
 * @param chainStepScale      chain c integrates with {@code stepSize * chainStepScale[c]}
 * @param positions           chain-minor end-of-warmup positions (dimension * chains)
 * @param gradientEvaluations gradient evaluations (Hessian-vector products counted as one) spent on adaptation,
 *                            over all chains
 * @param adaptationAcceptance mean acceptance probability over the chains and the closing iterations of
 *                             adaptation (window adaptation: the second half of the terminal buffer), i.e. what
 *                             the step-size controller achieved while it ran
 */
public record TunedParameters(HmcParameters parameters, double[] chainStepScale, double[] positions,
                              long gradientEvaluations, double adaptationAcceptance) {
    public TunedParameters {
        chainStepScale = chainStepScale.clone();
        positions = positions.clone();
        if (positions.length != chainStepScale.length * parameters.metric().dimension()) {
            throw new IllegalArgumentException("positions: length " + positions.length + "; allowed: dimension * chains = "
                    + parameters.metric().dimension() + " * " + chainStepScale.length);
        }
    }

    public int chains() {
        return chainStepScale.length;
    }

    /** Step size of chain c (dimension 0's step size times the chain's factor). */
    public double stepSize(int chain) {
        return parameters.stepSize()[0] * chainStepScale[chain];
    }

    /** A sampler with these parameters, initialised at the end-of-warmup positions. */
    public HmcSampler sampler(Backend backend, Target target, long seed) {
        HmcSampler s = new HmcSampler(backend, target, parameters, chains(), seed);
        s.setChainStepScale(chainStepScale);
        s.init(positions);
        return s;
    }

    @Override
    public double[] chainStepScale() {
        return chainStepScale.clone();
    }

    @Override
    public double[] positions() {
        return positions.clone();
    }
}
