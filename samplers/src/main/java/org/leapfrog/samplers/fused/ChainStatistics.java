package org.leapfrog.samplers.fused;

import org.leapfrog.kernels.KernelDef;
import org.leapfrog.runtime.Backend;
import org.leapfrog.runtime.Dispatcher;
import org.leapfrog.runtime.Range;
import org.leapfrog.runtime.buffer.AsyncRead;
import org.leapfrog.runtime.graph.DoubleArray;
import org.leapfrog.runtime.graph.IntArray;
import org.leapfrog.samplers.diagnostics.OnlineMoments;
import org.leapfrog.samplers.fused.ChainStatisticsKernel.Args;

/**
 * Statistics of every chain of a fused sampler kept on the device, next to its {@link ChainBuffers}: Welford
 * moments of each chain's coordinates (bit-identical to the host's {@link OnlineMoments}), and per chain the sum of
 * acceptance probabilities, the divergence count and the energy's moments and squared jumps. {@link #record} adds
 * the chains' current state as one more draw with one launch ({@link ChainStatisticsKernel}) behind the sampler's
 * step on the same queue, and packs the first {@code keptChains} chains into one of two small buffers whose read
 * to the host starts at once; {@link #awaitKept} collects it later, so the read overlaps the next iterations
 * (double buffering: slot {@code k % 2} is written again only two records later, after it was awaited). Nothing
 * else crosses to the host until {@link #snapshot} (end of a run, checkpoints).
 *
 * <p>Use from one thread. Any fused sampler gets this by handing over its chain buffers; it needs no change to
 * the sampler's kernels.
 */
public final class ChainStatistics implements AutoCloseable {
    /** Work-group width (chains) on CPU OpenCL devices. */
    static final int CPU_GROUP = 64;
    /** The most iterations one in-step launch runs (the kernel's kept mask is an int). */
    public static final int MAX_ITERATIONS_PER_LAUNCH = 31;
    /**
     * Iterations per in-step launch by default: measured on PoCL (ICG-50, 16,384 chains) 1.15x to 1.4x the
     * kernel's rate at one iteration per launch, with most of the gain reached by 16 (see README).
     */
    public static final int DEFAULT_ITERATIONS_PER_LAUNCH = 16;
    /** System property overriding {@link #DEFAULT_ITERATIONS_PER_LAUNCH}. */
    public static final String BLOCK_PROPERTY = "leapfrog.sample.block";
    /** Doubles of packed draws one launch may write (per slot; two slots). */
    static final long SLOT_BUDGET = 1L << 21;

    private final ChainBuffers buffers;
    private final int keptChains;
    private final Dispatcher dispatcher;
    private final Dispatcher.Launch launch;
    private final DoubleArray mean;
    private final DoubleArray m2;
    private final DoubleArray acceptSum;
    private final IntArray divergences;
    private final DoubleArray energyMean;
    private final DoubleArray energyM2;
    private final DoubleArray energyJump;
    private final DoubleArray energyPrevious;
    private final DoubleArray[] slots = new DoubleArray[2];
    private final AsyncRead[] reads = new AsyncRead[2];
    private final Range range;
    private int next;
    private long count;
    /** Non-null in the mode where the sampler's step kernel accumulates (see {@link #forStep}). */
    private final InStep inStep;

    /**
     * @param keptChains chains 0 .. keptChains-1 are packed for reading back at every {@link #record} (0: none)
     */
    public ChainStatistics(Backend backend, ChainBuffers buffers, int keptChains) {
        this(backend, buffers, keptChains, 0);
    }

    /**
     * Statistics accumulated by the sampler's own step kernel in the launch of each kept draw (for HMC in float64:
     * {@code lf_hmc_step_stats}), instead of a separate launch after it: no second pass over the chain state. The
     * sampler binds {@link #stepArguments} after its step arguments; the run loop calls {@link #beforeStep} before
     * each step and {@link #record} after a kept one. Same statistics, bit for bit; only the kept chains' rows are
     * read back per launch (the mean acceptance comes from the per-chain sums, {@link Snapshot#acceptSum}).
     */
    public static ChainStatistics forStep(Backend backend, ChainBuffers buffers, int keptChains) {
        return forStep(backend, buffers, keptChains, defaultIterationsPerLaunch(buffers, keptChains));
    }

