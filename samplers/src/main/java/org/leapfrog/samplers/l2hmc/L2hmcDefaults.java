package org.leapfrog.samplers.l2hmc;

import org.leapfrog.samplers.target.Target;

/**
 * The per-target choices: network width 10 for 2-d targets and 100 above; lambda_b = 1 (a q batch from N(0, I))
 * for the mixture, the Rough Well and the SCG of the released code ({@code scg}: its notebook weighs the q batch
 * like the p batch), 0 for ICG-50 and the paper's SCG variant ({@code scg-paper}), as the paper says for the
 * Gaussians (their narrow coordinates put N(0, I) draws far out in the tails); the mixture trained with a temperature
 * annealed linearly from {@link #MOG_TEMPERATURE} to 1 (the paper anneals but gives no schedule; 10 is the start of
 * the released code's later MoG experiments: from 3 no training chain ever crossed between the modes, so the loss
 * never saw a jump, and from 30 the sampler learned to flip between the modes almost every step, x' ~ -x, with the
 * within-mode spread hardly moving); initial step size 0.1; M = 10 steps.
 */
public final class L2hmcDefaults {
    public static final int STEPS = 10;
    public static final double INITIAL_STEP_SIZE = 0.1;
    public static final double MOG_TEMPERATURE = 10.0;

    private L2hmcDefaults() {
    }

    public static int hidden(Target t) {
        return t.dimension() > 2 ? 100 : 10;
    }

    public static double lambdaB(Target t) {
        return isMixtureOrWell(t) || t.name().equals("scg") ? 1.0 : 0.0;
    }

    public static double temperatureStart(Target t) {
        return t.name().startsWith("mog") ? MOG_TEMPERATURE : 1.0;
    }

    private static boolean isMixtureOrWell(Target t) {
        return t.name().startsWith("mog") || t.name().startsWith("roughwell");
    }
}
