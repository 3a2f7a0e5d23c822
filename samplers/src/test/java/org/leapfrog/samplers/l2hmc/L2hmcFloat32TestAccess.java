package org.leapfrog.samplers.l2hmc;

/** Opens {@link L2hmcFloat32Test}'s probability check to the coupling sampler's float32 test. */
public final class L2hmcFloat32TestAccess {
    private L2hmcFloat32TestAccess() {
    }

    public static void assertProbabilityMatchesLogRatio(String what, double prob, double logA, int c) {
        L2hmcFloat32Test.assertProbabilityMatchesLogRatio(what, prob, logA, c);
    }
}