    /**
     * As {@link #forStep(Backend, ChainBuffers, int)}, with launches of up to {@code maxIterations} iterations
     * ({@link #beforeSteps}; 1 to {@link #MAX_ITERATIONS_PER_LAUNCH}).
     */
    public static ChainStatistics forStep(Backend backend, ChainBuffers buffers, int keptChains, int maxIterations) {
        if (maxIterations < 1 || maxIterations > MAX_ITERATIONS_PER_LAUNCH) {
            throw new IllegalArgumentException("iterations per launch: " + maxIterations + "; allowed: 1 to "
                    + MAX_ITERATIONS_PER_LAUNCH);
        }
        if (buffers.precision() != org.leapfrog.samplers.Precision.FLOAT64) {
            throw new IllegalArgumentException("precision: " + buffers.precision() + "; allowed: FLOAT64 (statistics "
                    + "inside the step kernel are float64 only; use the separate launch otherwise)");
        }
        return new ChainStatistics(backend, buffers, keptChains, maxIterations);
    }

    /**
     * Iterations per launch that the in-step mode allows by default: {@code -Dleapfrog.sample.block} (default
     * {@value #DEFAULT_ITERATIONS_PER_LAUNCH}), fewer where the packed draws of a launch would pass
     * {@value #SLOT_BUDGET} doubles (many kept chains).
     */
    static int defaultIterationsPerLaunch(ChainBuffers buffers, int keptChains) {
        String p = System.getProperty(BLOCK_PROPERTY, Integer.toString(DEFAULT_ITERATIONS_PER_LAUNCH));
        int wanted;
        try {
            wanted = Integer.parseInt(p.trim());
        } catch (NumberFormatException e) {
            wanted = -1;
        }
        if (wanted < 1 || wanted > MAX_ITERATIONS_PER_LAUNCH) {
            throw new IllegalArgumentException("-D" + BLOCK_PROPERTY + ": '" + p + "'; allowed: 1 to "
                    + MAX_ITERATIONS_PER_LAUNCH);
        }
        return (int) Math.max(1, Math.min(wanted, SLOT_BUDGET / packedDrawLength(buffers, keptChains)));
    }

    /**
     * Doubles per packed draw: the kept chains' rows, as {@code lf_hmc_step_stats} and {@code lf_chain_stats} pack
     * them; at least 1, so buffers and slots are never empty even with no kept chain.
     */
    private static int packedDrawLength(ChainBuffers buffers, int keptChains) {
        return Math.max(1, (buffers.dimension() + 4) * keptChains);
    }

