package org.leapfrog.samplers.fused;

import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.HostArray;
import org.leapfrog.runtime.graph.IntParam;
import org.leapfrog.samplers.Precision;

/**
 * Drives a fused sampler's plan over its {@link ChainBuffers}: graph 0 initialises (evaluates the target at the
 * loaded positions), graph 1 advances every chain by one iteration, reading {@link #iteration()} as its counter.
 * It owns what every such sampler does the same way: start checks, gradient counting, and read-backs of state
 * and step info through read-back lists built once (no allocation per iteration). HMC, MALA and the learned
 * samplers differ only in the kernels they put into the two graphs.
 */
public final class FusedChains implements AutoCloseable {
    private final String name;
    private final ChainBuffers buffers;
    private final ExecutionPlan plan;
    private final IntParam iteration;
    private final HostArray[] infoArrays;
    private final HostArray[] stateArrays;
    private final HostArray[] positionArray;
    private final HostArray[] acceptArray;
    private long gradients;
    private boolean initialised;

    /**
     * @param name      the sampler's name, for error messages
     * @param plan      graph 0: init, graph 1: step; both bound to {@code buffers}
     * @param iteration the step graph's iteration parameter
     */
    public FusedChains(String name, ChainBuffers buffers, ExecutionPlan plan, IntParam iteration) {
        this.name = name;
        this.buffers = buffers;
        this.plan = plan;
        this.iteration = iteration;
        this.infoArrays = new HostArray[] {buffers.acceptanceProbability(), buffers.accepted(), buffers.divergent(),
                buffers.energy()};
        this.stateArrays = new HostArray[] {buffers.position(), buffers.logDensity()};
        this.positionArray = new HostArray[] {buffers.position()};
        this.acceptArray = new HostArray[] {buffers.acceptanceProbability()};
    }

    public ChainBuffers buffers() {
        return buffers;
    }

    public ExecutionPlan plan() {
        return plan;
    }

    /** Loads and checks start positions, runs the init graph and checks every start density is finite. */
    public void init(double[] positions) {
        buffers.loadPositions(positions);
        plan.transferToDevice(buffers.position());
        plan.execute(0);
        plan.transferToHost(buffers.logDensity());
        buffers.checkStartDensities();
        gradients += buffers.chains();
        initialised = true;
    }

    /** Runs the step graph for iteration {@code it}, counting {@code gradientsPerChain} per chain. */
    public void step(int it, int gradientsPerChain) {
        if (!initialised) {
            throw new IllegalStateException("sampler '" + name + "': call init(positions) before step");
        }
        iteration.set(it);
        plan.execute(1);
        gradients += (long) buffers.chains() * gradientsPerChain;
    }

    /**
     * Like {@link #step} but returns once the step is enqueued where the backend queues work (OpenCL), so the
     * caller can enqueue reads and further steps while it runs; read-backs wait for it.
     */
    public void enqueueStep(int it, int gradientsPerChain) {
        if (!initialised) {
            throw new IllegalStateException("sampler '" + name + "': call init(positions) before step");
        }
        iteration.set(it);
        plan.enqueue(1);
        gradients += (long) buffers.chains() * gradientsPerChain;
    }

    /**
     * Enqueues one launch of a step graph that runs {@code iterations} consecutive iterations from {@code it} (a
     * kernel with an iteration count argument, set by its owner before), counting {@code gradientsPerChain} per
     * chain and iteration; as {@link #enqueueStep}, it returns once the launch is enqueued.
     */
    public void enqueueSteps(int it, int iterations, int gradientsPerChain) {
        enqueueLaunch(it, (long) iterations * gradientsPerChain);
    }

    /**
     * As {@link #enqueueSteps}, for a launch whose iterations differ in L: {@code gradientsPerChain} is their
     * total per chain.
     */
    public void enqueueLaunch(int it, long gradientsPerChain) {
        if (!initialised) {
            throw new IllegalStateException("sampler '" + name + "': call init(positions) before step");
        }
        iteration.set(it);
        plan.enqueue(1);
        gradients += buffers.chains() * gradientsPerChain;
    }

    /** As {@link #enqueueSteps}, returning when the launch has finished (as {@link #step}). */
    public void steps(int it, int iterations, int gradientsPerChain) {
        step(it, gradientsPerChain);
        gradients += (long) buffers.chains() * gradientsPerChain * (iterations - 1);
    }

    public long gradientEvaluations() {
        return gradients;
    }

    public void readState(double[] position, double[] logDensity) {
        plan.transferToHost(stateArrays);
        buffers.compact(buffers.position(), position, buffers.dimension());
        Precision.copy(buffers.logDensity(), 0, logDensity, 0, buffers.chains());
    }

    public void readPositions(double[] position) {
        plan.transferToHost(positionArray);
        buffers.compact(buffers.position(), position, buffers.dimension());
    }

    public void readInfo(double[] acceptanceProbability, int[] accepted, int[] divergent, double[] energy) {
        int chains = buffers.chains();
        plan.transferToHost(infoArrays);
        Precision.copy(buffers.acceptanceProbability(), 0, acceptanceProbability, 0, chains);
        System.arraycopy(buffers.accepted().data(), 0, accepted, 0, chains);
        System.arraycopy(buffers.divergent().data(), 0, divergent, 0, chains);
        Precision.copy(buffers.energy(), 0, energy, 0, chains);
    }

    /** The last iteration's acceptance probabilities only: one read-back instead of {@link #readInfo}'s four. */
    public void readAcceptance(double[] acceptanceProbability) {
        if (acceptanceProbability.length < buffers.chains()) {
            throw new IllegalArgumentException("acceptance output: length " + acceptanceProbability.length
                    + "; allowed: at least one per chain (" + buffers.chains() + ")");
        }
        plan.transferToHost(acceptArray);
        Precision.copy(buffers.acceptanceProbability(), 0, acceptanceProbability, 0, buffers.chains());
    }

    @Override
    public void close() {
        plan.close();
    }
}
