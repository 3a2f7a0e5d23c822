package org.leapfrog.samplers;

import org.leapfrog.samplers.target.Target;

/**
 * A batch of Markov chains advanced together. BlackJAX-shaped: {@link #init} sets the positions and
 * evaluates the target there; {@link #step} advances every chain by one iteration, whose randomness is a
 * pure function of (seed, chain, iteration), so a step is reproducible and a run can resume anywhere.
 * State lives on the backend's device; {@code read*} copies it to caller-owned arrays (chain-minor,
 * coordinate d of chain c at {@code d * chains() + c}). Nothing is allocated per step.
 *
 * <p>A numerical failure in one chain (non-finite density or gradient, energy error past the threshold)
 * rejects that chain's proposal and marks it divergent; other chains are unaffected.
 */
public interface Sampler extends AutoCloseable {
    /** e.g. hmc, mala. */
    String name();

    int chains();

    int dimension();

    Target target();

    /** Sets the positions (chain-minor, length dimension * chains) and evaluates the target there. */
    void init(double[] positions);

    /** Advances every chain by one iteration. */
    void step(int iteration);

    /** Copies positions (length dimension * chains) and log densities (length chains). */
    void readState(double[] position, double[] logDensity);

    /** Copies the last step's per-chain info: acceptance probability, accepted (0/1), divergent (0/1), energy. */
    void readInfo(double[] acceptanceProbability, int[] accepted, int[] divergent, double[] energy);

    /** Step size of dimension 0 (the scalar step size when all are equal). */
    double stepSize();

    /** Gradient evaluations per chain per iteration. */
    int gradientsPerIteration();

    /** Total gradient evaluations so far, over all chains (initialisation included). */
    long gradientEvaluations();

    @Override
    void close();
}
