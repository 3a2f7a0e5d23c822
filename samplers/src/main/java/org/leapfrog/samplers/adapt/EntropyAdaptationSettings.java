package org.leapfrog.samplers.adapt;

/**
 * Settings of entropy-based gradient adaptation.
 *
 * @param iterations          adaptation iterations (one gradient step and one MH move per chain each)
 * @param numIntegrationSteps leapfrog steps L (1: MALA)
 * @param kind                diagonal or lower-triangular C
 * @param targetAcceptance    beta is steered so the mean acceptance approaches this (MALA 0.55, HMC 0.65)
 * @param learningRate        Adam learning rate on the unconstrained parameters
 * @param initialStepSize     h at the start (C starts at the identity)
 * @param initialBeta         beta at the start
 * @param betaRate            beta *= 1 + betaRate * (meanAcceptance - target) after each iteration
 * @param minBeta             beta's lower clip
 * @param maxBeta             beta's upper clip
 * @param hessianChains       chains whose Hessian enters the HMC entropy correction (L > 1)
 */
public record EntropyAdaptationSettings(int iterations, int numIntegrationSteps, Preconditioner.Kind kind,
                                        double targetAcceptance, double learningRate, double initialStepSize,
                                        double initialBeta, double betaRate, double minBeta, double maxBeta,
                                        int hessianChains) {
    public EntropyAdaptationSettings {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations: " + iterations + "; allowed: 1 or more");
        }
        if (numIntegrationSteps < 1) {
            throw new IllegalArgumentException("numIntegrationSteps: " + numIntegrationSteps + "; allowed: 1 or more");
        }
        checkSpeedMeasure(kind, targetAcceptance, learningRate, initialStepSize, initialBeta, betaRate, minBeta, maxBeta,
                hessianChains);
    }

    /**
     * The checks of the speed-measure constants shared with other users of the objective (the MCMC-coupled VAE's
     * settings): each bad value is refused with its name, the value and what is allowed.
     */
    public static void checkSpeedMeasure(Preconditioner.Kind kind, double targetAcceptance, double learningRate,
                                         double initialStepSize, double initialBeta, double betaRate, double minBeta,
                                         double maxBeta, int hessianChains) {
        if (kind == null) {
            throw new IllegalArgumentException("kind: null; allowed: DIAGONAL or LOWER_TRIANGULAR");
        }
        if (!(targetAcceptance > 0 && targetAcceptance < 1)) {
            throw new IllegalArgumentException("targetAcceptance: " + targetAcceptance + "; allowed: in (0, 1)");
        }
        positive("learningRate", learningRate);
        positive("initialStepSize", initialStepSize);
        positive("initialBeta", initialBeta);
        positive("betaRate", betaRate);
        positive("minBeta", minBeta);
        if (!(maxBeta >= minBeta) || !Double.isFinite(maxBeta)) {
            throw new IllegalArgumentException("maxBeta: " + maxBeta + "; allowed: finite and >= minBeta " + minBeta);
        }
        if (!(initialBeta >= minBeta && initialBeta <= maxBeta)) {
            throw new IllegalArgumentException("initialBeta: " + initialBeta + "; allowed: in [minBeta, maxBeta] = ["
                    + minBeta + ", " + maxBeta + "]");
        }
        if (hessianChains < 1) {
            throw new IllegalArgumentException("hessianChains: " + hessianChains + "; allowed: 1 or more");
        }
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + ": " + v + "; allowed: finite and > 0");
        }
    }

    /** MALA defaults: target acceptance 0.55. */
    public static EntropyAdaptationSettings mala(int iterations, Preconditioner.Kind kind) {
        return new EntropyAdaptationSettings(iterations, 1, kind, 0.55, 0.01, 0.1, 1.0, 0.02, 1e-4, 1e2, 4);
    }

    /** HMC defaults: target acceptance 0.65. */
    public static EntropyAdaptationSettings hmc(int iterations, int steps, Preconditioner.Kind kind) {
        return new EntropyAdaptationSettings(iterations, steps, kind, 0.65, 0.01, 0.1, 1.0, 0.02, 1e-4, 1e2, 4);
    }

    public EntropyAdaptationSettings withLearningRate(double lr) {
        return new EntropyAdaptationSettings(iterations, numIntegrationSteps, kind, targetAcceptance, lr,
                initialStepSize, initialBeta, betaRate, minBeta, maxBeta, hessianChains);
    }

    public EntropyAdaptationSettings withInitialStepSize(double h) {
        return new EntropyAdaptationSettings(iterations, numIntegrationSteps, kind, targetAcceptance, learningRate, h,
                initialBeta, betaRate, minBeta, maxBeta, hessianChains);
    }
}
