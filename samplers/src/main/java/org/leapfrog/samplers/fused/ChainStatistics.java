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

    /**
     * @param keptChains chains 0 .. keptChains-1 are packed for reading back at every {@link #record} (0: none)
     */
    public ChainStatistics(Backend backend, ChainBuffers buffers, int keptChains) {
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
        int packed = Math.max(1, keptRows() * keptChains);
        for (int s = 0; s < 2; s++) {
            slots[s] = new DoubleArray("keptDraw" + s, packed);
        }
        // Chains x coordinates. CPU runtimes get rows of 64 chains per work-group, vectorised across work-items
        // (left to themselves they may make one-item groups, each with its own overhead); GPUs choose.
        org.leapfrog.runtime.BackendCapabilities caps = backend.capabilities();
        this.range = caps.runsOpenClC() && caps.cpu() ? Range.of2d(buffers.chains(), dim, CPU_GROUP, 1)
                : Range.of2d(buffers.chains(), dim);
        KernelDef def = ChainStatisticsKernel.of(buffers.precision());
        this.dispatcher = backend.dispatcher();
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
        if (count >= Integer.MAX_VALUE) {
            throw new IllegalStateException("chain statistics: " + count + " draws; allowed: at most " + Integer.MAX_VALUE);
        }
        count++;
        return launch(1);
    }

    /** Packs the kept chains without adding a draw to the statistics; returns the slot whose read has started. */
    public int pack() {
        return launch(0);
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
        if (dst.length < keptRows() * keptChains) {
            throw new IllegalArgumentException("kept draw output: length " + dst.length + "; allowed: at least "
                    + keptRows() * keptChains + " (keptRows * keptChains)");
        }
        reads[slot].await();
        System.arraycopy(slots[slot].data(), 0, dst, 0, keptRows() * keptChains);
    }

    /** Waits until every command issued on the backend so far has completed. */
    public void finish() {
        dispatcher.finish();
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
        for (int s = 0; s < 2; s++) {
            reads[s].await();
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
