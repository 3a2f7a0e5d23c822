package org.leapfrog.samplers.hmc;

import java.util.Arrays;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.buffer.AsyncRead;
import org.leapfrog.runtime.graph.DataTransferMode;
import org.leapfrog.runtime.graph.HostArray;
import org.leapfrog.runtime.graph.ImmutableTaskGraph;
import org.leapfrog.runtime.graph.IntArray;
import org.leapfrog.runtime.graph.IntParam;
import org.leapfrog.runtime.graph.LongParam;
import org.leapfrog.runtime.graph.TaskGraph;
import org.leapfrog.samplers.Lanes;
import org.leapfrog.samplers.Numerics;
import org.leapfrog.samplers.Precision;
import org.leapfrog.samplers.fused.ChainBuffers;
import org.leapfrog.samplers.fused.ChainStatistics;
import org.leapfrog.samplers.fused.FusedChains;
import org.leapfrog.samplers.fused.FusedSampler;
import org.leapfrog.samplers.metric.Metric;
import org.leapfrog.samplers.target.Target;

/**
 * HMC (or MALA, with one leapfrog step) over a batch of chains: one fused kernel launch per iteration, chain
 * state resident on the device. Chains are padded to the kernel's lane width; padding chains copy the last
 * chain's start and are never reported. The chain state and its read-backs are {@link ChainBuffers} and
 * {@link FusedChains}, shared with the other fused samplers; this class supplies the HMC kernels.
 *
 * <p>A {@link Precision} chooses the kernels' REAL and the state's element type: FLOAT64 (the default) or
 * FLOAT32. Positions and log densities are handed in and out as doubles either way (rounded to float on the way
 * in, exactly widened on the way out).
 */
