package org.leapfrog.samplers.fused;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.leapfrog.kernels.ElementType;
import org.leapfrog.kernels.JavaKernel2d;
import org.leapfrog.kernels.KernelArguments;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Arg;
import org.leapfrog.samplers.Precision;

/**
 * {@code lf_chain_stats} ({@code chain_stats.cl}) and its Java twin: per kept draw, Welford moments of every
 * chain's position, and per chain the sum of acceptance probabilities, the divergence count and the energy's
 * Welford moments and sum of squared consecutive differences (E-BFMI's numerator); it also packs the kept
 * chains (0 .. n_kept-1) into one small buffer of {@code dim + 4} rows (positions, log density, acceptance
 * probability, divergent as 0/1, energy). The chain state is in the sampler's precision; accumulators and the
 * packed buffer are double. The twin performs the same double operations in the same order, so both backends
 * give the same bits (and the same bits as the host's {@code OnlineMoments}).
 */
public final class ChainStatisticsKernel {
    static final String SOURCE = "org/leapfrog/kernels/chain_stats.cl";

    private ChainStatisticsKernel() {
    }

    /** The kernel's parameters; the five state buffers are REAL (float in FLOAT32), everything else as declared. */
    public static final class Args {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg N_CHAINS = B.intScalar("n_chains");
        public static final Arg PADDED = B.intScalar("padded");
        public static final Arg DIM = B.intScalar("dim");
        public static final Arg N_KEPT = B.intScalar("n_kept");
        public static final Arg ACCUMULATE = B.intScalar("accumulate");
        public static final Arg COUNT = B.intScalar("count");
        public static final Arg INV_COUNT = B.doubleScalar("inv_count");
        public static final Arg POSITION = B.doubles("pos", Access.READ);
        public static final Arg LOG_DENSITY = B.doubles("logp", Access.READ);
        public static final Arg ACCEPT_PROB = B.doubles("accept_prob", Access.READ);
        public static final Arg DIVERGENT = B.ints("divergent", Access.READ);
        public static final Arg ENERGY = B.doubles("energy", Access.READ);
        public static final Arg MEAN = B.doubles("mean", Access.READ_WRITE);
        public static final Arg M2 = B.doubles("m2", Access.READ_WRITE);
        public static final Arg ACCEPT_SUM = B.doubles("accept_sum", Access.READ_WRITE);
        public static final Arg DIVERGENCES = B.ints("divergences", Access.READ_WRITE);
        public static final Arg ENERGY_MEAN = B.doubles("energy_mean", Access.READ_WRITE);
        public static final Arg ENERGY_M2 = B.doubles("energy_m2", Access.READ_WRITE);
        public static final Arg ENERGY_JUMP = B.doubles("energy_jump", Access.READ_WRITE);
        public static final Arg ENERGY_PREV = B.doubles("energy_prev", Access.READ_WRITE);
        public static final Arg KEPT = B.doubles("kept", Access.WRITE);
        static final KernelSignature FLOAT64 = B.build();

        private Args() {
        }
    }

    /** The kernel for chain state in {@code precision}. */
    public static KernelDef of(Precision precision) {
        Map<String, String> defines = new LinkedHashMap<>();
        precision.define(defines);
        return new KernelDef("chain-stats", "lf_chain_stats", List.of(SOURCE), "", defines,
                precision == Precision.FLOAT64 ? TWIN64 : TWIN32).withSignature(signature(precision));
    }

    /** FLOAT64's signature with the state buffers (only) in the precision's element type. */
    static KernelSignature signature(Precision precision) {
        if (precision == Precision.FLOAT64) {
            return Args.FLOAT64;
        }
        List<Arg> real = List.of(Args.POSITION, Args.LOG_DENSITY, Args.ACCEPT_PROB, Args.ENERGY);
        KernelSignature.Builder b = KernelSignature.builder();
        for (Arg a : Args.FLOAT64.args()) {
            switch (a.kind()) {
                case BUFFER -> b.buffer(a.name(), real.contains(a) ? ElementType.FLOAT32 : a.elementType(), a.access());
                case INT -> b.intScalar(a.name());
                case LONG -> b.longScalar(a.name());
                default -> b.doubleScalar(a.name());
            }
        }
        return b.build();
    }

    private static final JavaKernel2d TWIN64 = (a, x0, x1, y0, y1) -> run(a, x0, x1, y0, y1, false);
    private static final JavaKernel2d TWIN32 = (a, x0, x1, y0, y1) -> run(a, x0, x1, y0, y1, true);

