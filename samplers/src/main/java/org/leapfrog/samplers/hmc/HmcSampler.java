package org.leapfrog.samplers.hmc;

import java.util.Arrays;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.graph.DataTransferMode;
import org.leapfrog.runtime.graph.HostArray;
import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.ImmutableTaskGraph;
import org.leapfrog.runtime.graph.IntArray;
import org.leapfrog.runtime.graph.IntParam;
import org.leapfrog.runtime.graph.LongParam;
import org.leapfrog.runtime.graph.TaskGraph;
import org.leapfrog.samplers.Lanes;
import org.leapfrog.samplers.Precision;
import org.leapfrog.samplers.Sampler;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.Target;

/**
 * HMC (or MALA, with one leapfrog step) over a batch of chains: one fused kernel launch per iteration, chain
 * state resident on the device. Chains are padded to the kernel's lane width; padding chains copy the last
 * chain's start and are never reported.
 *
 * <p>A {@link Precision} chooses the kernels' REAL and the state's element type: FLOAT64 (the default) or
 * FLOAT32. Positions and log densities are handed in and out as doubles either way (rounded to float on the way
 * in, exactly widened on the way out).
 */
public final class HmcSampler implements Sampler {
    private final String name;
    private final Target target;
    private final HmcParameters params;
    private final int chains;
    private final int padded;
    private final int dim;
    private final Precision precision;
    private final HostArray position;
    private final HostArray logDensity;
    private final HostArray gradient;
    private final HostArray acceptProb;
    private final IntArray accepted;
    private final IntArray divergent;
    private final HostArray energy;
    private final HostArray chainScale;
    private final IntParam iteration = new IntParam(0);
    /** Leapfrog steps of the next iteration (changeable between iterations: jittered trajectory lengths). */
    private final IntParam numSteps;
    private final HostArray stepSizes;
    private final HostArray metricData;
    /** Proposals (end of trajectory, before the accept decision); null unless kept. */
    private final HostArray proposalPosition;
    private final HostArray proposalMomentum;
    private final HostArray[] proposalArrays;
    private final HostArray[] flagArrays;
    private Metric metric;
    private double currentStepSize;
    private final ExecutionPlan plan;
    /** The arrays read back by readInfo and readState, built once (varargs would allocate per iteration). */
    private final HostArray[] infoArrays;
    private final HostArray[] stateArrays;
    private final HostArray[] positionArray;
    private final HostArray[] acceptArray;
    private long gradients;
    private boolean initialised;

    public HmcSampler(Backend backend, Target target, HmcParameters params, int chains, long seed) {
        this(params.numIntegrationSteps() == 1 ? "mala" : "hmc", backend, target, params, chains, seed);
    }

    public HmcSampler(String name, Backend backend, Target target, HmcParameters params, int chains, long seed) {
        this(name, backend, target, params, chains, seed, Precision.FLOAT64);
    }

    /** HMC (or MALA, with one leapfrog step) in a precision. */
    public HmcSampler(Backend backend, Target target, HmcParameters params, int chains, long seed,
                      Precision precision) {
        this(params.numIntegrationSteps() == 1 ? "mala" : "hmc", backend, target, params, chains, seed, precision);
    }

    public HmcSampler(String name, Backend backend, Target target, HmcParameters params, int chains, long seed,
                      Precision precision) {
        this(name, backend, target, params, chains, seed, precision, false);
    }

