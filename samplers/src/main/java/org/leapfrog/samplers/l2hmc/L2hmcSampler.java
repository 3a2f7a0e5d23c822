package org.leapfrog.samplers.l2hmc;

import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.graph.DataTransferMode;
import org.leapfrog.runtime.graph.HostArray;
import org.leapfrog.runtime.graph.ImmutableTaskGraph;
import org.leapfrog.runtime.graph.IntParam;
import org.leapfrog.runtime.graph.LongParam;
import org.leapfrog.runtime.graph.TaskGraph;
import org.leapfrog.samplers.Lanes;
import org.leapfrog.samplers.Precision;
import org.leapfrog.samplers.fused.ChainBuffers;
import org.leapfrog.samplers.fused.FusedChains;
import org.leapfrog.samplers.fused.FusedSampler;
import org.leapfrog.samplers.hmc.HmcKernels;
import org.leapfrog.samplers.target.Target;

/**
 * L2HMC over a batch of chains: one fused kernel launch per iteration ({@code l2hmc.cl}: direction and
 * momentum from Philox keyed by (seed, chain, iteration), M augmented leapfrog steps with both networks
 * inlined, energy, log |det J| and the Metropolis-Hastings decision; a non-finite proposal is rejected and the
 * chain marked divergent). The chain state and its read-backs are {@link ChainBuffers} and {@link FusedChains},
 * as for HMC; the weights are one buffer in the model's flat layout ({@link #setWeights} replaces them).
 * float64 (the default) or float32 ({@link Precision}): in float32 the chain state is float and the model's
 * float64 weights, masks and time embeddings are rounded to float once, when they are uploaded.
 */
public final class L2hmcSampler implements FusedSampler {
    private final Target target;
    private final L2hmcModel model;
    private final Precision precision;
    private final ChainBuffers state;
    private final HostArray weights;
    private final HostArray traceOut;
    private final IntParam iteration = new IntParam(0);
    private final IntParam trace = new IntParam(0);
    private final FusedChains run;

    public L2hmcSampler(Backend backend, Target target, L2hmcModel model, int chains, long seed) {
        this(backend, target, model, chains, seed, Precision.FLOAT64, false);
    }

    /** A sampler in a precision (float64: bit for bit the sampler without one). */
    public L2hmcSampler(Backend backend, Target target, L2hmcModel model, int chains, long seed, Precision precision) {
        this(backend, target, model, chains, seed, precision, false);
    }

    /** A float64 sampler, traced or not (see below). */
    public L2hmcSampler(Backend backend, Target target, L2hmcModel model, int chains, long seed, boolean traced) {
        this(backend, target, model, chains, seed, Precision.FLOAT64, traced);
    }

    /**
     * @param traced write every proposal (position, momentum, log |det J|, log acceptance ratio) to a buffer read
     *               by {@link #readTrace} (for tests)
     */
    public L2hmcSampler(Backend backend, Target target, L2hmcModel model, int chains, long seed, Precision precision,
                        boolean traced) {
        if (precision == null) {
            throw new IllegalArgumentException("precision: null; allowed: FLOAT64 or FLOAT32");
        }
        if (chains < 1) {
            throw new IllegalArgumentException("chains: " + chains + "; allowed: 1 or more");
        }
        if (!model.target().equals(target.name()) || model.dimension() != target.dimension()) {
            throw new IllegalArgumentException("model: trained for target '" + model.target() + "' (dimension "
                    + model.dimension() + "); allowed: a model for '" + target.name() + "' (dimension "
                    + target.dimension() + ")");
        }
        if (backend.capabilities().runsOpenClC() && target.deviceCode().isEmpty()) {
            throw new IllegalArgumentException("target '" + target.name() + "' has no OpenCL code; use the java backend");
        }
        this.target = target;
        this.model = model;
        this.precision = precision;
        int lanes = Lanes.forBackend(backend, precision);
        this.state = new ChainBuffers(precision, target.dimension(), chains, lanes);
        int padded = state.padded();
        this.weights = precision.of("l2hmcWeights", model.weights());
        HostArray mask = precision.of("l2hmcMask", model.maskData());
        HostArray tau = precision.of("l2hmcTau", model.tauData());
        HostArray targetData = precision.of("targetData",
                target.deviceCode().map(c -> c.data()).orElse(new double[] {0.0}));
        this.traceOut = precision.allocate("l2hmcTrace", traced ? (2 * target.dimension() + 2) * padded : 1);
        trace.set(traced ? 1 : 0);
        int workItems = padded / lanes;
        int local = Lanes.localSize(backend);
        ImmutableTaskGraph init = new TaskGraph("l2hmc-init")
                .transferToDevice(DataTransferMode.UNDER_DEMAND, state.position())
                .task("init", HmcKernels.init(target, lanes, precision), workItems, padded, state.position(),
                        state.logDensity(), state.gradient(), targetData)
                .localWork(local)
                .snapshot();
        ImmutableTaskGraph step = new TaskGraph("l2hmc-step")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, weights, mask, tau)
                .task("step", L2hmcKernels.step(target, model, lanes, precision), workItems, new LongParam(seed), iteration,
                        padded, state.position(), state.logDensity(), state.gradient(), weights, mask, tau,
                        targetData, state.acceptanceProbability(), state.accepted(), state.divergent(),
                        state.energy(), trace, traceOut)
                .localWork(local)
                .snapshot();
        this.run = new FusedChains("l2hmc", state, backend.plan(init, step), iteration);
    }

    public L2hmcModel model() {
        return model;
    }

    /** The precision of the kernels and chain state. */
    public Precision precision() {
        return precision;
    }

    /** Replaces the weights (same layout), e.g. after more training; takes effect at the next {@link #step}. */
    public void setWeights(double[] w) {
        if (w.length != weights.length()) {
            throw new IllegalArgumentException("weights: length " + w.length + "; allowed: " + weights.length());
        }
        Precision.copy(w, 0, weights, 0, w.length);
        run.plan().transferToDevice(weights);
    }

    /**
     * The last step's proposals (only when constructed traced): positions and momenta (chain-minor, D rows
     * each), log |det J| and log acceptance ratio per chain.
     */
    public void readTrace(double[] position, double[] momentum, double[] logJacobian, double[] logAcceptance) {
        if (traceOut.length() == 1) {
            throw new IllegalStateException("readTrace: this sampler was made without tracing; allowed after "
                    + "constructing it with traced = true");
        }
        run.plan().transferToHost(traceOut);
        int dim = state.dimension();
        int chains = state.chains();
        int padded = state.padded();
        for (int d = 0; d < dim; d++) {
            Precision.copy(traceOut, d * padded, position, d * chains, chains);
            Precision.copy(traceOut, (dim + d) * padded, momentum, d * chains, chains);
        }
        Precision.copy(traceOut, 2 * dim * padded, logJacobian, 0, chains);
        Precision.copy(traceOut, (2 * dim + 1) * padded, logAcceptance, 0, chains);
    }

    @Override
    public String name() {
        return "l2hmc";
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public void step(int it) {
        run.step(it, model.steps());
    }

    @Override
    public double stepSize() {
        return model.stepSize();
    }

    @Override
    public int gradientsPerIteration() {
        return model.steps();
    }

    @Override
    public FusedChains fusedChains() {
        return run;
    }
}
