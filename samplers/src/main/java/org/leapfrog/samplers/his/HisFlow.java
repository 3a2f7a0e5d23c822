package org.leapfrog.samplers.his;

import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.graph.DataTransferMode;
import org.leapfrog.runtime.graph.HostArray;
import org.leapfrog.runtime.graph.ExecutionPlan;
import org.leapfrog.runtime.graph.IntParam;
import org.leapfrog.runtime.graph.LongParam;
import org.leapfrog.runtime.graph.TaskGraph;
import org.leapfrog.samplers.Lanes;
import org.leapfrog.samplers.Numerics;
import org.leapfrog.samplers.Precision;
import org.leapfrog.samplers.target.Target;

/**
 * A tempered Hamiltonian flow over a batch of chains (Hamiltonian importance sampling, the HVAE's flow):
 * from (z0, rho0) it runs K leapfrog steps each followed by momentum scaling, and returns z_K, rho_K and the
 * per-chain log importance weight (an unbiased estimate of the ELBO's integrand: E[exp(log w)] = Z, the
 * target's normalising constant, when z0 ~ q0). One launch per flow; no accept step. A {@link Precision}
 * chooses the kernel's REAL and the buffers' element type (FLOAT64 by default); inputs and outputs are doubles.
 */
public final class HisFlow implements AutoCloseable {
    private final Target target;
    private final Tempering tempering;
    private final int chains;
    private final int padded;
    private final int dim;
    private final HostArray position;
    private final HostArray momentum;
    private final HostArray logQ0;
    private final HostArray logWeight;
    private final HostArray logDensity;
    private final IntParam iteration = new IntParam(0);
    private final IntParam drawMomentum = new IntParam(1);
    private final ExecutionPlan plan;
    private long gradients;

    /**
     * @param stepSize per-dimension leapfrog step sizes (length = target dimension), each finite and > 0
     */
    public HisFlow(Backend backend, Target target, double[] stepSize, Tempering tempering, int chains, long seed) {
        this(backend, target, stepSize, tempering, chains, seed, Precision.FLOAT64);
    }

    /**
     * @param stepSize  per-dimension leapfrog step sizes (length = target dimension), each finite and > 0
     * @param precision the kernel's REAL and the buffers' element type
     */
    public HisFlow(Backend backend, Target target, double[] stepSize, Tempering tempering, int chains, long seed,
                   Precision precision) {
        this(backend, target, stepSize, tempering, chains, seed, precision, Numerics.REPRODUCIBLE);
    }

