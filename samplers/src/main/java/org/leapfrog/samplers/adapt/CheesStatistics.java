package org.leapfrog.samplers.adapt;

/**
 * The cross-chain reductions of ChEES adaptation, on the host, over chains and coordinates in a fixed order
 * (chain 0 first, coordinate 0 first), from per-chain values the kernels compute identically on every backend:
 * so the adapted step size, trajectory length and metric are the same bits on OpenCL and Java.
 * All arrays are chain-minor (coordinate d of chain c at d * chains + c). Nothing is allocated per call.
 */
final class CheesStatistics {
    /** Chains whose acceptance probability is at most this contribute no ChEES gradient (as in TFP). */
    static final double MIN_ACCEPTANCE = 1e-4;
    private static final double TINY = 1e-20;

    private final int chains;
    private final int dim;
    private final double[] meanBefore;
    private final double[] meanProposal;
    private final double[] weight;
    /** Per-chain work arrays of the gradient (whether the proposal and momentum are finite, the three sums). */
    private final boolean[] finite;
    private final double[] sqProposal;
    private final double[] sqBefore;
    private final double[] dot;

    CheesStatistics(int chains, int dim) {
        this.chains = chains;
        this.dim = dim;
        meanBefore = new double[dim];
        meanProposal = new double[dim];
        weight = new double[chains];
        finite = new boolean[chains];
        sqProposal = new double[chains];
        sqBefore = new double[chains];
        dot = new double[chains];
    }

    /**
     * Harmonic mean of the non-divergent chains' acceptance probabilities (0 when any of them is 0, or when all
     * chains diverged): the statistic dual averaging steers, which punishes chains that barely move.
     */
    double harmonicMeanAcceptance(double[] accept, int[] divergent) {
        double inverse = 0;
        int count = 0;
        for (int c = 0; c < chains; c++) {
            if (divergent[c] == 0) {
                double a = accept[c];
                if (!(a > 0)) {
                    return 0.0;
                }
                inverse += 1.0 / a;
                count++;
            }
        }
        return count == 0 ? 0.0 : count / inverse;
    }

    /**
     * The ChEES criterion's gradient with respect to log T, in the metric's whitened coordinates
     * z = x / sqrt(M^-1): for chain c with proposal x', end momentum p' and start x,
     * g_c = u (|z' - mean z'|^2 - |z - mean z|^2) (z' - mean z') . dz'/dt, and (z' - mean z') . dz'/dt equals
     * (x' - mean x') . p'. The proposals' mean is weighted by acceptance probability; the gradient is the
     * acceptance-weighted mean of g_c times T (the chain rule for log T). Divergent chains, chains with
     * acceptance at most {@link #MIN_ACCEPTANCE} and non-finite terms count as zero.
     *
     * @param before      positions before the iteration
     * @param proposal    proposed positions (end of trajectory)
     * @param momentum    momenta at the end of trajectory
     * @param inverseMass diagonal of M^-1 used in this iteration (null for the unit metric)
     * @param u           this iteration's jitter fraction
     * @param length      this iteration's (unjittered) trajectory length T
     */
    double logLengthGradient(double[] before, double[] proposal, double[] momentum, double[] accept, int[] divergent,
                             double[] inverseMass, double u, double length) {
        // Coordinate-major passes over the chain-minor arrays (contiguous, so the JIT vectorises them); each chain's
        // sums still run over coordinates 0, 1, ... in order, and the cross-chain sums over chains 0, 1, ...: the
        // same operations in the same order as chain by chain, so the same bits.
        for (int c = 0; c < chains; c++) {
            finite[c] = true;
        }
        for (int d = 0; d < dim; d++) {
            int o = d * chains;
            for (int c = 0; c < chains; c++) {
                if (!Double.isFinite(proposal[o + c]) || !Double.isFinite(momentum[o + c])) {
                    finite[c] = false;
                }
            }
        }
        double weightSum = 0;
        for (int c = 0; c < chains; c++) {
            double a = accept[c];
            boolean usable = divergent[c] == 0 && a > 0 && finite[c];
            weight[c] = usable ? a : 0.0;
            weightSum += weight[c];
        }
        for (int d = 0; d < dim; d++) {
            int o = d * chains;
            double s = 0, sw = 0;
            for (int c = 0; c < chains; c++) {
                s += before[o + c];
                if (weight[c] > 0) {
                    sw += weight[c] * proposal[o + c];
                }
            }
            meanBefore[d] = s / chains;
            meanProposal[d] = sw / (weightSum + TINY);
        }
        java.util.Arrays.fill(sqProposal, 0.0);
        java.util.Arrays.fill(sqBefore, 0.0);
        java.util.Arrays.fill(dot, 0.0);
        for (int d = 0; d < dim; d++) {
            int o = d * chains;
            double scale = inverseMass == null ? 1.0 : inverseMass[d];
            double mp = meanProposal[d], mb = meanBefore[d];
            for (int c = 0; c < chains; c++) {
                double dp = proposal[o + c] - mp;
                double db = before[o + c] - mb;
                sqProposal[c] += dp * dp / scale;
                sqBefore[c] += db * db / scale;
                dot[c] += dp * momentum[o + c];
            }
        }
        double total = 0;
        for (int c = 0; c < chains; c++) {
            if (!(weight[c] > MIN_ACCEPTANCE)) {
                continue;
            }
            double g = u * (sqProposal[c] - sqBefore[c]) * dot[c];
            if (Double.isFinite(g)) {
                total += weight[c] * g;
            }
        }
        return total / (weightSum + TINY) * length;
    }

    /** Cross-chain variance of each coordinate (two passes, divisor chains - 1; 0 for one chain) into out. */
    void variance(double[] positions, double[] out) {
        for (int d = 0; d < dim; d++) {
            int o = d * chains;
            double s = 0;
            for (int c = 0; c < chains; c++) {
                s += positions[o + c];
            }
            double mean = s / chains;
            double ss = 0;
            for (int c = 0; c < chains; c++) {
                double e = positions[o + c] - mean;
                ss += e * e;
            }
            out[d] = chains > 1 ? ss / (chains - 1) : 0.0;
        }
    }
}