    /**
     * As the other constructors; with {@code keepProposals} every step also stores each chain's proposal (its
     * position and momentum at the end of the trajectory, accepted or not) for {@link #readProposals}, which
     * trajectory-length adaptation needs. The chains move exactly as without.
     */
    public HmcSampler(String name, Backend backend, Target target, HmcParameters params, int chains, long seed,
                      Precision precision, boolean keepProposals) {
        if (precision == null) {
            throw new IllegalArgumentException("precision: null; allowed: FLOAT64 or FLOAT32");
        }
        if (chains < 1) {
            throw new IllegalArgumentException("chains: " + chains + "; allowed: 1 or more");
        }
        if (params.metric().dimension() != target.dimension()) {
            throw new IllegalArgumentException("metric dimension: " + params.metric().dimension() + " for target '"
                    + target.name() + "' of dimension " + target.dimension() + "; allowed: equal dimensions");
        }
        if (backend.capabilities().runsOpenClC() && target.deviceCode().isEmpty()) {
            throw new IllegalArgumentException("target '" + target.name() + "' has no OpenCL code; use the java backend");
        }
        this.name = name;
        this.precision = precision;
        this.target = target;
        this.params = params;
        this.chains = chains;
        this.dim = target.dimension();
        int lanes = Lanes.forBackend(backend, precision);
        this.padded = Lanes.pad(chains, lanes);
        position = precision.allocate("position", dim * padded);
        logDensity = precision.allocate("logDensity", padded);
        gradient = precision.allocate("gradient", dim * padded);
        acceptProb = precision.allocate("acceptanceProbability", padded);
        accepted = new IntArray("accepted", padded);
        divergent = new IntArray("divergent", padded);
        energy = precision.allocate("energy", padded);
        double[] ones = new double[padded];
        Arrays.fill(ones, 1.0);
        chainScale = precision.of("chainStepScale", ones);
        this.metric = params.metric();
        this.currentStepSize = params.stepSize()[0];
        this.numSteps = new IntParam(params.numIntegrationSteps());
        stepSizes = precision.of("stepSize", params.stepSize());
        metricData = precision.of("metric", params.metric().kernelData());
        proposalPosition = keepProposals ? precision.allocate("proposalPosition", dim * padded) : null;
        proposalMomentum = keepProposals ? precision.allocate("proposalMomentum", dim * padded) : null;
        HostArray targetData = precision.of("targetData",
                target.deviceCode().map(c -> c.data()).orElse(new double[] {0.0}));
        int workItems = padded / lanes;
        int local = Lanes.localSize(backend);
        ImmutableTaskGraph init = new TaskGraph(name + "-init")
                .transferToDevice(DataTransferMode.UNDER_DEMAND, position)
                .task("init", HmcKernels.init(target, lanes, precision), workItems, padded, position, logDensity, gradient, targetData)
                .localWork(local)
                .snapshot();
        TaskGraph stepGraph = new TaskGraph(name + "-step")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, stepSizes, metricData, chainScale);
        if (keepProposals) {
            stepGraph.task("step", HmcKernels.stepWithProposal(target, params.metric(), lanes, precision), workItems,
                    new LongParam(seed), iteration, padded, position, logDensity, gradient, stepSizes,
                    params.jitter(), numSteps, params.maxEnergyError(), metricData,
                    targetData, acceptProb, accepted, divergent, energy, chainScale, proposalPosition,
                    proposalMomentum);
        } else {
            stepGraph.task("step", HmcKernels.step(target, params.metric(), lanes, precision), workItems,
                    new LongParam(seed), iteration, padded, position, logDensity, gradient, stepSizes,
                    params.jitter(), numSteps, params.maxEnergyError(), metricData,
                    targetData, acceptProb, accepted, divergent, energy, chainScale);
        }
        ImmutableTaskGraph step = stepGraph.localWork(local).snapshot();
        this.plan = backend.plan(init, step);
        this.infoArrays = new HostArray[] {acceptProb, accepted, divergent, energy};
        this.stateArrays = new HostArray[] {position, logDensity};
        this.positionArray = new HostArray[] {position};
        this.acceptArray = new HostArray[] {acceptProb};
        this.proposalArrays = keepProposals ? new HostArray[] {proposalPosition, proposalMomentum, acceptProb} : null;
        this.flagArrays = new HostArray[] {accepted, divergent};
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int chains() {
        return chains;
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public Target target() {
        return target;
    }

    public HmcParameters parameters() {
        return params;
    }

    /** The precision of the kernels and the chain state. */
    public Precision precision() {
        return precision;
    }

    /**
     * Sets a per-chain factor on the step size (chain c integrates with {@code stepSize[d] * scale[c]}), e.g.
     * step sizes adapted per chain; 1 for every chain until set. Takes effect at the next {@link #step}.
     */
    public void setChainStepScale(double[] scale) {
        if (scale.length != chains) {
            throw new IllegalArgumentException("chain step scale: length " + scale.length + "; allowed: one per chain ("
                    + chains + ")");
        }
        for (int c = 0; c < chains; c++) {
            if (!(scale[c] > 0) || !Double.isFinite(scale[c])) {
                throw new IllegalArgumentException("chain step scale[" + c + "]: " + scale[c]
                        + "; allowed: finite and > 0");
            }
            Precision.set(chainScale, c, scale[c]);
        }
        for (int c = chains; c < padded; c++) {
            Precision.set(chainScale, c, scale[chains - 1]);
        }
        plan.transferToDevice(chainScale);
    }

    @Override
    public void init(double[] positions) {
        if (positions.length != dim * chains) {
            throw new IllegalArgumentException("positions: length " + positions.length + "; allowed: dimension * chains = "
                    + dim + " * " + chains + " = " + dim * chains + " (chain-minor)");
        }
        for (int i = 0; i < positions.length; i++) {
            if (!Double.isFinite(positions[i])
                    || (precision == Precision.FLOAT32 && Math.abs(positions[i]) > Float.MAX_VALUE)) {
                throw new IllegalArgumentException("positions: coordinate " + (i / chains) + " of chain " + (i % chains)
                        + " is " + positions[i] + "; allowed: finite values"
                        + (precision == Precision.FLOAT32 ? " within float32's range (|x| <= 3.4e38)" : ""));
            }
        }
        for (int d = 0; d < dim; d++) {
            Precision.copy(positions, d * chains, position, d * padded, chains);
            for (int c = chains; c < padded; c++) {
                Precision.set(position, d * padded + c, positions[d * chains + chains - 1]);
            }
        }
        plan.transferToDevice(position);
        plan.execute(0);
        plan.transferToHost(logDensity);
        for (int c = 0; c < chains; c++) {
            double lp = Precision.get(logDensity, c);
            if (!Double.isFinite(lp)) {
                throw new IllegalArgumentException("positions: the log density of chain " + c + " at its start is "
                        + lp + "; allowed: a start where the target's log density is finite"
                        + (precision == Precision.FLOAT32 ? " in float32" : ""));
            }
        }
        gradients += chains;
        initialised = true;
    }

    @Override
    public void step(int it) {
        if (!initialised) {
            throw new IllegalStateException("sampler '" + name + "': call init(positions) before step");
        }
        iteration.set(it);
        plan.execute(1);
        gradients += (long) chains * numSteps.get();
    }

    @Override
    public void readState(double[] out, double[] logDensityOut) {
        plan.transferToHost(stateArrays);
        compact(position, out);
        Precision.copy(logDensity, 0, logDensityOut, 0, chains);
    }

    /** Copies positions only. */
    public void readPositions(double[] out) {
        plan.transferToHost(positionArray);
        compact(position, out);
    }

    @Override
    public void readInfo(double[] acceptanceProbability, int[] acceptedOut, int[] divergentOut, double[] energyOut) {
        plan.transferToHost(infoArrays);
        Precision.copy(acceptProb, 0, acceptanceProbability, 0, chains);
        System.arraycopy(accepted.data(), 0, acceptedOut, 0, chains);
        System.arraycopy(divergent.data(), 0, divergentOut, 0, chains);
        Precision.copy(energy, 0, energyOut, 0, chains);
    }

    private void compact(HostArray src, double[] out) {
        if (out.length != dim * chains) {
            throw new IllegalArgumentException("position output: length " + out.length + "; allowed: " + dim * chains);
        }
        for (int d = 0; d < dim; d++) {
            Precision.copy(src, d * padded, out, d * chains, chains);
        }
    }

    @Override
    public double stepSize() {
        return currentStepSize;
    }

    /** Leapfrog steps per iteration: the parameters' L, or the last {@link #setNumIntegrationSteps}. */
    @Override
    public int gradientsPerIteration() {
        return numSteps.get();
    }

    @Override
    public long gradientEvaluations() {
        return gradients;
    }

    @Override
    public void close() {
        plan.close();
    }

    /**
     * Copies only the last iteration's acceptance probabilities (what step-size adaptation needs each
     * iteration): one read-back instead of {@link #readInfo}'s four.
     */
    public void readAcceptance(double[] acceptanceProbability) {
        if (acceptanceProbability.length < chains) {
            throw new IllegalArgumentException("acceptance output: length " + acceptanceProbability.length
                    + "; allowed: at least one per chain (" + chains + ")");
        }
        plan.transferToHost(acceptArray);
        Precision.copy(acceptProb, 0, acceptanceProbability, 0, chains);
    }

    /** Sets L, the leapfrog steps of the following iterations (trajectory-length adaptation and jitter). */
    public void setNumIntegrationSteps(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("numIntegrationSteps: " + steps + "; allowed: 1 or more");
        }
        numSteps.set(steps);
    }

