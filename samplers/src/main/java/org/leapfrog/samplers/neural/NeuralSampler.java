package org.leapfrog.samplers.neural;

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
import org.leapfrog.samplers.learned.LearnedModelFile;
import org.leapfrog.samplers.target.Target;

/**
 * The proposal-entropy coupling sampler over a batch of chains: one fused launch per iteration
 * ({@link NeuralKernels}), chain state in the shared {@link ChainBuffers} driven by {@link FusedChains} (graph 0
 * evaluates the target at the start positions with HMC's init kernel, graph 1 is the neural step). float64 (the
 * default) or float32 ({@link Precision}): in float32 the chain state is float and the float64 weights are rounded
 * to float once, when they are uploaded.
 *
 * <p>The transition is exact MH for any weights, but a trained proposal is tuned to the typical set: chains
 * should start from burned-in states (see {@code leapfrog sample --sampler neural}, which runs an HMC warmup
 * first), since from far outside it the acceptance can be near zero.
 */
public final class NeuralSampler implements FusedSampler {
    private final Target target;
    private final NeuralFlow flow;
    private final Precision precision;
    private final ChainBuffers state;
    /** The float64 weights as given (eps and later reads come from these, in either precision). */
    private final double[] weights64;
    private final HostArray weights;
    private final HostArray logAccept;
    private final IntParam iteration = new IntParam(0);
    private final FusedChains run;

    /** A sampler from a model file (checked to be a neural model for this target). */
    public static NeuralSampler fromModel(Backend backend, Target target, LearnedModelFile model, int chains, long seed) {
        return fromModel(backend, target, model, chains, seed, Precision.FLOAT64);
    }

    /** A sampler from a model file in a precision. */
    public static NeuralSampler fromModel(Backend backend, Target target, LearnedModelFile model, int chains, long seed,
                                          Precision precision) {
        model.checkFor(NeuralFlow.KIND, target.name(), target.dimension(), "the given model");
        return new NeuralSampler(backend, target, NeuralFlow.fromModel(model), model.parameter("weights"), chains, seed,
                precision);
    }

    public NeuralSampler(Backend backend, Target target, NeuralFlow flow, double[] weights, int chains, long seed) {
        this(backend, target, flow, weights, chains, seed, Precision.FLOAT64);
    }

    /** A sampler in a precision (float64: bit for bit the sampler without one). */
    public NeuralSampler(Backend backend, Target target, NeuralFlow flow, double[] weights, int chains, long seed,
                         Precision precision) {
        if (precision == null) {
            throw new IllegalArgumentException("precision: null; allowed: FLOAT64 or FLOAT32");
        }
        if (chains < 1) {
            throw new IllegalArgumentException("chains: " + chains + "; allowed: 1 or more");
        }
        if (target.dimension() != flow.dimension()) {
            throw new IllegalArgumentException("target '" + target.name() + "': dimension " + target.dimension()
                    + "; allowed: the flow's dimension " + flow.dimension());
        }
        if (backend.capabilities().runsOpenClC() && target.deviceCode().isEmpty()) {
            throw new IllegalArgumentException("target '" + target.name() + "' has no OpenCL code; use the java backend");
        }
        flow.checkWeights(weights);
        this.target = target;
        this.flow = flow;
        this.precision = precision;
        int lanes = Lanes.forBackend(backend, precision);
        this.state = new ChainBuffers(precision, target.dimension(), chains, lanes);
        int padded = state.padded();
        this.weights64 = weights.clone();
        this.weights = precision.of("weights", weights);
        HostArray masks = precision.of("masks", flow.maskValues());
        this.logAccept = precision.allocate("logAccept", padded);
        HostArray targetData = precision.of("targetData",
                target.deviceCode().map(c -> c.data()).orElse(new double[] {0.0}));
        int workItems = padded / lanes;
        int local = Lanes.localSize(backend);
        ImmutableTaskGraph init = new TaskGraph("neural-init")
                .transferToDevice(DataTransferMode.UNDER_DEMAND, state.position())
                .task("init", HmcKernels.init(target, lanes, precision), workItems, padded, state.position(),
                        state.logDensity(), state.gradient(), targetData)
                .localWork(local)
                .snapshot();
        ImmutableTaskGraph step = new TaskGraph("neural-step")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, this.weights, masks)
                .task("step", NeuralKernels.step(flow, target, lanes, precision), workItems, new LongParam(seed), iteration,
                        padded, state.position(), state.logDensity(), this.weights, masks, targetData,
                        state.acceptanceProbability(), state.accepted(), state.divergent(), state.energy(), logAccept)
                .localWork(local)
                .snapshot();
        this.run = new FusedChains("neural", state, backend.plan(init, step), iteration);
    }

    public NeuralFlow flow() {
        return flow;
    }

    /** The precision of the kernel and chain state. */
    public Precision precision() {
        return precision;
    }

    /** Replaces the weights (same layout; rounded to float in float32); takes effect at the next {@link #step}. */
    public void setWeights(double[] w) {
        flow.checkWeights(w);
        System.arraycopy(w, 0, weights64, 0, w.length);
        Precision.copy(w, 0, weights, 0, w.length);
        run.plan().transferToDevice(weights);
    }

    @Override
    public String name() {
        return "neural";
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public void step(int it) {
        run.step(it, gradientsPerIteration());
    }

    /** The last step's log acceptance ratios (length chains). */
    public void readLogAcceptance(double[] out) {
        if (out.length != state.chains()) {
            throw new IllegalArgumentException("log acceptance output: length " + out.length + "; allowed: "
                    + state.chains());
        }
        run.plan().transferToHost(logAccept);
        Precision.copy(logAccept, 0, out, 0, state.chains());
    }

    /** eps, the proposal's scale. */
    @Override
    public double stepSize() {
        return flow.eps(weights64);
    }

    /** 4K gradients in the two flows plus one at the proposal. */
    @Override
    public int gradientsPerIteration() {
        return 4 * flow.steps() + 1;
    }

    @Override
    public FusedChains fusedChains() {
        return run;
    }
}