public final class HmcSampler implements FusedSampler {
    private final String name;
    private final Target target;
    private final HmcParameters params;
    private final int chains;
    private final int padded;
    private final Precision precision;
    private final Numerics numerics;
    private final ChainBuffers state;
    private final HostArray chainScale;
    private final IntParam iteration = new IntParam(0);
    /** In-step chain statistics (null unless built with them). */
    private ChainStatistics statistics;
    /** L per iteration for the statistics step kernel (see {@link #setStepsTable}); unused otherwise. */
    private final IntArray stepsTable = new IntArray("stepsTable", STEPS_TABLE_CAPACITY);
    private final IntParam stepsFirst = new IntParam(0);
    private final IntParam stepsCount = new IntParam(0);
    /** Entries of {@link #setStepsTable}'s table. */
    public static final int STEPS_TABLE_CAPACITY = 4096;
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
    private final FusedChains run;
    /** Asynchronous reads of the proposals and flags (null unless keepProposals): one wait per iteration. */
    private final AsyncRead[] proposalReads;

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
        this(name, backend, target, params, chains, seed, precision, 0);
    }

    /**
     * A batch holding chains {@code [chainOffset, chainOffset + chains)} of a larger run: random streams are
     * keyed by the global chain index, so the batch draws exactly what those chains draw in the whole run (a
     * shard of it). Offset 0 is the whole-run sampler of the other constructors.
     */
    public HmcSampler(String name, Backend backend, Target target, HmcParameters params, int chains, long seed,
                      Precision precision, int chainOffset) {
        this(name, backend, target, params, chains, seed, precision, Numerics.REPRODUCIBLE, chainOffset, false);
    }

    /**
     * As the other constructors; with {@code keepProposals} every step also stores each chain's proposal (its
     * position and momentum at the end of the trajectory, accepted or not) for {@link #readProposals}, which
     * trajectory-length adaptation needs. The chains move exactly as without.
     */
    public HmcSampler(String name, Backend backend, Target target, HmcParameters params, int chains, long seed,
                      Precision precision, boolean keepProposals) {
        this(name, backend, target, params, chains, seed, precision, Numerics.REPRODUCIBLE, 0, keepProposals);
    }

    /** HMC (or MALA, with one leapfrog step) in a precision and a numerics mode ({@link Numerics}). */
    public HmcSampler(Backend backend, Target target, HmcParameters params, int chains, long seed,
                      Precision precision, Numerics numerics) {
        this(params.numIntegrationSteps() == 1 ? "mala" : "hmc", backend, target, params, chains, seed, precision,
                numerics, 0, false);
    }

    public HmcSampler(String name, Backend backend, Target target, HmcParameters params, int chains, long seed,
                      Precision precision, Numerics numerics) {
        this(name, backend, target, params, chains, seed, precision, numerics, 0, false);
    }

    /** A batch of a larger run (see the chainOffset constructor) in a precision and a numerics mode. */
    public HmcSampler(String name, Backend backend, Target target, HmcParameters params, int chains, long seed,
                      Precision precision, Numerics numerics, int chainOffset) {
        this(name, backend, target, params, chains, seed, precision, numerics, chainOffset, false);
    }

    /**
     * The general form: a shard ({@code chainOffset}) in a precision and numerics mode, optionally keeping its
     * proposals ({@code keepProposals}, see above).
     */
    public HmcSampler(String name, Backend backend, Target target, HmcParameters params, int chains, long seed,
                      Precision precision, Numerics numerics, int chainOffset, boolean keepProposals) {
        this(name, backend, target, params, chains, seed, precision, numerics, chainOffset, keepProposals, -1);
    }

    /**
     * A float64 sampler whose step kernel also accumulates the run's chain statistics on each kept draw
     * ({@code lf_hmc_step_stats}; {@link #statistics()}, for {@code StreamingRun}), packing chains
     * 0 .. {@code keptChains}-1 for reading back: no separate statistics launch and no second pass over the state.
     * The chains move exactly as with the other constructors.
     */
    public HmcSampler(String name, Backend backend, Target target, HmcParameters params, int chains, long seed,
                      Numerics numerics, int keptChains) {
        this(name, backend, target, params, chains, seed, Precision.FLOAT64, numerics, 0, false,
                checkKept(keptChains, chains));
    }

    private static int checkKept(int keptChains, int chains) {
        if (keptChains < 0 || keptChains > chains) {
            throw new IllegalArgumentException("keptChains: " + keptChains + "; allowed: 0 to chains (" + chains + ")");
        }
        return keptChains;
    }

    private HmcSampler(String name, Backend backend, Target target, HmcParameters params, int chains, long seed,
                       Precision precision, Numerics numerics, int chainOffset, boolean keepProposals,
                       int statisticsKept) {
        if (numerics == null) {
            throw new IllegalArgumentException("numerics: null; allowed: REPRODUCIBLE or FAST");
        }
        if (chainOffset < 0 || (long) chainOffset + chains > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("chainOffset: " + chainOffset + "; allowed: 0 or more, with chainOffset"
                    + " + chains (" + chains + ") at most " + Integer.MAX_VALUE);
        }
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
        this.numerics = numerics;
        this.target = target;
        this.params = params;
        this.chains = chains;
        int lanes = Lanes.forBackend(backend, precision);
        this.state = new ChainBuffers(precision, target.dimension(), chains, lanes);
        this.padded = state.padded();
        double[] ones = new double[padded];
        Arrays.fill(ones, 1.0);
        chainScale = precision.of("chainStepScale", ones);
        this.metric = params.metric();
        this.currentStepSize = params.stepSize()[0];
        this.numSteps = new IntParam(params.numIntegrationSteps());
        stepSizes = precision.of("stepSize", params.stepSize());
        metricData = precision.of("metric", params.metric().kernelData());
        int dim = target.dimension();
        proposalPosition = keepProposals ? precision.allocate("proposalPosition", dim * padded) : null;
        proposalMomentum = keepProposals ? precision.allocate("proposalMomentum", dim * padded) : null;
        HostArray targetData = precision.of("targetData",
                target.deviceCode().map(c -> c.data()).orElse(new double[] {0.0}));
        int workItems = padded / lanes;
        int local = Lanes.localSize(backend);
        ImmutableTaskGraph init = new TaskGraph(name + "-init")
                .transferToDevice(DataTransferMode.UNDER_DEMAND, state.position())
                .task("init", HmcKernels.init(target, lanes, precision, numerics), workItems, padded, state.position(),
                        state.logDensity(), state.gradient(), targetData)
                .localWork(local)
                .snapshot();
        TaskGraph stepGraph = new TaskGraph(name + "-step")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, stepSizes, metricData, chainScale);
        Object[] stepArgs = {new LongParam(seed), iteration, padded, state.position(), state.logDensity(),
                state.gradient(), stepSizes, params.jitter(), numSteps, params.maxEnergyError(), metricData, targetData,
                state.acceptanceProbability(), state.accepted(), state.divergent(), state.energy(), chainScale,
                new IntParam(chainOffset)};
        if (keepProposals) {
            Object[] withProposals = Arrays.copyOf(stepArgs, stepArgs.length + 2);
            withProposals[stepArgs.length] = proposalPosition;
            withProposals[stepArgs.length + 1] = proposalMomentum;
            stepGraph.task("step", HmcKernels.stepWithProposal(target, params.metric(), lanes, precision,
                    numerics), workItems,
                    withProposals);
        } else if (statisticsKept >= 0) {
            this.statistics = ChainStatistics.forStep(backend, state, statisticsKept);
            Object[] extra = statistics.stepArguments();
            Object[] withStats = Arrays.copyOf(stepArgs, stepArgs.length + extra.length + 3);
            System.arraycopy(extra, 0, withStats, stepArgs.length, extra.length);
            withStats[withStats.length - 3] = stepsFirst;
            withStats[withStats.length - 2] = stepsCount;
            withStats[withStats.length - 1] = stepsTable;
            stepGraph.transferToDevice(DataTransferMode.FIRST_EXECUTION, stepsTable);
            stepGraph.task("step", HmcKernels.stepWithStatistics(target, params.metric(), lanes, numerics), workItems,
                    withStats);
        } else {
            stepGraph.task("step", HmcKernels.step(target, params.metric(), lanes, precision, numerics), workItems,
                    stepArgs);
        }
        ImmutableTaskGraph step = stepGraph.localWork(local).snapshot();
        this.run = new FusedChains(name, state, backend.plan(init, step), iteration);
        this.proposalArrays = keepProposals
                ? new HostArray[] {proposalPosition, proposalMomentum, state.acceptanceProbability()} : null;
        this.flagArrays = new HostArray[] {state.accepted(), state.divergent()};
        if (keepProposals) {
            HostArray[] all = {proposalPosition, proposalMomentum, state.acceptanceProbability(), state.accepted(),
                    state.divergent()};
            proposalReads = new AsyncRead[all.length];
            for (int i = 0; i < all.length; i++) {
                proposalReads[i] = backend.memory().asyncRead(all[i]);
            }
        } else {
            proposalReads = null;
        }
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

    /** The numerics mode of the kernels: REPRODUCIBLE (bit-identical across backends) or FAST. */
    public Numerics numerics() {
        return numerics;
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
        run.plan().transferToDevice(chainScale);
    }

    @Override
    public void step(int it) {
        if (statistics != null) {
            statistics.beforeStep(false); // one plain iteration, whatever the run loop set last
        }
        run.step(it, numSteps.get());
    }

    /**
     * Sets L for iterations {@code first .. first + count - 1} ({@code steps[0 .. count-1]}, each 1 or more; count
     * up to {@link #STEPS_TABLE_CAPACITY}): the statistics step kernel then integrates each of those iterations
     * with its own L, also inside a launch of several iterations, and the other iterations with the L of
     * {@link #setNumIntegrationSteps}. Only for a sampler whose step kernel keeps statistics. Waits for the device.
     */
    public void setStepsTable(int first, int[] steps, int count) {
        if (statistics == null) {
            throw new IllegalStateException("sampler '" + name + "': a table of L per iteration needs the step kernel "
                    + "with statistics (the constructor with keptChains)");
        }
        if (first < 0 || count < 0 || count > STEPS_TABLE_CAPACITY || count > steps.length) {
            throw new IllegalArgumentException("steps table: first " + first + ", count " + count + " of "
                    + steps.length + "; allowed: first >= 0, count 0 to min(" + STEPS_TABLE_CAPACITY + ", length)");
        }
        for (int i = 0; i < count; i++) {
            if (steps[i] < 1) {
                throw new IllegalArgumentException("steps table[" + i + "]: " + steps[i] + "; allowed: 1 or more");
            }
            stepsTable.data()[i] = steps[i];
        }
        stepsTable.hostChanged();
        run.plan().transferToDevice(stepsTable);
        stepsFirst.set(first);
        stepsCount.set(count);
    }

    /**
     * Runs iterations {@code first .. first + iterations - 1} in one launch, without adding draws to the statistics:
     * the chains move exactly as with that many {@link #step} calls. Only for a sampler whose step kernel keeps
     * statistics ({@link #statistics()} non-null), up to its {@link ChainStatistics#maxIterationsPerLaunch}.
     */
    public void steps(int first, int iterations) {
        if (statistics == null) {
            throw new IllegalStateException("sampler '" + name + "': several iterations per launch need the step "
                    + "kernel with statistics (the constructor with keptChains)");
        }
        statistics.beforeSteps(iterations, 0);
        run.steps(first, iterations, numSteps.get());
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
    public FusedChains fusedChains() {
        return run;
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
        for (int d = 0; d < state.dimension(); d++) {
            Precision.set(stepSizes, d, stepSize);
        }
        run.plan().transferToDevice(stepSizes);
        currentStepSize = stepSize;
    }

    /**
     * Replaces the metric by another of the same kind and dimension (the kernel is built for one kind); takes
     * effect at the next {@link #step}.
     */
    public void setMetric(Metric m) {
        if (m.kind() != metric.kind() || m.dimension() != state.dimension()) {
            throw new IllegalArgumentException("metric: " + m.kind() + " of dimension " + m.dimension()
                    + "; allowed: the sampler's kind " + metric.kind() + " and dimension " + state.dimension());
        }
        double[] data = m.kernelData();
        for (int i = 0; i < data.length; i++) {
            Precision.set(metricData, i, data[i]);
        }
        run.plan().transferToDevice(metricData);
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
        run.plan().transferToHost(proposalArrays);
        state.compact(proposalPosition, position, state.dimension());
        state.compact(proposalMomentum, momentum, state.dimension());
        Precision.copy(state.acceptanceProbability(), 0, acceptanceProbability, 0, chains);
    }

    /**
     * Runs iteration {@code it} and copies its proposals, acceptance probabilities and accepted and divergent flags
     * (as {@link #step}, {@link #readProposals} and {@link #readFlags} do) with one wait for the device instead of
     * six: the step and the reads are enqueued together (only for a sampler built with keepProposals). Per-iteration
     * adaptation on many chains (ChEES) needs all of them every iteration; on a busy machine each wait costs a
     * wake-up of the device's threads.
     */
    public void stepAndReadProposals(int it, double[] position, double[] momentum, double[] acceptanceProbability,
                                     int[] acceptedOut, int[] divergentOut) {
        if (proposalReads == null) {
            throw new IllegalStateException("sampler '" + name + "': built without keepProposals; no proposals to read");
        }
        run.enqueueStep(it, numSteps.get());
        for (AsyncRead r : proposalReads) {
            r.start();
        }
        for (AsyncRead r : proposalReads) {
            r.await();
        }
        state.compact(proposalPosition, position, state.dimension());
        state.compact(proposalMomentum, momentum, state.dimension());
        Precision.copy(state.acceptanceProbability(), 0, acceptanceProbability, 0, chains);
        System.arraycopy(state.accepted().data(), 0, acceptedOut, 0, chains);
        System.arraycopy(state.divergent().data(), 0, divergentOut, 0, chains);
    }

    /** Copies the last step's accepted and divergent flags (0/1 per chain). */
    public void readFlags(int[] acceptedOut, int[] divergentOut) {
        run.plan().transferToHost(flagArrays);
        System.arraycopy(state.accepted().data(), 0, acceptedOut, 0, chains);
        System.arraycopy(state.divergent().data(), 0, divergentOut, 0, chains);
    }

    /** The statistics the step kernel accumulates (the in-step constructor), or null. */
    public ChainStatistics statistics() {
        return statistics;
    }

    @Override
    public void close() {
        try {
            fusedChains().close();
        } finally {
            if (statistics != null) {
                statistics.close();
            }
        }
    }
}
