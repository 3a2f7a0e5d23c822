package org.leapfrog.samplers.hmc;

import org.leapfrog.samplers.fused.FusedChains;
import org.leapfrog.samplers.fused.FusedSampler;
import org.leapfrog.samplers.target.Target;

/**
 * HMC whose number of leapfrog steps changes every iteration by a {@link TrajectoryLength} (the same for all
 * chains, as in ChEES-HMC's sampling phase): before each step it sets the fused kernel's L to that iteration's
 * jittered length. Owns the wrapped sampler and closes it. Its chain state is the wrapped sampler's, so run loops
 * that enqueue steps themselves ({@code StreamingRun}) drive it through {@link #fusedChains} and {@link #prepare}.
 */
public final class JitteredHmcSampler implements FusedSampler {
    private final HmcSampler hmc;
    private final TrajectoryLength trajectory;
    /** The lengths last handed to the step kernel ({@link #coverSteps}): iterations tableFirst .. + tableCount. */
    private final int[] table = new int[HmcSampler.STEPS_TABLE_CAPACITY];
    private int tableFirst;
    private int tableCount;

    public JitteredHmcSampler(HmcSampler hmc, TrajectoryLength trajectory) {
        this.hmc = hmc;
        this.trajectory = trajectory;
    }

    public TrajectoryLength trajectory() {
        return trajectory;
    }

    /** The wrapped sampler (for its precision, metric and read-backs). */
    public HmcSampler hmc() {
        return hmc;
    }

    @Override
    public String name() {
        return hmc.name();
    }

    @Override
    public int chains() {
        return hmc.chains();
    }

    @Override
    public int dimension() {
        return hmc.dimension();
    }

    @Override
    public Target target() {
        return hmc.target();
    }

    @Override
    public void init(double[] positions) {
        hmc.init(positions);
    }

    @Override
    public void step(int iteration) {
        prepare(iteration);
        hmc.step(iteration);
    }

    /** Sets the wrapped sampler's L to iteration {@code iteration}'s jittered length and returns it. */
    public int prepare(int iteration) {
        int steps = trajectory.steps(iteration);
        hmc.setNumIntegrationSteps(steps);
        return steps;
    }

    /**
     * Makes the statistics step kernel integrate iterations {@code first .. first + count - 1} with their jittered
     * lengths, from a table of the next {@link HmcSampler#STEPS_TABLE_CAPACITY} iterations that is refilled (one
     * small upload) only when a launch leaves it; so launches of several iterations keep each iteration's L.
     */
    public void coverSteps(int first, int count) {
        if (first >= tableFirst && (long) first + count <= (long) tableFirst + tableCount) {
            return;
        }
        for (int i = 0; i < table.length; i++) {
            table[i] = trajectory.steps(first + i);
        }
        hmc.setStepsTable(first, table, table.length);
        tableFirst = first;
        tableCount = table.length;
    }

    @Override
    public FusedChains fusedChains() {
        return hmc.fusedChains();
    }

    @Override
    public void readState(double[] position, double[] logDensity) {
        hmc.readState(position, logDensity);
    }

    @Override
    public void readInfo(double[] acceptanceProbability, int[] accepted, int[] divergent, double[] energy) {
        hmc.readInfo(acceptanceProbability, accepted, divergent, energy);
    }

    @Override
    public double stepSize() {
        return hmc.stepSize();
    }

    /** The leapfrog steps of the last iteration (before the first: the first iteration's). */
    @Override
    public int gradientsPerIteration() {
        return hmc.gradientsPerIteration();
    }

    @Override
    public long gradientEvaluations() {
        return hmc.gradientEvaluations();
    }

    @Override
    public void close() {
        hmc.close();
    }
}