    /**
     * Chains [from, to) of coordinates [d0, d1) (the launch is chains x dimension); the row d = 0 also does the
     * per-chain statistics. Chains are the inner loop, over contiguous memory.
     */
    private static void run(KernelArguments a, int from, int to, int d0, int d1, boolean f32) {
        int n = a.intValue(Args.N_CHAINS), padded = a.intValue(Args.PADDED), dim = a.intValue(Args.DIM);
        int nKept = a.intValue(Args.N_KEPT);
        int end = Math.min(to, n);
        d1 = Math.min(d1, dim);
        if (from >= end || d0 >= d1) {
            return;
        }
        double[] pos64 = f32 ? null : a.doubles(Args.POSITION);
        float[] pos32 = f32 ? a.floats(Args.POSITION) : null;
        boolean perChain = d0 == 0;
        if (a.intValue(Args.ACCUMULATE) != 0) {
            double inv = a.doubleValue(Args.INV_COUNT);
            double[] mean = a.doubles(Args.MEAN), m2 = a.doubles(Args.M2);
            for (int d = d0; d < d1; d++) {
                int base = d * padded;
                if (f32) {
                    welford(pos32, mean, m2, base + from, base + end, inv);
                } else {
                    welford(pos64, mean, m2, base + from, base + end, inv);
                }
            }
            int count = a.intValue(Args.COUNT);
            double[] acceptSum = a.doubles(Args.ACCEPT_SUM), eMean = a.doubles(Args.ENERGY_MEAN);
            double[] eM2 = a.doubles(Args.ENERGY_M2), eJump = a.doubles(Args.ENERGY_JUMP);
            double[] ePrev = a.doubles(Args.ENERGY_PREV);
            int[] divergent = a.ints(Args.DIVERGENT), divergences = a.ints(Args.DIVERGENCES);
            for (int c = from; c < end && perChain; c++) {
                acceptSum[c] += real(a, Args.ACCEPT_PROB, c, f32);
                divergences[c] += divergent[c] != 0 ? 1 : 0;
                double e = real(a, Args.ENERGY, c, f32);
                double de = e - eMean[c];
                eMean[c] += de * inv;
                eM2[c] += de * (e - eMean[c]);
                if (count > 1) {
                    double jump = e - ePrev[c];
                    eJump[c] += jump * jump;
                }
                ePrev[c] = e;
            }
        }
        int keptEnd = Math.min(end, nKept);
        if (from < keptEnd) {
            double[] kept = a.doubles(Args.KEPT);
            int[] divergent = a.ints(Args.DIVERGENT);
            for (int c = from; c < keptEnd; c++) {
                for (int d = d0; d < d1; d++) {
                    kept[d * nKept + c] = f32 ? pos32[d * padded + c] : pos64[d * padded + c];
                }
                if (!perChain) {
                    continue;
                }
                kept[dim * nKept + c] = real(a, Args.LOG_DENSITY, c, f32);
                kept[(dim + 1) * nKept + c] = real(a, Args.ACCEPT_PROB, c, f32);
                kept[(dim + 2) * nKept + c] = divergent[c] != 0 ? 1.0 : 0.0;
                kept[(dim + 3) * nKept + c] = real(a, Args.ENERGY, c, f32);
            }
        }
    }

    /** OnlineMoments.add's update of elements [i0, i1). */
    private static void welford(double[] x, double[] mean, double[] m2, int i0, int i1, double inv) {
        for (int i = i0; i < i1; i++) {
            double v = x[i];
            double delta = v - mean[i];
            mean[i] += delta * inv;
            m2[i] += delta * (v - mean[i]);
        }
    }

    private static void welford(float[] x, double[] mean, double[] m2, int i0, int i1, double inv) {
        for (int i = i0; i < i1; i++) {
            double v = x[i];
            double delta = v - mean[i];
            mean[i] += delta * inv;
            m2[i] += delta * (v - mean[i]);
        }
    }

    private static double real(KernelArguments a, Arg arg, int i, boolean f32) {
        return f32 ? a.floats(arg)[i] : a.doubles(arg)[i];
    }

    /**
     * The statistics part of {@code lf_hmc_step_stats} ({@code hmc.cl}) for chains [from, to) of a chain-minor
     * float64 state with row stride {@code padded}, after the step: the same double operations, in the same order,
     * as {@link #run} (and the host's {@code OnlineMoments.add}), so the fused kernel, this twin and the separate
     * launch give the same bits. {@code kept} is the packed draw at {@code keptOffset}: {@code dim + 4} rows of
     * {@code nKept} chains.
     */
    public static void accumulateStep(int from, int to, int padded, int dim, int count, double inv, double[] pos,
                                      double[] logp, double[] acceptProb, int[] divergent, double[] energy,
                                      double[] mean, double[] m2, double[] acceptSum, int[] divergences,
                                      double[] eMean, double[] eM2, double[] eJump, double[] ePrev, int nKept,
                                      int keptOffset, double[] kept) {
        for (int d = 0; d < dim; d++) {
            welford(pos, mean, m2, d * padded + from, d * padded + to, inv);
        }
        for (int c = from; c < to; c++) {
            acceptSum[c] += acceptProb[c];
            divergences[c] += divergent[c] != 0 ? 1 : 0;
            double e = energy[c];
            double de = e - eMean[c];
            eMean[c] += de * inv;
            eM2[c] += de * (e - eMean[c]);
            if (count > 1) {
                double jump = e - ePrev[c];
                eJump[c] += jump * jump;
            }
            ePrev[c] = e;
        }
        for (int c = from; c < Math.min(to, nKept); c++) {
            for (int d = 0; d < dim; d++) {
                kept[keptOffset + d * nKept + c] = pos[d * padded + c];
            }
            kept[keptOffset + dim * nKept + c] = logp[c];
            kept[keptOffset + (dim + 1) * nKept + c] = acceptProb[c];
            kept[keptOffset + (dim + 2) * nKept + c] = divergent[c] != 0 ? 1.0 : 0.0;
            kept[keptOffset + (dim + 3) * nKept + c] = energy[c];
        }
    }
}