    /** {@code maxIterations} 0: the separate launch; 1 or more: the in-step mode. */
    private ChainStatistics(Backend backend, ChainBuffers buffers, int keptChains, int maxIterations) {
        boolean fused = maxIterations > 0;
        if (keptChains < 0 || keptChains > buffers.chains()) {
            throw new IllegalArgumentException("kept chains: " + keptChains + "; allowed: 0 to the sampler's chains ("
                    + buffers.chains() + ")");
        }
        this.buffers = buffers;
        this.keptChains = keptChains;
        int padded = buffers.padded(), dim = buffers.dimension();
        mean = new DoubleArray("statsMean", dim * padded);
        m2 = new DoubleArray("statsM2", dim * padded);
        acceptSum = new DoubleArray("statsAcceptSum", padded);
        divergences = new IntArray("statsDivergences", padded);
        energyMean = new DoubleArray("statsEnergyMean", padded);
        energyM2 = new DoubleArray("statsEnergyM2", padded);
        energyJump = new DoubleArray("statsEnergyJump", padded);
        energyPrevious = new DoubleArray("statsEnergyPrevious", padded);
        int packed = packedDrawLength(buffers, keptChains);
        for (int s = 0; s < 2; s++) {
            slots[s] = new DoubleArray("keptDraw" + s, packed);
        }
        // Chains x coordinates. CPU runtimes get rows of 64 chains per work-group, vectorised across work-items
        // (left to themselves they may make one-item groups, each with its own overhead); GPUs choose.
        org.leapfrog.runtime.BackendCapabilities caps = backend.capabilities();
        this.range = caps.runsOpenClC() && caps.cpu() ? Range.of2d(buffers.chains(), dim, CPU_GROUP, 1)
                : Range.of2d(buffers.chains(), dim);
        this.dispatcher = backend.dispatcher();
        if (fused) {
            this.launch = null;
            this.inStep = new InStep(maxIterations, packedDrawLength(buffers, keptChains));
            try {
                inStep.read = backend.memory().asyncRead(inStep.kept);
                for (org.leapfrog.runtime.graph.HostArray a : new org.leapfrog.runtime.graph.HostArray[] {mean, m2,
                        acceptSum, divergences, energyMean, energyM2, energyJump, energyPrevious, inStep.kept}) {
                    a.hostChanged(); // zeros on the device too: the kernel reads them before its first write
                    dispatcher.toDevice(a);
                }
            } catch (RuntimeException e) {
                dispatcher.close();
                throw e;
            }
            return;
        }
        this.inStep = null;
        KernelDef def = ChainStatisticsKernel.of(buffers.precision());
        try {
            this.launch = dispatcher.kernel(def)
                    .arg(Args.N_CHAINS, buffers.chains()).arg(Args.PADDED, padded).arg(Args.DIM, dim)
                    .arg(Args.N_KEPT, keptChains)
                    .buffer(Args.POSITION, buffers.position()).buffer(Args.LOG_DENSITY, buffers.logDensity())
                    .buffer(Args.ACCEPT_PROB, buffers.acceptanceProbability())
                    .buffer(Args.DIVERGENT, buffers.divergent()).buffer(Args.ENERGY, buffers.energy())
                    .buffer(Args.MEAN, mean).buffer(Args.M2, m2).buffer(Args.ACCEPT_SUM, acceptSum)
                    .buffer(Args.DIVERGENCES, divergences).buffer(Args.ENERGY_MEAN, energyMean)
                    .buffer(Args.ENERGY_M2, energyM2).buffer(Args.ENERGY_JUMP, energyJump)
                    .buffer(Args.ENERGY_PREV, energyPrevious);
            for (int s = 0; s < 2; s++) {
                reads[s] = backend.memory().asyncRead(slots[s]);
            }
        } catch (RuntimeException e) {
            dispatcher.close();
            throw e;
        }
    }

    /** Rows of a packed kept draw: the coordinates, then log density, acceptance probability, divergent, energy. */
    public int keptRows() {
        return buffers.dimension() + 4;
    }

    public int keptChains() {
        return keptChains;
    }

    /** Draws accumulated so far (restored ones included). */
    public long count() {
        return count;
    }

    /**
     * Adds the chains' current state (after the last enqueued step) as one more draw and packs the kept chains;
     * returns the slot whose read has started. Nothing waits for the device.
     */
    public int record() {
        if (inStep != null) {
            return inStep.record();
        }
        if (count >= Integer.MAX_VALUE) {
            throw new IllegalStateException("chain statistics: " + count + " draws; allowed: at most " + Integer.MAX_VALUE);
        }
        count++;
        return launch(1);
    }

    /** Packs the kept chains without adding a draw to the statistics; returns the slot whose read has started. */
    public int pack() {
        if (inStep != null) {
            throw new IllegalStateException("chain statistics inside the step: packing without a draw is not "
                    + "supported; use the separate launch (new ChainStatistics)");
        }
        return launch(0);
    }

    /** Whether the sampler's step kernel accumulates these statistics ({@link #forStep}). */
    public boolean inStep() {
        return inStep != null;
    }

    /**
     * Before each step, in the in-step mode (nothing otherwise): whether the step about to be enqueued is a kept
     * draw, which the kernel then adds to the statistics and packs; {@link #record} must follow that step.
     */
    public void beforeStep(boolean keep) {
        if (inStep == null) {
            return;
        }
        beforeSteps(1, keep ? 1 : 0);
    }

