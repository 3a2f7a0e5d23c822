package org.leapfrog.samplers.diagnostics;

/**
 * The effective-sample-size estimators of the learned-sampler papers, kept separate from {@link Convergence}
 * because they use the target's known moments and a fixed 0.05 cut-off rather than Geyer's sequences.
 *
 * <p>Both compute an autocorrelation spectrum rho_tau for tau = 0..T-2 (T steps) as the average over start
 * times and chains of products of centred draws, then ESS per MH step = 1 / (1 + 2 sum_{tau >= 1} rho_tau
 * [rho_tau > 0.05]): lags whose autocorrelation is at most 0.05 are dropped one by one, not truncated, as in
 * the L2HMC release ({@code acl_spectrum}, {@code ESS}). Multiply by the number of steps for an ESS.
 */
public final class PaperEss {
    /** Lags with autocorrelation at or below this are dropped. */
    public static final double CUTOFF = 0.05;

    private PaperEss() {}

    /**
     * L2HMC (Levy, Hoffman, Sohl-Dickstein 2018): rho_tau = (1/(T - tau)) sum_t (1/N) sum_c sum_d
     * (x_{t,c,d} - mu_d)(x_{t+tau,c,d} - mu_d) / trace(Sigma), using the target's true mean mu and the trace
     * of its true covariance. Returns ESS per MH step.
     */
    public static double l2hmc(StepSamples samples, double[] trueMean, double covarianceTrace) {
        checkMean(samples, trueMean);
        if (!(covarianceTrace > 0) || Double.isInfinite(covarianceTrace)) {
            throw new IllegalArgumentException("covarianceTrace = " + covarianceTrace + "; must be finite and > 0");
        }
        return essFromSpectrum(l2hmcSpectrum(samples, trueMean, covarianceTrace));
    }

    /** The autocorrelation spectrum rho_0..rho_{T-2} of {@link #l2hmc}. */
    public static double[] l2hmcSpectrum(StepSamples samples, double[] trueMean, double covarianceTrace) {
        checkMean(samples, trueMean);
        int steps = samples.steps();
        int chains = samples.chains();
        int stride = chains * samples.dimension();
        double[] sums = new double[steps];
        LagProducts lag = new LagProducts();
        for (int d = 0; d < samples.dimension(); d++) {
            for (int c = 0; c < chains; c++) {
                lag.accumulate(samples.values(), d * chains + c, stride, steps, trueMean[d], 1.0, sums);
            }
        }
        double[] rho = new double[Math.max(steps - 1, 0)];
        for (int tau = 0; tau < rho.length; tau++) {
            rho[tau] = sums[tau] / chains / (steps - tau) / covarianceTrace;
        }
        return rho;
    }

    /**
     * Per-dimension known-moment estimator (used for the logistic-regression comparisons of Li et al. 2021):
     * for each coordinate d, rho_tau = (1/(T - tau)) sum_t (1/N) sum_c (x_{t,c,d} - mu_d)(x_{t+tau,c,d} - mu_d)
     * / sigma_d^2 with reference mean mu_d and variance sigma_d^2 (e.g. from a long reference run); returns
     * ESS per MH step for every coordinate. Li et al. sample 2000 steps and use the last 1000
     * ({@link StepSamples#fromStep}); they report ESS per 5000 steps as 5000 times this value.
     */
    public static double[] knownMomentPerDimension(StepSamples samples, double[] referenceMean,
                                                   double[] referenceVariance) {
        checkMean(samples, referenceMean);
        if (referenceVariance == null || referenceVariance.length != samples.dimension()) {
            throw new IllegalArgumentException("referenceVariance has length "
                    + (referenceVariance == null ? "null" : referenceVariance.length) + "; must be dimension = "
                    + samples.dimension());
        }
        int steps = samples.steps();
        int chains = samples.chains();
        int stride = chains * samples.dimension();
        LagProducts lag = new LagProducts();
        double[] sums = new double[steps];
        double[] rho = new double[Math.max(steps - 1, 0)];
        double[] ess = new double[samples.dimension()];
        for (int d = 0; d < samples.dimension(); d++) {
            double var = referenceVariance[d];
            if (!(var > 0) || Double.isInfinite(var)) {
                throw new IllegalArgumentException("referenceVariance[" + d + "] = " + var
                        + "; must be finite and > 0");
            }
            java.util.Arrays.fill(sums, 0.0);
            for (int c = 0; c < chains; c++) {
                lag.accumulate(samples.values(), d * chains + c, stride, steps, referenceMean[d], 1.0, sums);
            }
            for (int tau = 0; tau < rho.length; tau++) {
                rho[tau] = sums[tau] / chains / (steps - tau) / var;
            }
            ess[d] = essFromSpectrum(rho);
        }
        return ess;
    }

    /** 1 / (1 + 2 sum_{tau >= 1} rho_tau [rho_tau > 0.05]). */
    public static double essFromSpectrum(double[] rho) {
        double sum = 0;
        for (int tau = 1; tau < rho.length; tau++) {
            if (rho[tau] > CUTOFF) {
                sum += rho[tau];
            }
        }
        return 1.0 / (1.0 + 2.0 * sum);
    }

    private static void checkMean(StepSamples samples, double[] mean) {
        if (samples == null) {
            throw new IllegalArgumentException("samples is null");
        }
        if (mean == null || mean.length != samples.dimension()) {
            throw new IllegalArgumentException("mean has length " + (mean == null ? "null" : mean.length)
                    + "; must be dimension = " + samples.dimension());
        }
    }
}
