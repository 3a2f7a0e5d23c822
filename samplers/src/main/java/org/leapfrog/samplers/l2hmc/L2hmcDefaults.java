package org.leapfrog.samplers.l2hmc;

import org.leapfrog.samplers.target.Target;

/**
 * The paper's per-target choices: network width 10 for 2-d targets and 100 above; lambda_b = 1 (a q batch from
 * N(0, I)) for the mixture and the Rough Well, 0 for the Gaussians; the mixture trained with a temperature
 * annealed from {@link #MOG_TEMPERATURE} to 1 (our choice of start; the paper anneals but gives no schedule on
 * the poster); initial step size 0.1; M = 10 steps.
 */
public final class L2hmcDefaults {
    public static final int STEPS = 10;
    public static final double INITIAL_STEP_SIZE = 0.1;
    public static final double MOG_TEMPERATURE = 3.0;

    private L2hmcDefaults() {
    }

    public static int hidden(Target t) {
        return t.dimension() > 2 ? 100 : 10;
    }

    public static double lambdaB(Target t) {
        return isMixtureOrWell(t) ? 1.0 : 0.0;
    }

    public static double temperatureStart(Target t) {
        return t.name().startsWith("mog") ? MOG_TEMPERATURE : 1.0;
    }

    private static boolean isMixtureOrWell(Target t) {
        return t.name().startsWith("mog") || t.name().startsWith("roughwell");
    }
}