    /**
     * In the in-step mode, before a launch of {@code iterations} consecutive iterations (1 to
     * {@link #maxIterationsPerLaunch}): bit k of {@code keptMask} marks the launch's k-th iteration as a kept draw.
     * {@link #record} must follow a launch with a kept draw; its draws are collected with
     * {@link #awaitKept(int, int, double[])}.
     */
    public void beforeSteps(int iterations, int keptMask) {
        if (inStep == null) {
            throw new IllegalStateException("chain statistics: not the in-step mode (ChainStatistics.forStep)");
        }
        if (iterations < 1 || iterations > inStep.maxIterations) {
            throw new IllegalArgumentException("iterations per launch: " + iterations + "; allowed: 1 to "
                    + inStep.maxIterations);
        }
        if (keptMask < 0 || (keptMask >>> iterations) != 0) {
            throw new IllegalArgumentException("kept mask: " + Integer.toBinaryString(keptMask) + "; allowed: bits 0 to "
                    + (iterations - 1) + " only");
        }
        int draws = Integer.bitCount(keptMask);
        if (count + draws > Integer.MAX_VALUE) {
            throw new IllegalStateException("chain statistics: " + (count + draws) + " draws; allowed: at most "
                    + Integer.MAX_VALUE);
        }
        inStep.iterations.set(iterations);
        inStep.keptMask.set(keptMask);
        inStep.count0.set((int) count);
        inStep.offset.set(next * inStep.slot);
        inStep.launchDraws = draws;
        count += draws;
    }

    /** The most iterations one launch may run: 1 in the separate-launch mode. */
    public int maxIterationsPerLaunch() {
        return inStep == null ? 1 : inStep.maxIterations;
    }

    /**
     * The in-step mode's arguments, in {@code lf_hmc_step_stats}'s order after the step's own: n_iter, kept_mask,
     * count0, the eight accumulators, n_kept, kept_offset and the packed-draw buffer.
     */
    public Object[] stepArguments() {
        if (inStep == null) {
            throw new IllegalStateException("chain statistics: not the in-step mode (ChainStatistics.forStep)");
        }
        return new Object[] {inStep.iterations, inStep.keptMask, inStep.count0, mean, m2, acceptSum, divergences,
                energyMean, energyM2, energyJump, energyPrevious, keptChains, inStep.offset, inStep.kept};
    }

    private int launch(int accumulate) {
        int s = next;
        next = 1 - next;
        AsyncRead read = reads[s];
        // A slot is written again two launches later; its earlier read must be collected first.
        read.await();
        long n = Math.max(count, 1);
        launch.arg(Args.ACCUMULATE, accumulate).arg(Args.COUNT, (int) n).arg(Args.INV_COUNT, 1.0 / n)
                .buffer(Args.KEPT, slots[s]).run(range);
        if (keptChains > 0) {
            read.start();
        }
        return s;
    }

    /**
     * Waits for the read of {@code slot} (from {@link #record} or {@link #pack}) and copies the packed kept chains
     * into {@code dst}: row r (see {@link #keptRows}) of kept chain k at {@code r * keptChains + k}.
     */
    public void awaitKept(int slot, double[] dst) {
        awaitKept(slot, 0, dst);
    }

    /**
     * As {@link #awaitKept(int, double[])}, for the {@code draw}-th kept draw (from 0) of the launch that
     * {@link #record} returned {@code slot} for (in the in-step mode a launch may hold several).
     */
    public void awaitKept(int slot, int draw, double[] dst) {
        if (draw != 0 && inStep == null) {
            throw new IllegalArgumentException("kept draw: " + draw + "; allowed: 0 (one draw per record in the "
                    + "separate-launch mode)");
        }
        if (dst.length < keptRows() * keptChains) {
            throw new IllegalArgumentException("kept draw output: length " + dst.length + "; allowed: at least "
                    + keptRows() * keptChains + " (keptRows * keptChains)");
        }
        if (inStep != null) {
            inStep.awaitKept(slot, draw, dst);
            return;
        }
        reads[slot].await();
        System.arraycopy(slots[slot].data(), 0, dst, 0, keptRows() * keptChains);
    }

    /** Waits until every command issued on the backend so far has completed. */
    public void finish() {
        dispatcher.finish();
        if (inStep != null) {
            inStep.collect();
        }
    }

    /** Copies the accumulators to the host (after all enqueued work), for the reported chains. */
    public Snapshot snapshot() {
        return snapshot(null);
    }

