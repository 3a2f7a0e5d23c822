package org.leapfrog.vae.hvae;

/**
 * The shape and initial values of a {@link HamiltonianFlow}.
 *
 * @param steps           K, the number of leapfrog-and-tempering steps (0: no flow, the plain VAE)
 * @param tempering       how momenta are scaled after each step
 * @param stepSizes       shared or per-step step sizes
 * @param maxStepSize     xi: every step size is xi * sigmoid(logit), in (0, xi) (the paper's constraint)
 * @param initialStepSize the step sizes' starting value, in (0, xi)
 * @param initialBeta0    the starting initial inverse temperature in (0, 1) (FIXED and FREE; free tempering
 *                        starts with equal alphas whose squares multiply to it); ignored for NONE
 */
public record FlowSettings(int steps, TemperingMode tempering, StepSizeMode stepSizes, double maxStepSize,
                           double initialStepSize, double initialBeta0) {
    public FlowSettings {
        if (steps < 0) {
            throw new IllegalArgumentException("steps (K): " + steps + "; allowed: 0 or more");
        }
        if (tempering == null) {
            throw new IllegalArgumentException("tempering: null; allowed: NONE, FIXED or FREE");
        }
        if (stepSizes == null) {
            throw new IllegalArgumentException("stepSizes: null; allowed: SHARED or PER_STEP");
        }
        if (!(maxStepSize > 0) || !Double.isFinite(maxStepSize)) {
            throw new IllegalArgumentException("maxStepSize (xi): " + maxStepSize + "; allowed: finite and > 0");
        }
        if (!(initialStepSize > 0 && initialStepSize < maxStepSize)) {
            throw new IllegalArgumentException("initialStepSize: " + initialStepSize + "; allowed: 0 < eps < xi = "
                    + maxStepSize);
        }
        if (tempering != TemperingMode.NONE && !(initialBeta0 > 0 && initialBeta0 < 1)) {
            throw new IllegalArgumentException("initialBeta0: " + initialBeta0 + "; allowed: 0 < beta0 < 1");
        }
    }

    /** xi of both of the paper's experiments (its code's {@code max_lf}): step sizes stay in (0, 0.5). */
    public static final double PAPER_MAX_STEP_SIZE = 0.5;

    /**
     * The MNIST experiment's start (the paper's released MNIST code): xi = 0.5, eps = 0.2; free tempering starts
     * every alpha_k at 0.9 (beta0 = 0.81^K), fixed tempering at T0 = 1.5. A start near eps = 0 (the Gaussian
     * experiment's) leaves the flow nearly the identity on MNIST, and training then shrinks eps further.
     */
    public static FlowSettings mnist(int steps, TemperingMode tempering, StepSizeMode stepSizes) {
        return new FlowSettings(steps, tempering, stepSizes, PAPER_MAX_STEP_SIZE, 0.2, mnistBeta0(steps, tempering));
    }

    /** The MNIST code's initial inverse temperature for K steps: 0.81^K (free), 1/1.5 (fixed and none). */
    public static double mnistBeta0(int steps, TemperingMode tempering) {
        return tempering == TemperingMode.FREE ? Math.pow(0.81, Math.max(1, steps)) : 1.0 / 1.5;
    }

    /** The Gaussian experiment's start (the paper's code): xi = 0.5, eps = 0.005, beta0 = 1/25 (T0 = 5). */
    public static FlowSettings gaussianExperiment(int steps, TemperingMode tempering) {
        return new FlowSettings(steps, tempering, StepSizeMode.SHARED, PAPER_MAX_STEP_SIZE, 0.005, 1.0 / 25.0);
    }
}
