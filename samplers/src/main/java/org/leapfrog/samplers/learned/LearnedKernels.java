package org.leapfrog.samplers.learned;

import java.util.List;
import java.util.Map;
import org.leapfrog.kernels.KernelArguments;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Arg;
import org.leapfrog.kernels.LfMath;

/**
 * The kernels of {@code learned.cl} (a learned sampler's training bookkeeping on the device, see
 * {@link DeviceTraining}) and their Java twins: the same expressions in the same order, so on the Java engine
 * they give the bits of the host loops the trainers ran before (acceptance {@code Math.exp(min(log a, 0))},
 * the in-order mean, the beta steering formula).
 */
public final class LearnedKernels {
    /** Accept when {@code u < exp(min(log a, 0))} (L2HMC's rule). */
    public static final int RULE_LINEAR = 0;
    /** Accept when log a is finite and {@code LfMath.log(u) < log a} (the coupling sampler's rule). */
    public static final int RULE_LOG = 1;

    private static final List<String> SOURCES = List.of("org/leapfrog/kernels/lanes.cl",
            "org/leapfrog/kernels/lfmath.cl", "org/leapfrog/kernels/learned.cl");
    private static final Map<String, String> DEFINES = Map.of("REAL", "double", "VW", "1");

    /** {@code lf_learned_mh}'s parameters. */
    public static final class MhArgs {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg N = B.intScalar("n");
        public static final Arg DIM = B.intScalar("dim");
        public static final Arg SROWS = B.intScalar("srows");
        public static final Arg PROWS = B.intScalar("prows");
        public static final Arg RULE = B.intScalar("rule");
        public static final Arg LOG_A = B.doubles("log_a", Access.READ);
        public static final Arg U = B.doubles("u", Access.READ);
        public static final Arg PROP = B.doubles("prop", Access.READ);
        public static final Arg STATE = B.doubles("state", Access.READ_WRITE);
        public static final Arg PROB = B.doubles("prob", Access.WRITE);
        public static final KernelSignature SIGNATURE = B.build();

        private MhArgs() {
        }
    }

    /** {@code lf_learned_stats}' parameters. */
    public static final class StatsArgs {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg N = B.intScalar("n");
        public static final Arg PROB = B.doubles("prob", Access.READ);
        public static final Arg LOSS = B.doubles("loss", Access.READ);
        public static final Arg NORM = B.doubles("norm", Access.READ);
        public static final Arg EXTRA = B.doubles("extra", Access.READ);
        public static final Arg EXTRA2 = B.doubles("extra2", Access.READ);
        public static final Arg STATS = B.doubles("stats", Access.READ_WRITE);
        public static final Arg BETA = B.doubles("beta", Access.READ_WRITE);
        public static final Arg STEER = B.intScalar("steer");
        public static final Arg RATE = B.doubleScalar("rate");
        public static final Arg TARGET = B.doubleScalar("target");
        public static final Arg LO = B.doubleScalar("lo");
        public static final Arg HI = B.doubleScalar("hi");
        public static final KernelSignature SIGNATURE = B.build();

        private StatsArgs() {
        }
    }

    /** {@code lf_learned_commit}'s parameters. */
    public static final class CommitArgs {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg LEN = B.intScalar("len");
        public static final Arg FORCE = B.intScalar("force");
        public static final Arg LOSS = B.doubles("loss", Access.READ);
        public static final Arg NORM = B.doubles("norm", Access.READ);
        public static final Arg W = B.doubles("w", Access.READ_WRITE);
        public static final Arg BACKUP = B.doubles("backup", Access.READ_WRITE);
        public static final KernelSignature SIGNATURE = B.build();

        private CommitArgs() {
        }
    }

    /** {@code lf_learned_copy_rows}' parameters. */
    public static final class CopyRowsArgs {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg N = B.intScalar("n");
        public static final Arg DIM = B.intScalar("dim");
        public static final Arg SRC = B.doubles("src", Access.READ);
        public static final Arg SROWS = B.intScalar("srows");
        public static final Arg SR0 = B.intScalar("sr0");
        public static final Arg DST = B.doubles("dst", Access.READ_WRITE);
        public static final Arg DROWS = B.intScalar("drows");
        public static final Arg DR0 = B.intScalar("dr0");
        public static final KernelSignature SIGNATURE = B.build();

        private CopyRowsArgs() {
        }
    }

