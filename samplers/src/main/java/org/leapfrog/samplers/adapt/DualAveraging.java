package org.leapfrog.samplers.adapt;

import java.util.Arrays;

/**
 * Nesterov dual averaging of log step size (Hoffman and Gelman 2014, as in Stan), for several independent slots
 * at once (one per chain, or a single slot for a step size shared by the batch). Each update moves the step
 * size so that the running average of the acceptance statistic approaches {@code targetAcceptance}.
 */
public final class DualAveraging {
    private final double delta;
    private final double gamma;
    private final double kappa;
    private final double t0;
    private final double[] mu;
    private final double[] sBar;
    private final double[] xBar;
    private final double[] stepSize;
    private int counter;

    /**
     * @param slots            independent step sizes tuned
     * @param targetAcceptance delta, in (0, 1)
     * @param gamma            adaptation regularisation scale, > 0
     * @param kappa            adaptation relaxation exponent, in (0.5, 1]
     * @param t0               adaptation iteration offset, >= 0
     */
    public DualAveraging(int slots, double targetAcceptance, double gamma, double kappa, double t0) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots: " + slots + "; allowed: 1 or more");
        }
        if (!(targetAcceptance > 0 && targetAcceptance < 1)) {
            throw new IllegalArgumentException("targetAcceptance: " + targetAcceptance + "; allowed: 0 < delta < 1");
        }
        if (!(gamma > 0) || !Double.isFinite(gamma)) {
            throw new IllegalArgumentException("gamma: " + gamma + "; allowed: finite and > 0");
        }
        if (!(kappa > 0.5 && kappa <= 1)) {
            throw new IllegalArgumentException("kappa: " + kappa + "; allowed: 0.5 < kappa <= 1");
        }
        if (!(t0 >= 0) || !Double.isFinite(t0)) {
            throw new IllegalArgumentException("t0: " + t0 + "; allowed: finite and >= 0");
        }
        this.delta = targetAcceptance;
        this.gamma = gamma;
        this.kappa = kappa;
        this.t0 = t0;
        this.mu = new double[slots];
        this.sBar = new double[slots];
        this.xBar = new double[slots];
        this.stepSize = new double[slots];
    }

    /** Starts over from these step sizes: the shrinkage point becomes log(10 * stepSize), as in Stan. */
    public void restart(double[] initialStepSize) {
        if (initialStepSize.length != mu.length) {
            throw new IllegalArgumentException("initialStepSize: length " + initialStepSize.length + "; allowed: "
                    + mu.length + " (one per slot)");
        }
        counter = 0;
        Arrays.fill(sBar, 0.0);
        Arrays.fill(xBar, 0.0);
        for (int i = 0; i < mu.length; i++) {
            mu[i] = Math.log(10 * initialStepSize[i]);
            stepSize[i] = initialStepSize[i];
        }
    }

    /** One update from each slot's acceptance statistic (capped at 1; NaN counts as 0). */
    public void update(double[] acceptance) {
        counter++;
        double eta = 1.0 / (counter + t0);
        double xEta = Math.pow(counter, -kappa);
        double sqrtT = Math.sqrt(counter);
        for (int i = 0; i < mu.length; i++) {
            double a = acceptance[i];
            a = a > 1 ? 1 : (a >= 0 ? a : 0);
            sBar[i] = (1 - eta) * sBar[i] + eta * (delta - a);
            double x = mu[i] - sBar[i] * sqrtT / gamma;
            xBar[i] = (1 - xEta) * xBar[i] + xEta * x;
            stepSize[i] = Math.exp(x);
        }
    }

    /** The step sizes to use next (the current iterate). */
    public double[] stepSize() {
        return stepSize;
    }

    /** The averaged step sizes exp(xBar): the values to freeze at the end of adaptation. */
    public double[] finalStepSize() {
        double[] out = new double[mu.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = counter == 0 ? stepSize[i] : Math.exp(xBar[i]);
        }
        return out;
    }
    /**
     * The adaptation's state for a checkpoint: {@code [counter, then per slot mu, sBar, xBar, stepSize]}
     * (restore with {@link #restoreState}, after which updates continue exactly as uninterrupted).
     */
    public double[] state() {
        int s = mu.length;
        double[] out = new double[1 + 4 * s];
        out[0] = counter;
        for (int i = 0; i < s; i++) {
            out[1 + i] = mu[i];
            out[1 + s + i] = sBar[i];
            out[1 + 2 * s + i] = xBar[i];
            out[1 + 3 * s + i] = stepSize[i];
        }
        return out;
    }

    /** Restores a {@link #state()} of an instance with as many slots. */
    public void restoreState(double[] state) {
        int s = mu.length;
        if (state.length != 1 + 4 * s) {
            throw new IllegalArgumentException("state: length " + state.length + "; allowed: " + (1 + 4 * s)
                    + " (the state() of a dual averaging with " + s + " slots)");
        }
        counter = (int) state[0];
        for (int i = 0; i < s; i++) {
            mu[i] = state[1 + i];
            sBar[i] = state[1 + s + i];
            xBar[i] = state[1 + 2 * s + i];
            stepSize[i] = state[1 + 3 * s + i];
        }
    }
}
