package org.leapfrog.samplers.output;

import java.util.Arrays;
import org.leapfrog.samplers.diagnostics.ChainDraws;
import org.leapfrog.samplers.diagnostics.StepSamples;

/**
 * Keeps every draw of a chosen subset of chains and coordinates in memory, so memory is bounded by what the
 * caller selects: 8 * keptChains * (keptCoordinates + 6) bytes per draw. Storage grows by doubling.
 *
 * <p>Rows are stored chain-minor like the sampler ({@code [draw][kept coordinate][kept chain]}), so
 * {@link #stepSamples()} is a copy and {@link #draws(int)} a transpose.
 */
public final class InMemoryDrawSink implements DrawSink {
    private final int chains;
    private final int dimension;
    private final int[] keptChains;
    private final int[] keptCoordinates;
    private final int rowLength;
    private double[] positions;
    private double[] logDensity;
    private double[] acceptStat;
    private double[] stepSize;
    private int[] numSteps;
    private byte[] divergent;
    private double[] energy;
    private int capacity;
    private int size;

    /**
     * @param keptChains      0-based chain indices to keep (distinct, below {@code chains})
     * @param keptCoordinates 0-based coordinates to keep (distinct, below {@code dimension})
     * @param initialCapacity draws to reserve room for (e.g. the planned number of draws)
     */
    public InMemoryDrawSink(int chains, int dimension, int[] keptChains, int[] keptCoordinates, int initialCapacity) {
        this.chains = SinkChecks.positive("chains", chains);
        this.dimension = SinkChecks.positive("dimension", dimension);
        this.keptChains = SinkChecks.indexSubset("keptChains", keptChains, chains, "chains");
        this.keptCoordinates = SinkChecks.indexSubset("keptCoordinates", keptCoordinates, dimension, "dimension");
        this.capacity = SinkChecks.positive("initialCapacity", initialCapacity);
        this.rowLength = this.keptChains.length * this.keptCoordinates.length;
        allocate(capacity);
    }

    /** Keeps every chain and coordinate: only for small runs. */
    public static InMemoryDrawSink all(int chains, int dimension, int initialCapacity) {
        return new InMemoryDrawSink(chains, dimension, range(chains), range(dimension), initialCapacity);
    }

    @Override
    public void accept(long drawIndex, DrawBatch batch) {
        SinkChecks.batchShape(batch, chains, dimension);
        if (size == capacity) {
            if (capacity > Integer.MAX_VALUE / 2 / Math.max(1, rowLength)) {
                throw new IllegalStateException("InMemoryDrawSink is full at " + size
                        + " draws; keep fewer chains or coordinates, or stream to CmdStanCsvSink");
            }
            allocate(2 * capacity);
        }
        int kc = keptChains.length;
        double[] position = batch.position();
        int base = size * rowLength;
        for (int p = 0; p < keptCoordinates.length; p++) {
            int from = keptCoordinates[p] * chains;
            for (int k = 0; k < kc; k++) {
                positions[base + p * kc + k] = position[from + keptChains[k]];
            }
        }
        int row = size * kc;
        for (int k = 0; k < kc; k++) {
            int c = keptChains[k];
            logDensity[row + k] = batch.logDensity()[c];
            acceptStat[row + k] = batch.acceptStat()[c];
            stepSize[row + k] = batch.stepSize()[c];
            numSteps[row + k] = batch.numSteps()[c];
            divergent[row + k] = batch.divergent()[c];
            energy[row + k] = batch.energy()[c];
        }
        size++;
    }

    @Override
    public void close() {
        // nothing to release: the draws stay readable after the run
    }

    public int size() {
        return size;
    }

    public int[] keptChains() {
        return keptChains.clone();
    }

    public int[] keptCoordinates() {
        return keptCoordinates.clone();
    }

    /** Draws of original coordinate {@code coordinate} for every kept chain, chain-major for the diagnostics. */
    public ChainDraws draws(int coordinate) {
        int p = indexOf(keptCoordinates, coordinate, "coordinate");
        requireDraws();
        int kc = keptChains.length;
        double[] out = new double[kc * size];
        for (int r = 0; r < size; r++) {
            int base = r * rowLength + p * kc;
            for (int k = 0; k < kc; k++) {
                out[k * size + r] = positions[base + k];
            }
        }
        return new ChainDraws(kc, size, out);
    }

    public ChainDraws logDensity() {
        return perChain(logDensity);
    }

    public ChainDraws acceptStat() {
        return perChain(acceptStat);
    }

    public ChainDraws stepSize() {
        return perChain(stepSize);
    }

    public ChainDraws energy() {
        return perChain(energy);
    }

    public ChainDraws numSteps() {
        double[] asDouble = new double[size * keptChains.length];
        for (int i = 0; i < asDouble.length; i++) {
            asDouble[i] = numSteps[i];
        }
        return perChain(asDouble);
    }

    /** Number of divergent transitions among the kept draws. */
    public long divergences() {
        long n = 0;
        for (int i = 0; i < size * keptChains.length; i++) {
            n += divergent[i] != 0 ? 1 : 0;
        }
        return n;
    }

    /** Kept positions as {@link StepSamples} (kept chains and kept coordinates, in the order given). */
    public StepSamples stepSamples() {
        requireDraws();
        return new StepSamples(size, keptChains.length, keptCoordinates.length,
                Arrays.copyOf(positions, size * rowLength));
    }

    private ChainDraws perChain(double[] rows) {
        requireDraws();
        int kc = keptChains.length;
        double[] out = new double[kc * size];
        for (int r = 0; r < size; r++) {
            for (int k = 0; k < kc; k++) {
                out[k * size + r] = rows[r * kc + k];
            }
        }
        return new ChainDraws(kc, size, out);
    }

    private void requireDraws() {
        if (size == 0) {
            throw new IllegalStateException("InMemoryDrawSink holds no draws yet");
        }
    }

    private void allocate(int newCapacity) {
        int kc = keptChains.length;
        positions = positions == null ? new double[newCapacity * rowLength] : Arrays.copyOf(positions, newCapacity * rowLength);
        logDensity = logDensity == null ? new double[newCapacity * kc] : Arrays.copyOf(logDensity, newCapacity * kc);
        acceptStat = acceptStat == null ? new double[newCapacity * kc] : Arrays.copyOf(acceptStat, newCapacity * kc);
        stepSize = stepSize == null ? new double[newCapacity * kc] : Arrays.copyOf(stepSize, newCapacity * kc);
        numSteps = numSteps == null ? new int[newCapacity * kc] : Arrays.copyOf(numSteps, newCapacity * kc);
        divergent = divergent == null ? new byte[newCapacity * kc] : Arrays.copyOf(divergent, newCapacity * kc);
        energy = energy == null ? new double[newCapacity * kc] : Arrays.copyOf(energy, newCapacity * kc);
        capacity = newCapacity;
    }

    private static int indexOf(int[] kept, int original, String name) {
        for (int i = 0; i < kept.length; i++) {
            if (kept[i] == original) {
                return i;
            }
        }
        throw new IllegalArgumentException(name + " = " + original + " is not kept; kept: " + Arrays.toString(kept));
    }

    private static int[] range(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }
}