    public static final KernelDef MH = new KernelDef("learned-mh", "lf_learned_mh", SOURCES, "", DEFINES,
            LearnedKernels::mh, MhArgs.SIGNATURE);
    public static final KernelDef STATS = new KernelDef("learned-stats", "lf_learned_stats", SOURCES, "", DEFINES,
            LearnedKernels::stats, StatsArgs.SIGNATURE);
    public static final KernelDef COMMIT = new KernelDef("learned-commit", "lf_learned_commit", SOURCES, "", DEFINES,
            LearnedKernels::commit, CommitArgs.SIGNATURE);
    public static final KernelDef COPY_ROWS = new KernelDef("learned-copy-rows", "lf_learned_copy_rows", SOURCES, "",
            DEFINES, LearnedKernels::copyRows, CopyRowsArgs.SIGNATURE);

    private LearnedKernels() {
    }

    /** The acceptance probability of a log acceptance ratio: {@code exp(min(log a, 0))}, 0 when not finite. */
    public static double acceptance(double logA) {
        return Double.isFinite(logA) ? Math.exp(logA < 0.0 ? logA : 0.0) : 0.0;
    }

    /** The accept decision for uniform {@code u} under {@code rule}. */
    public static boolean accepts(int rule, double logA, double u) {
        return rule == RULE_LINEAR ? u < acceptance(logA) : Double.isFinite(logA) && LfMath.log(u) < logA;
    }

    private static void mh(KernelArguments a, int from, int to) {
        int n = a.intValue(MhArgs.N), dim = a.intValue(MhArgs.DIM);
        int srows = a.intValue(MhArgs.SROWS), prows = a.intValue(MhArgs.PROWS), rule = a.intValue(MhArgs.RULE);
        double[] logA = a.doubles(MhArgs.LOG_A), u = a.doubles(MhArgs.U), prop = a.doubles(MhArgs.PROP);
        double[] state = a.doubles(MhArgs.STATE), prob = a.doubles(MhArgs.PROB);
        int end = Math.min(to, n);
        for (int c = from; c < end; c++) {
            prob[c] = acceptance(logA[c]);
            if (accepts(rule, logA[c], u[c])) {
                for (int d = 0; d < dim; d++) {
                    state[d * srows + c] = prop[d * prows + c];
                }
            }
        }
    }

    private static void stats(KernelArguments a, int from, int to) {
        if (from > 0 || to < 1) {
            return;
        }
        int n = a.intValue(StatsArgs.N);
        double[] prob = a.doubles(StatsArgs.PROB), stats = a.doubles(StatsArgs.STATS), beta = a.doubles(StatsArgs.BETA);
        double loss = a.doubles(StatsArgs.LOSS)[0], norm = a.doubles(StatsArgs.NORM)[0];
        double s = 0.0;
        for (int c = 0; c < n; c++) {
            s += prob[c];
        }
        double acc = s / n;
        stats[0] = acc;
        stats[1] = loss;
        double skip = Double.isFinite(loss) && Double.isFinite(norm) ? 0.0 : 1.0;
        stats[2] = stats[2] + skip;
        stats[3] = skip;
        if (a.intValue(StatsArgs.STEER) != 0) {
            double rate = a.doubleValue(StatsArgs.RATE), target = a.doubleValue(StatsArgs.TARGET);
            beta[0] = Math.min(Math.max(beta[0] * (1 + rate * (acc - target)), a.doubleValue(StatsArgs.LO)),
                    a.doubleValue(StatsArgs.HI));
        }
        stats[4] = beta[0];
        stats[5] = a.doubles(StatsArgs.EXTRA)[0];
        stats[6] = a.doubles(StatsArgs.EXTRA2)[0];
    }

    private static void commit(KernelArguments a, int from, int to) {
        int len = a.intValue(CommitArgs.LEN);
        boolean keep = a.intValue(CommitArgs.FORCE) != 0
                || (Double.isFinite(a.doubles(CommitArgs.LOSS)[0]) && Double.isFinite(a.doubles(CommitArgs.NORM)[0]));
        double[] w = a.doubles(CommitArgs.W), backup = a.doubles(CommitArgs.BACKUP);
        int end = Math.min(to, len);
        if (keep) {
            System.arraycopy(w, from, backup, from, Math.max(0, end - from));
        } else {
            System.arraycopy(backup, from, w, from, Math.max(0, end - from));
        }
    }

    private static void copyRows(KernelArguments a, int from, int to) {
        int n = a.intValue(CopyRowsArgs.N), dim = a.intValue(CopyRowsArgs.DIM);
        int srows = a.intValue(CopyRowsArgs.SROWS), sr0 = a.intValue(CopyRowsArgs.SR0);
        int drows = a.intValue(CopyRowsArgs.DROWS), dr0 = a.intValue(CopyRowsArgs.DR0);
        double[] src = a.doubles(CopyRowsArgs.SRC), dst = a.doubles(CopyRowsArgs.DST);
        int end = Math.min(to, n);
        for (int c = from; c < end; c++) {
            for (int d = 0; d < dim; d++) {
                dst[d * drows + dr0 + c] = src[d * srows + sr0 + c];
            }
        }
    }
}