    /**
     * @param stepSize  per-dimension leapfrog step sizes (length = target dimension), each finite and > 0
     * @param precision the kernel's REAL and the buffers' element type
     * @param numerics  REPRODUCIBLE (bit-identical across backends) or FAST (contraction on; see {@link Numerics})
     */
    public HisFlow(Backend backend, Target target, double[] stepSize, Tempering tempering, int chains, long seed,
                   Precision precision, Numerics numerics) {
        if (numerics == null) {
            throw new IllegalArgumentException("numerics: null; allowed: REPRODUCIBLE or FAST");
        }
        if (precision == null) {
            throw new IllegalArgumentException("precision: null; allowed: FLOAT64 or FLOAT32");
        }
        if (chains < 1) {
            throw new IllegalArgumentException("chains: " + chains + "; allowed: 1 or more");
        }
        this.dim = target.dimension();
        if (stepSize.length != dim) {
            throw new IllegalArgumentException("stepSize: " + stepSize.length + " values for dimension " + dim
                    + "; allowed: one per dimension");
        }
        for (int i = 0; i < dim; i++) {
            if (!(stepSize[i] > 0) || !Double.isFinite(stepSize[i])) {
                throw new IllegalArgumentException("stepSize[" + i + "]: " + stepSize[i] + "; allowed: finite and > 0");
            }
        }
        if (backend.capabilities().runsOpenClC() && target.deviceCode().isEmpty()) {
            throw new IllegalArgumentException("target '" + target.name() + "' has no OpenCL code; use the java backend");
        }
        this.target = target;
        this.tempering = tempering;
        this.chains = chains;
        int lanes = Lanes.forBackend(backend, precision);
        this.padded = Lanes.pad(chains, lanes);
        position = precision.allocate("position", dim * padded);
        momentum = precision.allocate("momentum", dim * padded);
        logQ0 = precision.allocate("logQ0", padded);
        logWeight = precision.allocate("logWeight", padded);
        logDensity = precision.allocate("logDensity", padded);
        HostArray eps = precision.of("stepSize", stepSize);
        HostArray alphas = precision.of("alphas", tempering.alphas());
        HostArray unused = precision.of("metric", new double[] {0.0});
        HostArray targetData = precision.of("targetData",
                target.deviceCode().map(c -> c.data()).orElse(new double[] {0.0}));
        this.plan = backend.plan(new TaskGraph("his")
                .transferToDevice(DataTransferMode.FIRST_EXECUTION, eps, alphas, unused, targetData)
                .transferToDevice(DataTransferMode.EVERY_EXECUTION, position, momentum, logQ0)
                .task("flow", HisKernels.flow(target, lanes, precision, numerics), padded / lanes, new LongParam(seed), iteration, padded,
                        drawMomentum, position, momentum, logQ0, logWeight, logDensity, eps, alphas,
                        tempering.steps(), tempering.beta0(), unused, targetData)
                .localWork(Lanes.localSize(backend))
                .transferToHost(DataTransferMode.EVERY_EXECUTION, position, momentum, logWeight, logDensity)
                .snapshot());
    }

    /**
     * Runs the flow from z0 (chain-minor, dimension * chains) with log q0(z0) per chain. The momentum
     * rho0 = gamma / sqrt(beta0) is drawn from the Philox stream (seed, chain, iteration) when {@code rho0} is
     * null, else taken as given (the flow is then fully deterministic). Outputs: zK, rhoK (may be null), logW.
     */
    public void run(int it, double[] z0, double[] logQ0In, double[] rho0, double[] zK, double[] rhoK, double[] logW) {
        check("z0", z0, dim * chains);
        check("logQ0", logQ0In, chains);
        check("zK", zK, dim * chains);
        check("logW", logW, chains);
        if (rho0 != null) {
            check("rho0", rho0, dim * chains);
        }
        if (rhoK != null) {
            check("rhoK", rhoK, dim * chains);
        }
        expand(z0, position, dim);
        expand(logQ0In, logQ0, 1);
        if (rho0 != null) {
            expand(rho0, momentum, dim);
        }
        drawMomentum.set(rho0 == null ? 1 : 0);
        iteration.set(it);
        plan.execute();
        gradients += (long) chains * (tempering.steps() + 1);
        compact(position, zK, dim);
        if (rhoK != null) {
            compact(momentum, rhoK, dim);
        }
        Precision.copy(logWeight, 0, logW, 0, chains);
    }

    /** Log density of the target at z_K after the last run (length chains). */
    public void readLogDensity(double[] out) {
        Precision.copy(logDensity, 0, out, 0, chains);
    }

    public long gradientEvaluations() {
        return gradients;
    }

    public Target target() {
        return target;
    }

    private static void check(String name, double[] a, int n) {
        if (a == null || a.length != n) {
            throw new IllegalArgumentException(name + ": length " + (a == null ? "null" : a.length) + "; allowed: " + n);
        }
    }

    private void expand(double[] src, HostArray dst, int rows) {
        for (int d = 0; d < rows; d++) {
            Precision.copy(src, d * chains, dst, d * padded, chains);
            for (int c = chains; c < padded; c++) {
                Precision.set(dst, d * padded + c, src[d * chains + chains - 1]);
            }
        }
    }

    private void compact(HostArray src, double[] dst, int rows) {
        for (int d = 0; d < rows; d++) {
            Precision.copy(src, d * padded, dst, d * chains, chains);
        }
    }

    @Override
    public void close() {
        plan.close();
    }
}
