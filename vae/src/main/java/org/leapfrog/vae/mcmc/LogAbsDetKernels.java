package org.leapfrog.vae.mcmc;

import java.util.List;
import java.util.Map;
import org.leapfrog.kernels.KernelArguments;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Arg;
import org.leapfrog.samplers.adapt.EntropyGuard;

/**
 * The kernel of {@code logdet.cl} (batched log|det A| and A^-T by Gauss-Jordan elimination with partial pivoting,
 * one work-item per matrix) and its Java twin, which runs the same operations in the same order.
 */
public final class LogAbsDetKernels {
    /** {@code lf_mcmc_logdet}'s parameters. */
    public static final class Args {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg M = B.intScalar("m");
        public static final Arg D = B.intScalar("d");
        public static final Arg A = B.doubles("a", Access.READ);
        public static final Arg WORK = B.doubles("work", Access.WRITE);
        public static final Arg INV = B.doubles("inv", Access.WRITE);
        public static final Arg LOGDET = B.doubles("logdet", Access.WRITE);
        public static final Arg PD = B.doubles("pd", Access.WRITE);
        public static final KernelSignature SIGNATURE = B.build();

        private Args() {
        }
    }

    public static final KernelDef LOGDET = new KernelDef("mcmc-logdet", "lf_mcmc_logdet",
            List.of("org/leapfrog/vae/mcmc/logdet.cl"), "", Map.of(), LogAbsDetKernels::twin, Args.SIGNATURE);

    private LogAbsDetKernels() {
    }

    private static void twin(KernelArguments k, int from, int to) {
        int m = k.intValue(Args.M), d = k.intValue(Args.D);
        double[] a = k.doubles(Args.A), work = k.doubles(Args.WORK), inv = k.doubles(Args.INV);
        double[] logdet = k.doubles(Args.LOGDET);
        double[] pd = k.doubles(Args.PD);
        int end = Math.min(to, m);
        for (int i = from; i < end; i++) {
            pd[i] = definite(i, m, d, a, work);
            matrix(i, m, d, a, work, inv, logdet);
        }
    }

    /** 1 if (A + A')/2 of matrix i has a Cholesky factor (written into work's lower triangle), else 0. */
    private static double definite(int i, int m, int d, double[] a, double[] work) {
        // The rule shared with the samplers' entropy adaptation; same arithmetic as logdet.cl.
        return EntropyGuard.positiveDefinite(a, work, d, i, m) ? 1.0 : 0.0;
    }

    private static void matrix(int i, int m, int d, double[] a, double[] work, double[] inv, double[] logdet) {
        for (int j = 0; j < d; j++) {
            for (int r = 0; r < d; r++) {
                int at = (j * d + r) * m + i;
                work[at] = a[at];
                inv[at] = r == j ? 1.0 : 0.0;
            }
        }
        double ld = 0.0;
        for (int kk = 0; kk < d; kk++) {
            int p = kk;
            double best = Math.abs(work[(kk * d + kk) * m + i]);
            for (int r = kk + 1; r < d; r++) {
                double v = Math.abs(work[(kk * d + r) * m + i]);
                if (v > best) {
                    best = v;
                    p = r;
                }
            }
            if (p != kk) {
                for (int j = 0; j < d; j++) {
                    int x = (j * d + kk) * m + i, y = (j * d + p) * m + i;
                    double t = work[x];
                    work[x] = work[y];
                    work[y] = t;
                    t = inv[x];
                    inv[x] = inv[y];
                    inv[y] = t;
                }
            }
            double piv = work[(kk * d + kk) * m + i];
            ld += Math.log(Math.abs(piv));
            double s = 1.0 / piv;
            for (int j = 0; j < d; j++) {
                int x = (j * d + kk) * m + i;
                work[x] = work[x] * s;
                inv[x] = inv[x] * s;
            }
            for (int r = 0; r < d; r++) {
                if (r == kk) {
                    continue;
                }
                double f = work[(kk * d + r) * m + i];
                if (f == 0.0) {
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    int x = (j * d + r) * m + i, y = (j * d + kk) * m + i;
                    work[x] = work[x] - f * work[y];
                    inv[x] = inv[x] - f * inv[y];
                }
            }
        }
        for (int r = 0; r < d; r++) {
            for (int j = r + 1; j < d; j++) {
                int x = (j * d + r) * m + i, y = (r * d + j) * m + i;
                double t = inv[x];
                inv[x] = inv[y];
                inv[y] = t;
            }
        }
        logdet[i] = ld;
    }
}