    /** Sets one step size for every dimension; takes effect at the next {@link #step}. */
    public void setStepSize(double stepSize) {
        if (!(stepSize > 0) || !Double.isFinite(stepSize)) {
            throw new IllegalArgumentException("stepSize: " + stepSize + "; allowed: finite and > 0");
        }
        for (int d = 0; d < dim; d++) {
            Precision.set(stepSizes, d, stepSize);
        }
        plan.transferToDevice(stepSizes);
        currentStepSize = stepSize;
    }

    /**
     * Replaces the metric by another of the same kind and dimension (the kernel is built for one kind); takes
     * effect at the next {@link #step}.
     */
    public void setMetric(Metric m) {
        if (m.kind() != metric.kind() || m.dimension() != dim) {
            throw new IllegalArgumentException("metric: " + m.kind() + " of dimension " + m.dimension()
                    + "; allowed: the sampler's kind " + metric.kind() + " and dimension " + dim);
        }
        double[] data = m.kernelData();
        for (int i = 0; i < data.length; i++) {
            Precision.set(metricData, i, data[i]);
        }
        plan.transferToDevice(metricData);
        metric = m;
    }

    /** The metric in use (the parameters' or the last {@link #setMetric}). */
    public Metric metric() {
        return metric;
    }

    /**
     * Copies the last step's proposals (position and momentum at the end of each chain's trajectory, chain-minor,
     * dimension * chains each) and acceptance probabilities; only for a sampler built with keepProposals.
     */
    public void readProposals(double[] position, double[] momentum, double[] acceptanceProbability) {
        if (proposalArrays == null) {
            throw new IllegalStateException("sampler '" + name + "': built without keepProposals; no proposals to read");
        }
        plan.transferToHost(proposalArrays);
        compact(proposalPosition, position);
        compact(proposalMomentum, momentum);
        Precision.copy(acceptProb, 0, acceptanceProbability, 0, chains);
    }

    /** Copies the last step's accepted and divergent flags (0/1 per chain). */
    public void readFlags(int[] acceptedOut, int[] divergentOut) {
        plan.transferToHost(flagArrays);
        System.arraycopy(accepted.data(), 0, acceptedOut, 0, chains);
        System.arraycopy(divergent.data(), 0, divergentOut, 0, chains);
    }
}
