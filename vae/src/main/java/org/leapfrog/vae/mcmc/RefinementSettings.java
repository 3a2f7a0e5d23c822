package org.leapfrog.vae.mcmc;

import org.leapfrog.samplers.adapt.EntropyAdaptationSettings;
import org.leapfrog.samplers.adapt.Preconditioner;

/**
 * Settings of a {@link MarkovRefinement}: K Metropolis-Hastings steps of MALA ({@code leapfrogSteps = 1}) or HMC
 * (L leapfrog steps) with proposal scale h C, and how (h, C) adapt.
 *
 * @param mhSteps          K, Metropolis-Hastings steps per run
 * @param leapfrogSteps    L (1: MALA)
 * @param kind             C diagonal or lower triangular with a positive diagonal (GRADIENT); C = I under
 *                         DUAL_AVERAGING, where only h adapts
 * @param adaptation       GRADIENT (speed measure: ascend log alpha + beta * entropy with Adam) or DUAL_AVERAGING
 *                         (Nesterov dual averaging of h toward the target acceptance)
 * @param targetAcceptance alpha*: beta (GRADIENT) or h (DUAL_AVERAGING) is steered so the acceptance approaches it
 * @param learningRate     Adam's rate on (log h, log C_ii, C_ij) (GRADIENT)
 * @param initialStepSize  h at the start
 * @param initialBeta      beta at the start (GRADIENT)
 * @param betaRate         rho_4: beta *= 1 + betaRate * (acceptance - target) after each run, clipped to
 *                         [minBeta, maxBeta]
 * @param minBeta          beta's lower clip
 * @param maxBeta          beta's upper clip
 * @param hessianChains    chains (the first rows) whose Hessian enters the HMC entropy correction (L > 1)
 */
public record RefinementSettings(int mhSteps, int leapfrogSteps, Preconditioner.Kind kind, Adaptation adaptation,
                                 double targetAcceptance, double learningRate, double initialStepSize,
                                 double initialBeta, double betaRate, double minBeta, double maxBeta,
                                 int hessianChains) {
    /** How h and C adapt. */
    public enum Adaptation { GRADIENT, DUAL_AVERAGING }

    /** Dual averaging's regularisation scale, relaxation exponent and offset (Stan's). */
    public static final double DA_GAMMA = 0.05;
    public static final double DA_KAPPA = 0.75;
    public static final double DA_T0 = 10;

    public RefinementSettings {
        if (mhSteps < 1) {
            throw new IllegalArgumentException("mhSteps: " + mhSteps + "; allowed: 1 or more");
        }
        if (leapfrogSteps < 1) {
            throw new IllegalArgumentException("leapfrogSteps: " + leapfrogSteps + "; allowed: 1 or more");
        }
        if (adaptation == null) {
            throw new IllegalArgumentException("adaptation: null; allowed: GRADIENT or DUAL_AVERAGING");
        }
        EntropyAdaptationSettings.checkSpeedMeasure(kind, targetAcceptance, learningRate, initialStepSize, initialBeta,
                betaRate, minBeta, maxBeta, hessianChains);
    }

    /**
     * Speed-measure adaptation with the constants of entropy-based adaptation in {@code samplers}
     * ({@link EntropyAdaptationSettings#mala} / {@link EntropyAdaptationSettings#hmc}: target 0.55 / 0.65, Adam
     * 0.01, h0 0.1, beta0 1, beta rate 0.02, beta in [1e-4, 100], 4 Hessian chains) and K MH steps.
     */
    public static RefinementSettings gradient(EntropyAdaptationSettings base, int mhSteps) {
        return new RefinementSettings(mhSteps, base.numIntegrationSteps(), base.kind(), Adaptation.GRADIENT,
                base.targetAcceptance(), base.learningRate(), base.initialStepSize(), base.initialBeta(),
                base.betaRate(), base.minBeta(), base.maxBeta(), base.hessianChains());
    }

    /** gradMALA: speed-measure MALA with C of {@code kind}. */
    public static RefinementSettings gradMala(int mhSteps, Preconditioner.Kind kind) {
        return gradient(EntropyAdaptationSettings.mala(1, kind), mhSteps);
    }

    /** gradHMC: speed-measure HMC with L leapfrog steps and C of {@code kind}. */
    public static RefinementSettings gradHmc(int mhSteps, int leapfrogSteps, Preconditioner.Kind kind) {
        return gradient(EntropyAdaptationSettings.hmc(1, leapfrogSteps, kind), mhSteps);
    }

    /** dsMALA: dual averaging of one step size (C = I), target 0.55 as for gradMALA. */
    public static RefinementSettings dsMala(int mhSteps) {
        RefinementSettings g = gradMala(mhSteps, Preconditioner.Kind.DIAGONAL);
        return g.withAdaptation(Adaptation.DUAL_AVERAGING);
    }

    /** dsHMC: dual averaging of one step size (C = I), target 0.65 as for gradHMC. */
    public static RefinementSettings dsHmc(int mhSteps, int leapfrogSteps) {
        RefinementSettings g = gradHmc(mhSteps, leapfrogSteps, Preconditioner.Kind.DIAGONAL);
        return g.withAdaptation(Adaptation.DUAL_AVERAGING);
    }

    public RefinementSettings withAdaptation(Adaptation a) {
        return new RefinementSettings(mhSteps, leapfrogSteps, kind, a, targetAcceptance, learningRate, initialStepSize,
                initialBeta, betaRate, minBeta, maxBeta, hessianChains);
    }

    public RefinementSettings withLearningRate(double lr) {
        return new RefinementSettings(mhSteps, leapfrogSteps, kind, adaptation, targetAcceptance, lr, initialStepSize,
                initialBeta, betaRate, minBeta, maxBeta, hessianChains);
    }

    public RefinementSettings withInitialStepSize(double h) {
        return new RefinementSettings(mhSteps, leapfrogSteps, kind, adaptation, targetAcceptance, learningRate, h,
                initialBeta, betaRate, minBeta, maxBeta, hessianChains);
    }

    public RefinementSettings withHessianChains(int m) {
        return new RefinementSettings(mhSteps, leapfrogSteps, kind, adaptation, targetAcceptance, learningRate,
                initialStepSize, initialBeta, betaRate, minBeta, maxBeta, m);
    }

    /** Whether the proposal is MALA (one leapfrog step). */
    public boolean isMala() {
        return leapfrogSteps == 1;
    }

    /** A short label: gradMALA-D, gradHMC-LT, dsMALA, dsHMC. */
    public String label() {
        String p = isMala() ? "MALA" : "HMC";
        if (adaptation == Adaptation.DUAL_AVERAGING) {
            return "ds" + p;
        }
        return "grad" + p + (kind == Preconditioner.Kind.DIAGONAL ? "-D" : "-LT");
    }
}