    /**
     * As {@link #snapshot()}, into the arrays of {@code reuse} when it is a snapshot of these chains (periodic
     * checkpoints then allocate nothing); the returned snapshot shares them.
     */
    public Snapshot snapshot(Snapshot reuse) {
        int n = buffers.chains(), dim = buffers.dimension();
        if (inStep != null) {
            inStep.collect();
        }
        for (int s = 0; s < 2; s++) {
            if (reads[s] != null) {
                reads[s].await();
            }
        }
        Snapshot into = reuse != null && reuse.means().length == dim * n && reuse.acceptSums().length == n ? reuse
                : Snapshot.empty(n, dim);
        dispatcher.toHost(mean);
        dispatcher.toHost(m2);
        buffers.compact(mean, into.means(), dim);
        buffers.compact(m2, into.sumsOfSquares(), dim);
        perChain(acceptSum, into.acceptSums());
        dispatcher.toHost(divergences);
        System.arraycopy(divergences.data(), 0, into.divergences(), 0, n);
        perChain(energyMean, into.energyMeans());
        perChain(energyM2, into.energySumsOfSquares());
        perChain(energyJump, into.energyJumps());
        perChain(energyPrevious, into.energyPrevious());
        return new Snapshot(count, into.means(), into.sumsOfSquares(), into.acceptSums(), into.divergences(),
                into.energyMeans(), into.energySumsOfSquares(), into.energyJumps(), into.energyPrevious());
    }

    /** Sets the accumulators to a snapshot's (a resumed run continues exactly). */
    public void restore(Snapshot s) {
        int n = buffers.chains(), dim = buffers.dimension();
        if (s.means().length != dim * n || s.acceptSums().length != n) {
            throw new IllegalArgumentException("chain statistics snapshot: " + s.means().length + " means and "
                    + s.acceptSums().length + " acceptance sums; allowed: dimension * chains = " + dim * n + " and "
                    + "chains = " + n);
        }
        finish();
        buffers.expand(s.means(), mean, dim);
        buffers.expand(s.sumsOfSquares(), m2, dim);
        buffers.expand(s.acceptSums(), acceptSum, 1);
        for (int c = 0; c < n; c++) {
            divergences.data()[c] = s.divergences()[c];
        }
        buffers.expand(s.energyMeans(), energyMean, 1);
        buffers.expand(s.energySumsOfSquares(), energyM2, 1);
        buffers.expand(s.energyJumps(), energyJump, 1);
        buffers.expand(s.energyPrevious(), energyPrevious, 1);
        for (DoubleArray a : new DoubleArray[] {mean, m2, acceptSum, energyMean, energyM2, energyJump, energyPrevious}) {
            a.hostChanged();
            dispatcher.toDevice(a);
        }
        divergences.hostChanged();
        dispatcher.toDevice(divergences);
        count = s.count();
    }

    private void perChain(DoubleArray a, double[] out) {
        dispatcher.toHost(a);
        System.arraycopy(a.data(), 0, out, 0, out.length);
    }

    @Override
    public void close() {
        dispatcher.close();
    }

    /**
     * The in-step mode's read-back: one buffer of two slots (the kernel packs launch k's draws into slot k % 2, so on
     * a backend whose launches run synchronously the previous launch's draws stay intact) read by one asynchronous
     * read per launch with kept draws. A read is collected (its kept chains copied aside) before the next one
     * starts; with an in-order queue the read
     * of launch k completes before launch k + 1 begins, so collecting it does not wait for that launch.
     */
    private final class InStep {
        final org.leapfrog.runtime.graph.IntParam iterations = new org.leapfrog.runtime.graph.IntParam(1);
        final org.leapfrog.runtime.graph.IntParam keptMask = new org.leapfrog.runtime.graph.IntParam(0);
        final org.leapfrog.runtime.graph.IntParam count0 = new org.leapfrog.runtime.graph.IntParam(0);
        final org.leapfrog.runtime.graph.IntParam offset = new org.leapfrog.runtime.graph.IntParam(0);
        final int maxIterations;
        /** Doubles per packed draw ({@link ChainStatistics#packedDrawLength}). */
        final int perDraw;
        /** Doubles per slot: {@code maxIterations} packed draws. */
        final int slot;
        final DoubleArray kept;
        final double[][] held = new double[2][];
        final int[] heldDraws = new int[2];
        AsyncRead read;
        /** The slot of the started, not yet collected read (-1: none). */
        int pending = -1;
        /** Kept draws of the launch set up by the last {@link #beforeSteps}. */
        int launchDraws;

