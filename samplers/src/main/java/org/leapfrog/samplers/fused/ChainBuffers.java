package org.leapfrog.samplers.fused;

import org.leapfrog.runtime.graph.HostArray;
import org.leapfrog.runtime.graph.IntArray;
import org.leapfrog.samplers.Lanes;
import org.leapfrog.samplers.Precision;

/**
 * The per-chain state every fused Metropolis-Hastings sampler keeps on the device: positions, log densities,
 * gradients and the last step's acceptance probability, accepted and divergent flags and energy. Chains are
 * padded to a multiple of the kernel's lane width; padding chains repeat the last chain and are never reported.
 * Buffers are chain-minor (coordinate d of padded chain c at {@code d * padded + c}) in the sampler's precision.
 *
 * <p>Samplers bind these buffers into their task graphs; {@link FusedChains} drives them.
 */
public final class ChainBuffers {
    private final Precision precision;
    private final int dimension;
    private final int chains;
    private final int padded;
    private final HostArray position;
    private final HostArray logDensity;
    private final HostArray gradient;
    private final HostArray acceptanceProbability;
    private final IntArray accepted;
    private final IntArray divergent;
    private final HostArray energy;

    /**
     * @param lanes the kernel's lane width (chains per work-item); chains are padded to a multiple of it
     */
    public ChainBuffers(Precision precision, int dimension, int chains, int lanes) {
        if (precision == null) {
            throw new IllegalArgumentException("precision: null; allowed: FLOAT64 or FLOAT32");
        }
        if (chains < 1) {
            throw new IllegalArgumentException("chains: " + chains + "; allowed: 1 or more");
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension: " + dimension + "; allowed: 1 or more");
        }
        this.precision = precision;
        this.dimension = dimension;
        this.chains = chains;
        this.padded = Lanes.stride(chains, lanes, precision.elementType().bytes());
        position = precision.allocate("position", dimension * padded);
        logDensity = precision.allocate("logDensity", padded);
        gradient = precision.allocate("gradient", dimension * padded);
        acceptanceProbability = precision.allocate("acceptanceProbability", padded);
        accepted = new IntArray("accepted", padded);
        divergent = new IntArray("divergent", padded);
        energy = precision.allocate("energy", padded);
    }

    public Precision precision() {
        return precision;
    }

    public int dimension() {
        return dimension;
    }

    /** Chains reported to the caller. */
    public int chains() {
        return chains;
    }

    /** Chains in the buffers: {@link #chains()} rounded up to the lane width. */
    public int padded() {
        return padded;
    }

    public HostArray position() {
        return position;
    }

    public HostArray logDensity() {
        return logDensity;
    }

    public HostArray gradient() {
        return gradient;
    }

    public HostArray acceptanceProbability() {
        return acceptanceProbability;
    }

    public IntArray accepted() {
        return accepted;
    }

    public IntArray divergent() {
        return divergent;
    }

    public HostArray energy() {
        return energy;
    }

    /**
     * Checks start positions (chain-minor, length dimension * chains: finite, and within float32's range in
     * FLOAT32) and writes them into the host side of {@link #position()}, padding chains repeating the last.
     */
    public void loadPositions(double[] positions) {
        if (positions.length != dimension * chains) {
            throw new IllegalArgumentException("positions: length " + positions.length + "; allowed: dimension * chains = "
                    + dimension + " * " + chains + " = " + dimension * chains + " (chain-minor)");
        }
        for (int i = 0; i < positions.length; i++) {
            if (!Double.isFinite(positions[i])
                    || (precision == Precision.FLOAT32 && Math.abs(positions[i]) > Float.MAX_VALUE)) {
                throw new IllegalArgumentException("positions: coordinate " + (i / chains) + " of chain " + (i % chains)
                        + " is " + positions[i] + "; allowed: finite values"
                        + (precision == Precision.FLOAT32 ? " within float32's range (|x| <= 3.4e38)" : ""));
            }
        }
        expand(positions, position, dimension);
    }

    /** Throws if a reported chain's log density (host side, after init) is not finite. */
    public void checkStartDensities() {
        for (int c = 0; c < chains; c++) {
            double lp = Precision.get(logDensity, c);
            if (!Double.isFinite(lp)) {
                throw new IllegalArgumentException("positions: the log density of chain " + c + " at its start is "
                        + lp + "; allowed: a start where the target's log density is finite"
                        + (precision == Precision.FLOAT32 ? " in float32" : ""));
            }
        }
    }

    /**
     * Writes {@code rows} chain-minor rows of {@code chains} values into a padded buffer; padding chains
     * repeat the last chain.
     */
    public void expand(double[] src, HostArray dst, int rows) {
        for (int d = 0; d < rows; d++) {
            Precision.copy(src, d * chains, dst, d * padded, chains);
            for (int c = chains; c < padded; c++) {
                Precision.set(dst, d * padded + c, src[d * chains + chains - 1]);
            }
        }
    }

    /** Copies {@code rows} chain-minor rows of a padded buffer's reported chains into {@code dst}. */
    public void compact(HostArray src, double[] dst, int rows) {
        if (dst.length != rows * chains) {
            throw new IllegalArgumentException(src.name() + " output: length " + dst.length + "; allowed: "
                    + rows * chains);
        }
        for (int d = 0; d < rows; d++) {
            Precision.copy(src, d * padded, dst, d * chains, chains);
        }
    }
}
