package org.leapfrog.samplers.hmc;

import java.util.Arrays;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.graph.DataTransferMode;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.ImmutableTaskGraph;
import org.leapfrog.runtime.graph.IntArray;
import org.leapfrog.runtime.graph.IntParam;
import org.leapfrog.runtime.graph.LongParam;
import org.leapfrog.runtime.graph.TaskGraph;
import org.leapfrog.samplers.Lanes;
import org.leapfrog.samplers.Sampler;
import org.leapfrog.samplers.target.Target;

/**
 * HMC (or MALA, with one leapfrog step) over a batch of chains: one fused kernel launch per iteration, chain
 * state resident on the device. Chains are padded to the kernel's lane width; padding chains copy the last
 * chain's start and are never reported.
 */
public final class HmcSampler implements Sampler {
    private final String name;
    private final Target target;
    private final HmcParameters params;
    private final int chains;
    private final int padded;
    private final int dim;
    private final DoubleArray position;
    private final DoubleArray logDensity;
    private final DoubleArray gradient;
    private final DoubleArray acceptProb;
    private final IntArray accepted;
    private final IntArray divergent;
    private final DoubleArray energy;
    private final DoubleArray chainScale;
    private final IntParam iteration = new IntParam(0);
    private final ExecutionPlan plan;
    private long gradients;
    private boolean initialised;

    public HmcSampler(Backend backend, Target target, HmcParameters params, int chains, long seed) {
        this(params.numIntegrationSteps() == 1 ? "mala" : "hmc", backend, target, params, chains, seed);
    }

    public HmcSampler(String name, Backend backend, Target target, HmcParameters params, int chains, long seed) {
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
        this.target = target;
        this.params = params;
        this.chains = chains;
        this.dim = target.dimension();
        int lanes = Lanes.forBackend(backend);
        this.padded = Lanes.pad(chains, lanes);
        position = new DoubleArray("position", dim * padded);
        logDensity = new DoubleArray("logDensity", padded);
        gradient = new DoubleArray("gradient", dim * padded);
        acceptProb = new DoubleArray("acceptanceProbability", padded);
        accepted = new IntArray("accepted", padded);
        divergent = new IntArray("divergent", padded);
        energy = new DoubleArray("energy", padded);
        double[] ones = new double[padded];
        Arrays.fill(ones, 1.0);
        chainScale = new DoubleArray("chainStepScale", ones);
        DoubleArray stepSizes = new DoubleArray("stepSize", params.stepSize());
        DoubleArray metricData = new DoubleArray("metric", params.metric().kernelData());
        DoubleArray targetData = new DoubleArray("targetData",
                target.deviceCode().map(c -> c.data()).orElse(new double[] {0.0}));
        int workItems = padded / lanes;
        int local = Lanes.localSize(backend);
        ImmutableTaskGraph init = new TaskGraph(name + "-init")
                .transferToDevice(DataTransferMode.UNDER_DEMAND, position)
                .task("init", HmcKernels.init(target, lanes), workItems, padded, position, logDensity, gradient, targetData)
                .localWork(local)
                .snapshot();
        ImmutableTaskGraph step = new TaskGraph(name + "-step")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, stepSizes, metricData, chainScale)
                .task("step", HmcKernels.step(target, params.metric(), lanes), workItems,
                        new LongParam(seed), iteration, padded, position, logDensity, gradient, stepSizes,
                        params.jitter(), params.numIntegrationSteps(), params.maxEnergyError(), metricData,
                        targetData, acceptProb, accepted, divergent, energy, chainScale)
                .localWork(local)
                .snapshot();
        this.plan = backend.plan(init, step);
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

    /**
     * Sets a per-chain factor on the step size (chain c integrates with {@code stepSize[d] * scale[c]}), e.g.
     * step sizes adapted per chain; 1 for every chain until set. Takes effect at the next {@link #step}.
     */
    public void setChainStepScale(double[] scale) {
        if (scale.length != chains) {
            throw new IllegalArgumentException("chain step scale: length " + scale.length + "; allowed: one per chain ("
                    + chains + ")");
        }
        double[] s = chainScale.data();
        for (int c = 0; c < chains; c++) {
            if (!(scale[c] > 0) || !Double.isFinite(scale[c])) {
                throw new IllegalArgumentException("chain step scale[" + c + "]: " + scale[c]
                        + "; allowed: finite and > 0");
            }
            s[c] = scale[c];
        }
        for (int c = chains; c < padded; c++) {
            s[c] = scale[chains - 1];
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
            if (!Double.isFinite(positions[i])) {
                throw new IllegalArgumentException("positions: coordinate " + (i / chains) + " of chain " + (i % chains)
                        + " is " + positions[i] + "; allowed: finite values");
            }
        }
        double[] pos = position.data();
        for (int d = 0; d < dim; d++) {
            System.arraycopy(positions, d * chains, pos, d * padded, chains);
            for (int c = chains; c < padded; c++) {
                pos[d * padded + c] = positions[d * chains + chains - 1];
            }
        }
        plan.transferToDevice(position);
        plan.execute(0);
        plan.transferToHost(logDensity);
        double[] lp = logDensity.data();
        for (int c = 0; c < chains; c++) {
            if (!Double.isFinite(lp[c])) {
                throw new IllegalArgumentException("positions: the log density of chain " + c + " at its start is "
                        + lp[c] + "; allowed: a start where the target's log density is finite");
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
        gradients += (long) chains * params.numIntegrationSteps();
    }

    @Override
    public void readState(double[] out, double[] logDensityOut) {
        plan.transferToHost(position, logDensity);
        compact(position.data(), out);
        System.arraycopy(logDensity.data(), 0, logDensityOut, 0, chains);
    }

    /** Copies positions only. */
    public void readPositions(double[] out) {
        plan.transferToHost(position);
        compact(position.data(), out);
    }

    @Override
    public void readInfo(double[] acceptanceProbability, int[] acceptedOut, int[] divergentOut, double[] energyOut) {
        plan.transferToHost(acceptProb, accepted, divergent, energy);
        System.arraycopy(acceptProb.data(), 0, acceptanceProbability, 0, chains);
        System.arraycopy(accepted.data(), 0, acceptedOut, 0, chains);
        System.arraycopy(divergent.data(), 0, divergentOut, 0, chains);
        System.arraycopy(energy.data(), 0, energyOut, 0, chains);
    }

    private void compact(double[] src, double[] out) {
        if (out.length != dim * chains) {
            throw new IllegalArgumentException("position output: length " + out.length + "; allowed: " + dim * chains);
        }
        for (int d = 0; d < dim; d++) {
            System.arraycopy(src, d * padded, out, d * chains, chains);
        }
    }

    @Override
    public double stepSize() {
        return params.stepSize()[0];
    }

    @Override
    public int gradientsPerIteration() {
        return params.numIntegrationSteps();
    }

    @Override
    public long gradientEvaluations() {
        return gradients;
    }

    @Override
    public void close() {
        plan.close();
    }
}