        InStep(int maxIterations, int perDraw) {
            this.maxIterations = maxIterations;
            this.perDraw = perDraw;
            this.slot = maxIterations * perDraw;
            this.kept = new DoubleArray("keptDraws", 2 * slot);
            for (int s = 0; s < 2; s++) {
                held[s] = new double[Math.max(1, maxIterations * keptRows() * keptChains)];
            }
        }

        int record() {
            collect();
            int s = next;
            next = 1 - next;
            heldDraws[s] = launchDraws;
            read.start(s * slot, launchDraws * perDraw); // this launch's draws only
            pending = s;
            return s;
        }

        /** Waits for the pending read (if any) and keeps its kept chains. */
        void collect() {
            if (pending < 0) {
                return;
            }
            read.await();
            double[] data = kept.data();
            int rows = keptRows() * keptChains;
            for (int j = 0; j < heldDraws[pending]; j++) {
                System.arraycopy(data, pending * slot + j * perDraw, held[pending], j * rows, rows);
            }
            pending = -1;
        }

        void awaitKept(int s, int draw, double[] dst) {
            if (s == pending) {
                collect();
            }
            if (draw < 0 || draw >= heldDraws[s]) {
                throw new IllegalArgumentException("kept draw: " + draw + "; allowed: 0 to " + (heldDraws[s] - 1)
                        + " (the launch's kept draws)");
            }
            int rows = keptRows() * keptChains;
            System.arraycopy(held[s], draw * rows, dst, 0, rows);
        }
    }

    /**
     * The accumulators of the reported chains at one point of a run. Arrays are chain-minor like the samplers'
     * ({@code means[d * chains + c]}) or per chain.
     *
     * @param count               draws accumulated
     * @param means               running means of every coordinate of every chain
     * @param sumsOfSquares       Welford sums of squared deviations (M2), same layout
     * @param acceptSums          per chain, the sum of acceptance probabilities over the draws
     * @param divergences         per chain, divergent transitions among the draws
     * @param energyMeans         per chain, the energy's running mean
     * @param energySumsOfSquares per chain, the energy's M2
     * @param energyJumps         per chain, the sum of squared differences of consecutive draws' energies
     * @param energyPrevious      per chain, the last draw's energy
     */
    public record Snapshot(long count, double[] means, double[] sumsOfSquares, double[] acceptSums, int[] divergences,
                           double[] energyMeans, double[] energySumsOfSquares, double[] energyJumps,
                           double[] energyPrevious) {
        /** Zeroed statistics of {@code chains} chains (no draws). */
        public static Snapshot empty(int chains, int dimension) {
            return new Snapshot(0, new double[chains * dimension], new double[chains * dimension], new double[chains],
                    new int[chains], new double[chains], new double[chains], new double[chains], new double[chains]);
        }

        public int chains() {
            return acceptSums.length;
        }

        /** The moments as the host's {@link OnlineMoments} (the same bits the host's accumulation would hold). */
        public OnlineMoments moments() {
            return OnlineMoments.restore(chains(), means.length / chains(), count, means, sumsOfSquares);
        }

        /** Sum of acceptance probabilities over chains and draws: the per-chain sums added in chain order. */
        public double acceptSum() {
            double sum = 0;
            for (double a : acceptSums) {
                sum += a;
            }
            return sum;
        }

        /** Mean acceptance probability over chains and draws (NaN before a draw). */
        public double meanAcceptance() {
            return count == 0 ? Double.NaN : acceptSum() / ((double) count * chains());
        }

        public long totalDivergences() {
            long sum = 0;
            for (int d : divergences) {
                sum += d;
            }
            return sum;
        }

        /**
         * Chain c's E-BFMI: the sum of squared energy differences of consecutive draws over the energy's sum of
         * squared deviations (NaN before two draws); values below 0.3 suggest the momentum resampling explores
         * the energy distribution poorly.
         */
        public double ebfmi(int chain) {
            return count < 2 ? Double.NaN : energyJumps[chain] / energySumsOfSquares[chain];
        }
    }
}
