package org.leapfrog.samplers.his;

import java.util.List;
import java.util.Map;
import org.leapfrog.kernels.KernelArguments;
import org.leapfrog.kernels.KernelConstants;
import org.leapfrog.kernels.KernelDef;
import org.leapfrog.kernels.KernelSignature;
import org.leapfrog.kernels.KernelSignature.Access;
import org.leapfrog.kernels.KernelSignature.Arg;
import org.leapfrog.samplers.integrator.Leapfrog;

/**
 * The kernels of {@code his_ops.cl} (the tempered flow's updates as tensor operations, see {@link FlowOps}) and
 * their Java twins. The twins update with {@link Leapfrog#kick}, {@link Leapfrog#drift} and
 * {@link Leapfrog#temper}, and derive the schedule with {@link Tempering}: the code {@link HisFlow} runs.
 */
public final class FlowOpKernels {
    static final int KICK = KernelConstants.HIS_OP_KICK;
    static final int DRIFT = KernelConstants.HIS_OP_DRIFT;
    static final int TEMPER = KernelConstants.HIS_OP_TEMPER;

    private static final List<String> SOURCES = List.of("org/leapfrog/kernels/lanes.cl",
            "org/leapfrog/kernels/leapfrog.cl", "org/leapfrog/kernels/his_ops.cl");
    private static final Map<String, String> DEFINES = Map.of("REAL", "double", "VW", "1", "LF_UPDATES_ONLY", "1");

    /** {@code lf_op_update}'s parameters. */
    public static final class UpdateArgs {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg OP = B.intScalar("op");
        public static final Arg ROWS = B.intScalar("rows");
        public static final Arg TOTAL = B.intScalar("total");
        public static final Arg W = B.doubleScalar("w");
        public static final Arg A = B.doubles("a", Access.READ);
        public static final Arg B_ = B.doubles("b", Access.READ);
        public static final Arg E = B.doubles("e", Access.READ);
        public static final Arg OUT = B.doubles("out", Access.WRITE);
        public static final KernelSignature SIGNATURE = B.build();

        private UpdateArgs() {
        }
    }

    /** {@code lf_op_fixed_schedule}'s parameters. */
    public static final class ScheduleArgs {
        private static final KernelSignature.Builder B = KernelSignature.builder();
        public static final Arg STEPS = B.intScalar("steps");
        public static final Arg GRAD = B.intScalar("grad");
        public static final Arg BETA0 = B.doubles("beta0", Access.READ);
        public static final Arg G = B.doubles("g", Access.READ);
        public static final Arg OUT = B.doubles("out", Access.WRITE);
        public static final KernelSignature SIGNATURE = B.build();

        private ScheduleArgs() {
        }
    }

    public static final KernelDef UPDATE = new KernelDef("his-op-update", "lf_op_update", SOURCES, "", DEFINES,
            FlowOpKernels::update, UpdateArgs.SIGNATURE);
    public static final KernelDef SCHEDULE = new KernelDef("his-op-fixed-schedule", "lf_op_fixed_schedule", SOURCES,
            "", DEFINES, FlowOpKernels::schedule, ScheduleArgs.SIGNATURE);

    private FlowOpKernels() {
    }

    private static void update(KernelArguments a, int from, int to) {
        int op = a.intValue(UpdateArgs.OP), rows = a.intValue(UpdateArgs.ROWS), total = a.intValue(UpdateArgs.TOTAL);
        double w = a.doubleValue(UpdateArgs.W);
        double[] x = a.doubles(UpdateArgs.A), y = a.doubles(UpdateArgs.B_), e = a.doubles(UpdateArgs.E);
        double[] out = a.doubles(UpdateArgs.OUT);
        int end = Math.min(to, total);
        for (int i = from; i < end; i++) {
            int c = i / rows;
            out[i] = switch (op) {
                case KICK -> Leapfrog.kick(x[i], w * e[c], y[i]);
                case DRIFT -> Leapfrog.drift(x[i], e[c], y[i]);
                default -> Leapfrog.temper(e[0], x[i]);
            };
        }
    }

    private static void schedule(KernelArguments a, int from, int to) {
        if (from > 0 || to < 1) {
            return;
        }
        int steps = a.intValue(ScheduleArgs.STEPS);
        double beta0 = a.doubles(ScheduleArgs.BETA0)[0];
        double[] out = a.doubles(ScheduleArgs.OUT);
        if (a.intValue(ScheduleArgs.GRAD) != 0) {
            double[] g = java.util.Arrays.copyOf(a.doubles(ScheduleArgs.G), steps);
            out[0] = Tempering.fixedQuadraticGradient(beta0, g);
        } else {
            System.arraycopy(Tempering.fixedQuadratic(beta0, steps).alphas(), 0, out, 0, steps);
        }
    }
}
